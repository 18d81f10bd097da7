/**
 * The population register's SOAP messages (test/standins/population/server.ts describes the
 * shape and where it comes from): the request we send and the reading of its answer into the
 * fields a counter form takes. Pure.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { DomainError } from '../../platform/errors.ts';
import type { PopulationPrefill } from './schema.ts';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const builder = new XMLBuilder({ ignoreAttributes: false, format: false });
// Tag values stay strings: a personal id's leading zeros are not a number's.
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });

export function populationRequest(input: { personalId: string; requestId: string; unitCode: string }): Uint8Array {
  const xml = builder.build({
    'soap:Envelope': {
      '@_xmlns:soap': SOAP_NS,
      'soap:Body': {
        TraCuuThongTinCongDan: { MaYeuCau: input.requestId, MaDonVi: input.unitCode, SoDinhDanh: input.personalId },
      },
    },
  });
  return new TextEncoder().encode(`<?xml version="1.0" encoding="utf-8"?>${xml}`);
}

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function addressText(v: unknown): string {
  const a = node(v);
  return str(a.ChiTiet);
}

function relative(v: unknown): { fullName: string; personalId: string } | undefined {
  const r = node(v);
  const fullName = str(r.HoVaTen);
  return fullName ? { fullName, personalId: str(r.SoDinhDanh) } : undefined;
}

/** yyyyMMdd → ISO yyyy-MM-dd, as the e-forms keep dates. */
const dateOf = (v: string) => (/^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : '');

/** The citizen in the answer, or undefined when the register does not know the id. */
export function readPopulationAnswer(xml: string): PopulationPrefill | undefined {
  let doc: Node;
  try {
    doc = node(parser.parse(xml));
  } catch {
    throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID');
  }
  const body = node(node(doc.Envelope).Body);
  if (!('CongdanCollection' in body)) throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID');
  const c = node(node(body.CongdanCollection).CongDan);
  const personalId = str(c.SoDinhDanh);
  if (!personalId) return undefined;
  const name = node(c.HoVaTen);
  const fullName = [str(name.Ho), str(name.ChuDem), str(name.Ten)].filter(Boolean).join(' ');
  const head = node(c.ChuHo);
  const father = relative(c.Cha);
  const mother = relative(c.Me);
  const spouse = relative(c.VoChong);
  const householdHead = relative(c.ChuHo);
  return {
    fullName,
    personalId,
    birthDate: dateOf(str(node(c.NgayThangNamSinh).NgayThangNam)),
    gender: str(c.GioiTinh),
    ethnicity: str(c.DanToc),
    nationality: str(c.QuocTich),
    permanentAddress: addressText(c.ThuongTru),
    currentAddress: addressText(c.NoiOHienTai),
    ...(father ? { father } : {}),
    ...(mother ? { mother } : {}),
    ...(spouse ? { spouse } : {}),
    ...(householdHead ? { householdHead: { ...householdHead, relation: str(head.QuanHe) } } : {}),
  };
}
