/**
 * Stand-in of the national business registration database (CSDL quốc gia về đăng ký doanh
 * nghiệp) behind the LGSP: a JSON service, `GET /doanh-nghiep/{MaSoDoanhNghiep}` answering the
 * enterprise's name, legal status, founding date, head-office address and legal representative.
 * Field names are our reading of provincial integrations (DOMAIN.md §9, [M]): the provider's
 * published specification was not available. Unknown numbers answer 404 with `error_code`.
 */
import { type ProviderOptions, type ProviderStandIn, startProvider } from '../population/provider.ts';

export interface Enterprise {
  taxCode: string;
  name: string;
  kind: string;
  status: string;
  foundedOn: string;
  headOffice: string;
  representative: { fullName: string; title: string };
}

export async function startBusinessRegistryStandIn(
  enterprises: readonly Enterprise[],
  options: ProviderOptions,
): Promise<ProviderStandIn> {
  const byCode = new Map(enterprises.map((e) => [e.taxCode, e]));
  return startProvider(options, (req, _body, res) => {
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    const code = /^\/doanh-nghiep\/(\d{10}(?:-\d{3})?)$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'GET' || !code) return json(400, { error_code: 'BAD_REQUEST', message: 'Mã số không hợp lệ' });
    const e = byCode.get(code);
    if (!e) return json(404, { error_code: 'NOT_FOUND', message: 'Không tìm thấy doanh nghiệp' });
    return json(200, {
      MaSoDoanhNghiep: e.taxCode,
      TenDoanhNghiep: e.name,
      LoaiHinh: e.kind,
      TinhTrangPhapLy: e.status,
      NgayThanhLap: e.foundedOn,
      DiaChiTruSo: e.headOffice,
      NguoiDaiDien: { HoTen: e.representative.fullName, ChucDanh: e.representative.title },
    });
  });
}
