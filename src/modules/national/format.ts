/**
 * Our dossier in the national portal's sync format (DOMAIN.md §2.1, payments-sync-sso.md §3.1):
 * the `HoSo` of `DongBoHoSoMC` and the `QuaTrinhXuLy` entries of `CapNhatTienDoHoSoMC`. Pure:
 * the caller hands the dossier's view as it was at the change, the procedure and the links.
 *
 * Statuses are the true national codes of our state (§1.2): never T1's rewrite of 5/6/8 to 9.
 * Codes whose national list was not found are marked [I] in docs/integrations.md.
 */

import { vi } from '../../web/i18n/vi.ts';
import { type DossierState, type DossierView, nationalStatusCode } from '../dossiers/index.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving) [V: O1 convertDate2String]. */
export function nationalDateTime(at: Date | string | null | undefined): string {
  if (at === null || at === undefined) return '';
  const d = new Date(new Date(at).getTime() + 7 * 3_600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** The instant a `yyyyMMddHHmmss` string names (Asia/Ho_Chi_Minh), or null when it is not one. */
export function parseNationalDateTime(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h - 7, mi, s);
  const check = new Date(utc + 7 * 3_600_000);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(utc);
}

/** KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích (DOMAIN.md §2.1). */
const channelCodes: Record<string, number> = { counter: 1, online: 2, post: 3 };
/** LoaiDoiTuong: 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức/khác. */
const applicantCodes: Record<string, number> = { citizen: 1, business: 2, agency: 3, other: 4 };

export interface ProcedureFacts {
  nationalCode: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  fees: ReadonlyArray<{ name: string; amount: number; collect: 'before' | 'after' }>;
}

export interface HoSoLinks {
  /** The code the portal knows the dossier by: its own for a dossier filed there, else ours. */
  maHoSo: string;
  competentAgencyName: string;
  receivingAgencyCode: string;
  /** A signed public download URL of an attachment (DuongDanTaiTepTin, DuongDanTepTinKetQua). */
  fileUrl(attachmentId: string): string;
  /** DuocThanhToanTrucTuyen from the payments module: 1 the national platform, 2 VNPay, 0 not online. */
  onlinePayment: 0 | 1 | 2;
}

type Timeline = DossierView['timeline'];

const status = (state: string): string => String(nationalStatusCode(state as DossierState) ?? '');
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The fees asked for (request_payment items), else the procedure's published fees. */
function feesOf(timeline: Timeline, procedure: ProcedureFacts) {
  const asked = [...timeline].reverse().find((e) => e.type === 'request_payment')?.payload as
    | { items?: Array<{ name: string; amount: number }> }
    | undefined;
  const items = asked?.items ?? procedure.fees.map((f) => ({ name: f.name, amount: f.amount }));
  return items.map((item, i) => ({
    TenPhiLePhi: item.name,
    MaPhiLePhi: `${procedure.nationalCode}-${i + 1}`,
    // [I] 1 = collected on filing, 2 = on delivery of the result (our catalog's `collect`).
    HinhThucThu: procedure.fees[i]?.collect === 'after' ? 2 : 1,
    Gia: item.amount,
    // [I] 1 = lệ phí (the usual case of a TTHC fee); the catalog does not tell phí from lệ phí.
    LoaiPhiLePhi: 1,
  }));
}

function supplementsOf(timeline: Timeline) {
  return timeline
    .filter((e) => e.type === 'request_supplement')
    .map((e) => {
      const p = (e.payload ?? {}) as { missingPapers?: Array<{ name: string; reason: string }>; note?: string };
      const answered = timeline.find((later) => later.seq > e.seq && later.type === 'supplement');
      return {
        HoSoBoSungId: String(e.seq),
        NguoiYeuCauBoSung: roleName(e.actorRole),
        NoiDungBoSung: [...(p.missingPapers ?? []).map((m) => `${m.name}: ${m.reason}`), p.note ?? '']
          .filter(Boolean)
          .join('; ')
          .slice(0, 2000),
        NgayBoSung: nationalDateTime(e.at),
        NguoiTiepNhanBoSung: answered ? roleName(answered.actorRole) : '',
        ThongTinTiepNhan: '',
        NgayTiepNhanBoSung: nationalDateTime(answered?.at),
        TrangThaiBoSung: answered ? 1 : 0,
        DanhSachGiayToBoSung: [],
        DanhSachLePhiBoSung: [],
        NgayHenTraTruoc: '',
        NgayHenTraMoi: '',
      };
    });
}

const roles: Record<string, string> = {
  receiver: 'Cán bộ tiếp nhận',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  clerk: 'Văn thư',
  admin: 'Quản trị',
  citizen: 'Người nộp hồ sơ',
  system: 'Hệ thống',
};
/** Who acted, by function: the national timeline needs no officer's personal name. */
function roleName(actorRole: string | null): string {
  const first = (actorRole ?? 'system').split(',')[0] ?? 'system';
  return roles[first] ?? 'Cán bộ';
}

/**
 * 1 when the filer's account was verified with VNeID: the session that submitted was signed in
 * through the national identity provider (level 1 or 2; 0 is a password), or the national
 * portal said so of a dossier filed there (filing-rules.ts `filerSignIn`).
 */
function vneidVerified(timeline: Timeline): 0 | 1 {
  const p = (timeline.find((e) => e.type === 'submit')?.payload ?? {}) as {
    assurance?: unknown;
    vneidVerified?: unknown;
  };
  if (p.vneidVerified === true) return 1;
  return typeof p.assurance === 'number' && p.assurance >= 1 ? 1 : 0;
}

/** `HoSo` as `DongBoHoSoMC` takes it, the dossier as `view` shows it at the change. */
export function buildHoSo(view: DossierView, procedure: ProcedureFacts, links: HoSoLinks): Record<string, unknown> {
  const applicant = view.applicant;
  const papers = view.attachments.filter((a) => a.kind === 'paper');
  const results = view.attachments.filter((a) => a.kind === 'result' && a.issued);
  const delivered = view.timeline.find((e) => e.type === 'deliver');
  const refused = view.timeline.find((e) => e.type === 'refuse_intake');
  return {
    MaHoSo: links.maHoSo,
    MaTTHC: procedure.nationalCode,
    TenTTHC: procedure.name,
    MaLinhVuc: procedure.fieldCode,
    TenLinhVuc: procedure.fieldName,
    KenhThucHien: channelCodes[view.channel] ?? 1,
    ChuHoSo: applicant?.fullName ?? '',
    SoGiayToChuHoSo: applicant?.personalId ?? '',
    LoaiDoiTuong: applicantCodes[applicant?.type ?? 'other'] ?? 4,
    MaDoiTuong: applicant?.personalId ?? '',
    ThongTinKhac: '',
    Email: applicant?.email ?? '',
    Fax: '',
    SoDienThoai: applicant?.phone ?? '',
    TrichYeuHoSo: `${procedure.name} - ${applicant?.fullName ?? ''}`.slice(0, 1000),
    NgayTiepNhan: nationalDateTime(view.receivedAt ?? view.submittedAt),
    NgayHenTra: nationalDateTime(view.dueAt),
    TrangThaiHoSo: status(view.state),
    NgayTra: nationalDateTime(view.deliveredAt),
    ThongTinTra: str((delivered?.payload as { trackingNumber?: unknown } | undefined)?.trackingNumber),
    // [I] how the result is handed over: 1 at the counter, 2 by post, 3 electronically.
    HinhThuc: delivered ? ({ counter: 1, post: 2, electronic: 3 }[str(delivered.payload?.channel)] ?? 1) : 0,
    NgayKetThucXuLy: nationalDateTime(view.finishedAt),
    DonViXuLy: links.competentAgencyName,
    GhiChu: '',
    NoiNopHoSo: links.receivingAgencyCode,
    HoSoCoThanhPhanSoHoa: papers.length > 0 ? 1 : 0,
    TaiKhoanDuocXacThucVoiVNeID: vneidVerified(view.timeline),
    DuocThanhToanTrucTuyen: links.onlinePayment,
    NgayTuChoi: nationalDateTime(refused?.at),
    NgayNopHoSo: nationalDateTime(view.submittedAt),
    TaiLieuNop: papers.map((a) => ({
      TepDinhKemId: a.id,
      TenTepDinhKem: a.fileName,
      IsDeleted: false,
      MaThanhPhanHoSo: a.paperName ?? '',
      DuongDanTaiTepTin: links.fileUrl(a.id),
      DuocSoHoa: 1,
      DuocTaiSuDung: 0,
      DuocLayTuKhoDMQG: 0,
      MaKetQuaThayThe: '',
    })),
    DanhSachLePhi: feesOf(view.timeline, procedure),
    DanhSachTepDinhKemKhac: [],
    DanhSachHoSoBoSung: supplementsOf(view.timeline),
    DanhSachGiayToKetQua: results.map((a) => ({
      TenGiayTo: a.fileName,
      GiayToId: a.id,
      DuongDanTepTinKetQua: links.fileUrl(a.id),
    })),
  };
}

/** One `QuaTrinhXuLy` entry: the action numbered `seq` of the dossier. */
export function buildTimelineEntry(view: DossierView, seq: number, maHoSo: string): Record<string, unknown> | null {
  const e = view.timeline.find((t) => t.seq === seq);
  if (!e) return null;
  const step = view.steps.find((s) => s.completedAt === e.at) ?? null;
  return {
    MaHoSo: maHoSo,
    NguoiXuLy: roleName(e.actorRole),
    ChucDanh: roleName(e.actorRole),
    ThoiDiemXuLy: nationalDateTime(e.at),
    PhongBanXuLy: step?.name ?? '',
    NoiDungXuLy: vi.actionLabel(e.type),
    TrangThai: status(e.toState),
    NgayBatDau: nationalDateTime(e.at),
    NgayKetThucTheoQuyDinh: nationalDateTime(step?.dueAt ?? view.dueAt),
  };
}
