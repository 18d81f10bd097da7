/**
 * The stand-in's field-by-field check of what a province sends to the national portal's adapter
 * (DOMAIN.md §2.1, payments-sync-sso.md §3.1): the exact field set of `HoSo` and of each list
 * entry, each field's JSON type, `yyyyMMddHHmmss` dates that name a real instant, the code lists
 * (KenhThucHien, LoaiDoiTuong, DuocThanhToanTrucTuyen, the 0/1 flags, the status codes 1–10 of
 * §1.2) and the dates a status implies. Returns every problem, `Field: what is wrong`.
 */

type Rule = (value: unknown, path: string, problems: string[]) => void;

const isDate = (s: string) => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as number[];
  const t = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, se ?? 0));
  return t.getUTCDate() === d && t.getUTCMonth() === (mo ?? 1) - 1 && (h ?? 0) < 24 && (mi ?? 0) < 60 && (se ?? 0) < 60;
};

const text =
  (options: { required?: boolean; max?: number; pattern?: RegExp } = {}): Rule =>
  (v, path, problems) => {
    if (typeof v !== 'string') return void problems.push(`${path}: must be a string, got ${typeof v}`);
    if (options.required && v.trim() === '') return void problems.push(`${path}: must not be empty`);
    if (options.max && v.length > options.max) problems.push(`${path}: longer than ${options.max}`);
    if (options.pattern && v !== '' && !options.pattern.test(v)) problems.push(`${path}: bad format "${v}"`);
  };
const date =
  (required: boolean): Rule =>
  (v, path, problems) => {
    if (typeof v !== 'string') return void problems.push(`${path}: must be a yyyyMMddHHmmss string`);
    if (v === '' && !required) return;
    if (!isDate(v)) problems.push(`${path}: not a yyyyMMddHHmmss date: "${v}"`);
  };
const oneOf =
  (...values: number[]): Rule =>
  (v, path, problems) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return void problems.push(`${path}: must be an integer`);
    if (!values.includes(v)) problems.push(`${path}: ${v} is not one of ${values.join(', ')}`);
  };
const whole: Rule = (v, path, problems) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) problems.push(`${path}: must be a whole number ≥ 0`);
};
const bool: Rule = (v, path, problems) => {
  if (typeof v !== 'boolean') problems.push(`${path}: must be true or false`);
};
const STATUS = /^(?:[1-9]|10)$/;
const status: Rule = text({ required: true, pattern: STATUS });
const url: Rule = text({ required: true, max: 2000, pattern: /^https?:\/\/[^\s]+$/ });

function object(fields: Record<string, Rule>): Rule {
  return (v, path, problems) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return void problems.push(`${path}: must be an object`);
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!(key in fields)) problems.push(`${path}.${key}: unknown field`);
    for (const [key, rule] of Object.entries(fields)) {
      if (!(key in record)) problems.push(`${path}.${key}: missing`);
      else rule(record[key], `${path}.${key}`, problems);
    }
  };
}
const list =
  (item: Rule): Rule =>
  (v, path, problems) => {
    if (!Array.isArray(v)) return void problems.push(`${path}: must be an array`);
    v.forEach((x, i) => {
      item(x, `${path}[${i}]`, problems);
    });
  };

const TaiLieuNop = object({
  TepDinhKemId: text({ required: true, max: 100 }),
  TenTepDinhKem: text({ required: true, max: 255 }),
  IsDeleted: bool,
  MaThanhPhanHoSo: text({ max: 255 }),
  DuongDanTaiTepTin: url,
  DuocSoHoa: oneOf(0, 1),
  DuocTaiSuDung: oneOf(0, 1, 2),
  DuocLayTuKhoDMQG: oneOf(0, 1),
  MaKetQuaThayThe: text({ max: 100 }),
});
const LePhi = object({
  TenPhiLePhi: text({ required: true, max: 500 }),
  MaPhiLePhi: text({ required: true, max: 100 }),
  HinhThucThu: oneOf(1, 2),
  Gia: whole,
  LoaiPhiLePhi: oneOf(1, 2),
});
const BoSung = object({
  HoSoBoSungId: text({ required: true }),
  NguoiYeuCauBoSung: text({ required: true }),
  NoiDungBoSung: text({ required: true, max: 2000 }),
  NgayBoSung: date(true),
  NguoiTiepNhanBoSung: text(),
  ThongTinTiepNhan: text(),
  NgayTiepNhanBoSung: date(false),
  TrangThaiBoSung: oneOf(0, 1),
  DanhSachGiayToBoSung: list(object({})),
  DanhSachLePhiBoSung: list(LePhi),
  NgayHenTraTruoc: date(false),
  NgayHenTraMoi: date(false),
});
const KetQua = object({
  TenGiayTo: text({ required: true, max: 255 }),
  GiayToId: text({ required: true, max: 100 }),
  DuongDanTepTinKetQua: url,
});

const HoSo = object({
  MaHoSo: text({ required: true, max: 100 }),
  MaTTHC: text({ required: true, max: 50, pattern: /^[0-9]\.[0-9]{6}(\.[0-9A-Z.]+)?$/ }),
  TenTTHC: text({ required: true, max: 1000 }),
  MaLinhVuc: text({ required: true, max: 100 }),
  TenLinhVuc: text({ required: true, max: 500 }),
  KenhThucHien: oneOf(1, 2, 3),
  ChuHoSo: text({ required: true, max: 200 }),
  SoGiayToChuHoSo: text({ max: 20 }),
  LoaiDoiTuong: oneOf(1, 2, 3, 4),
  MaDoiTuong: text({ max: 50 }),
  ThongTinKhac: text(),
  Email: text({ max: 200, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ }),
  Fax: text({ max: 20 }),
  SoDienThoai: text({ max: 20, pattern: /^\+?[0-9]{8,15}$/ }),
  TrichYeuHoSo: text({ required: true, max: 1000 }),
  NgayTiepNhan: date(true),
  NgayHenTra: date(false),
  TrangThaiHoSo: status,
  NgayTra: date(false),
  ThongTinTra: text({ max: 500 }),
  HinhThuc: whole,
  NgayKetThucXuLy: date(false),
  DonViXuLy: text({ required: true, max: 500 }),
  GhiChu: text(),
  NoiNopHoSo: text({ max: 100 }),
  HoSoCoThanhPhanSoHoa: oneOf(0, 1),
  TaiKhoanDuocXacThucVoiVNeID: oneOf(0, 1),
  DuocThanhToanTrucTuyen: oneOf(0, 1, 2),
  NgayTuChoi: date(false),
  NgayNopHoSo: date(true),
  TaiLieuNop: list(TaiLieuNop),
  DanhSachLePhi: list(LePhi),
  DanhSachTepDinhKemKhac: list(object({})),
  DanhSachHoSoBoSung: list(BoSung),
  DanhSachGiayToKetQua: list(KetQua),
});

const QuaTrinhXuLy = object({
  MaHoSo: text({ required: true, max: 100 }),
  NguoiXuLy: text({ required: true, max: 200 }),
  ChucDanh: text({ max: 200 }),
  ThoiDiemXuLy: date(true),
  PhongBanXuLy: text({ max: 500 }),
  NoiDungXuLy: text({ required: true, max: 2000 }),
  TrangThai: status,
  NgayBatDau: date(false),
  NgayKetThucTheoQuyDinh: date(false),
});

/** The dates a status implies (§1.2, §1.5): a received dossier has a due date, a finished one its end. */
function consistency(h: Record<string, unknown>, problems: string[]): void {
  const s = Number(h.TrangThaiHoSo);
  const need = (field: string, why: string) => {
    if (h[field] === '') problems.push(`HoSo.${field}: required when TrangThaiHoSo is ${s} (${why})`);
  };
  if ([2, 4, 5, 6, 9, 10].includes(s)) need('NgayHenTra', 'received dossiers have a due date');
  if ([8, 9, 10].includes(s)) need('NgayKetThucXuLy', 'processing ended');
  if (s === 10) need('NgayTra', 'the result was delivered');
  if (s === 3) need('NgayTuChoi', 'intake refused');
  if (typeof h.NgayTiepNhan === 'string' && typeof h.NgayNopHoSo === 'string' && h.NgayTiepNhan < h.NgayNopHoSo) {
    problems.push('HoSo.NgayTiepNhan: before NgayNopHoSo');
  }
  // QĐ 766 3.6 counts DuocThanhToanTrucTuyen ∈ {1, 2} over dossiers whose fees are not all 0
  // (DOMAIN.md §3): a dossier paid online has a fee with an amount.
  if (h.DuocThanhToanTrucTuyen !== 0) {
    const fees = Array.isArray(h.DanhSachLePhi) ? (h.DanhSachLePhi as Array<{ Gia?: unknown }>) : [];
    if (!fees.some((f) => typeof f.Gia === 'number' && f.Gia > 0))
      problems.push('HoSo.DuocThanhToanTrucTuyen: paid online but DanhSachLePhi has no amount');
  }
}

export function validateHoSo(value: unknown): string[] {
  const problems: string[] = [];
  HoSo(value, 'HoSo', problems);
  if (problems.length === 0) consistency(value as Record<string, unknown>, problems);
  return problems;
}

export function validateTimelineEntry(value: unknown, index: number): string[] {
  const problems: string[] = [];
  QuaTrinhXuLy(value, `QuaTrinhXuLy[${index}]`, problems);
  return problems;
}
