/**
 * Stand-in of the land information system (VBDLIS/ILIS, DOMAIN.md §9) behind the LGSP: a JSON
 * service, `GET /thua-dat?maXa=&soTo=&soThua=` answering the parcel's area, land use, address,
 * land users and certificate number. Field names are our reading of provincial integrations
 * ([M]); the provider's specification was not available. Started with `tls` it demands a client
 * certificate (mutual TLS), as land offices commonly do.
 */
import { type ProviderOptions, type ProviderStandIn, startProvider } from '../population/provider.ts';

export interface Parcel {
  communeCode: string;
  sheet: string;
  parcel: string;
  areaM2: number;
  landUse: string;
  address: string;
  users: { fullName: string; personalId: string }[];
  certificateNo: string;
}

export async function startLandStandIn(parcels: readonly Parcel[], options: ProviderOptions): Promise<ProviderStandIn> {
  return startProvider(options, (req, _body, res) => {
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    const url = new URL(req.url ?? '/', 'http://x');
    const [commune, sheet, number] = ['maXa', 'soTo', 'soThua'].map((k) => url.searchParams.get(k) ?? '');
    if (req.method !== 'GET' || url.pathname !== '/thua-dat' || !commune || !sheet || !number) {
      return json(400, { error_code: 'BAD_REQUEST', message: 'Thiếu mã xã, số tờ hoặc số thửa' });
    }
    const p = parcels.find((x) => x.communeCode === commune && x.sheet === sheet && x.parcel === number);
    if (!p) return json(404, { error_code: 'NOT_FOUND', message: 'Không tìm thấy thửa đất' });
    return json(200, {
      MaXa: p.communeCode,
      SoToBanDo: p.sheet,
      SoThuaDat: p.parcel,
      DienTich: p.areaM2,
      MucDichSuDung: p.landUse,
      DiaChi: p.address,
      ChuSuDung: p.users.map((u) => ({ HoTen: u.fullName, SoGiayTo: u.personalId })),
      SoPhatHanhGCN: p.certificateNo,
    });
  });
}
