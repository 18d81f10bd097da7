/**
 * Stand-in of the national population database (CSDL quốc gia về dân cư) as a province reaches
 * it through its LGSP: a SOAP 1.1 service. The request `TraCuuThongTinCongDan` carries the
 * personal id (SoDinhDanh), a request id and the asking unit; the answer is
 * `Envelope/Body/CongdanCollection/CongDan` with the citizen's name parts, birth date, gender,
 * ethnicity, nationality, addresses (ThuongTru, NoiOHienTai, QueQuan) and family (Cha, Me,
 * VoChong, ChuHo). The answer's element names follow the type a provincial one-stop system
 * (Thanh Hóa, DOMAIN.md source S1) declares for it — our reading of its integration, not the
 * Ministry of Public Security's specification, which is not public. An unknown id answers an
 * empty collection; a malformed request a soap:Fault.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { type ProviderOptions, type ProviderStandIn, startProvider } from './provider.ts';

interface Relative {
  fullName: string;
  personalId: string;
}

export interface Citizen {
  personalId: string;
  family: string;
  middle: string;
  given: string;
  /** yyyyMMdd */
  birthDate: string;
  gender: 'Nam' | 'Nữ';
  ethnicity: string;
  permanentAddress: { provinceCode: string; communeCode: string; detail: string };
  currentAddress: { provinceCode: string; communeCode: string; detail: string };
  father?: Relative;
  mother?: Relative;
  spouse?: Relative;
  householdHead?: Relative & { relation: string };
}

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });
const builder = new XMLBuilder({ ignoreAttributes: false, format: false, suppressEmptyNode: false });

const address = (a: Citizen['permanentAddress']) => ({
  MaTinhThanh: a.provinceCode,
  MaPhuongXa: a.communeCode,
  ChiTiet: a.detail,
  QuocGia: 'VN',
});
const relative = (r: Relative | undefined) =>
  r ? { HoVaTen: r.fullName, SoDinhDanh: r.personalId, QuocTich: 'VN' } : undefined;

function congDan(c: Citizen) {
  return {
    SoDinhDanh: c.personalId,
    HoVaTen: { Ho: c.family, ChuDem: c.middle, Ten: c.given },
    GioiTinh: c.gender,
    DanToc: c.ethnicity,
    QuocTich: 'VN',
    NgayThangNamSinh: { NgayThangNam: c.birthDate, Nam: c.birthDate.slice(0, 4) },
    ThuongTru: address(c.permanentAddress),
    NoiOHienTai: address(c.currentAddress),
    ...(c.father ? { Cha: relative(c.father) } : {}),
    ...(c.mother ? { Me: relative(c.mother) } : {}),
    ...(c.spouse ? { VoChong: relative(c.spouse) } : {}),
    ...(c.householdHead ? { ChuHo: { ...relative(c.householdHead), QuanHe: c.householdHead.relation } } : {}),
  };
}

const envelope = (body: unknown) =>
  `<?xml version="1.0" encoding="utf-8"?>${builder.build({
    'soap:Envelope': { '@_xmlns:soap': SOAP_NS, 'soap:Body': body },
  })}`;

export interface PopulationStandIn extends ProviderStandIn {
  /** Personal ids asked for, in order. */
  readonly asked: string[];
}

export async function startPopulationStandIn(
  citizens: readonly Citizen[],
  options: ProviderOptions,
): Promise<PopulationStandIn> {
  const byId = new Map(citizens.map((c) => [c.personalId, c]));
  const asked: string[] = [];
  const provider = await startProvider(options, (req, body, res) => {
    const send = (status: number, xml: string) =>
      res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' }).end(xml);
    let id: unknown;
    try {
      id = parser.parse(body.toString('utf8'))?.Envelope?.Body?.TraCuuThongTinCongDan?.SoDinhDanh;
    } catch {
      id = undefined;
    }
    if (req.method !== 'POST' || typeof id !== 'string' || !/^\d{12}$/.test(id)) {
      send(500, envelope({ 'soap:Fault': { faultcode: 'soap:Client', faultstring: 'Yêu cầu không hợp lệ' } }));
      return;
    }
    asked.push(id);
    const found = byId.get(id);
    send(200, envelope({ CongdanCollection: found ? { CongDan: congDan(found) } : '' }));
  });
  return Object.assign(provider, { asked });
}
