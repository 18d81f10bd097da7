/**
 * A dossier filed on the national portal as it reaches us, pushed (`{service, isUpdating, data}`,
 * OpenCPS `/nps/nhanhsdvcqg`, payments-sync-sso.md §3.2) or pulled (`result: [HoSo…]`): the
 * `HoSo` shape of DOMAIN.md §2.1. Only what we need is required; the rest passes through.
 */
import { type Static, Type } from 'typebox';

const Text = (maxLength: number) => Type.String({ maxLength });
const NationalDate = Type.String({ pattern: '^\\d{14}$', description: 'yyyyMMddHHmmss, Asia/Ho_Chi_Minh' });

const IncomingPaper = Type.Object({
  TepDinhKemId: Text(100),
  TenTepDinhKem: Text(255),
  MaThanhPhanHoSo: Type.Optional(Text(255)),
  /** A public download URL the portal serves (§3.1 "Files"). */
  DuongDanTaiTepTin: Type.String({ maxLength: 2000, pattern: '^https?://' }),
});

export const IncomingHoSo = Type.Object({
  /** The national code (MaHoSo on the portal, kept as MaHoSoQG beside ours). */
  MaHoSo: Type.String({ minLength: 3, maxLength: 100, pattern: '^[A-Za-z0-9.\\-_]+$' }),
  MaTTHC: Type.String({ minLength: 1, maxLength: 50, pattern: '^[0-9A-Za-z.\\-]+$' }),
  /** The agency code (mã định danh) of the implementing agency, when the procedure has several. */
  DonViXuLy: Type.Optional(Text(50)),
  ChuHoSo: Type.String({ minLength: 1, maxLength: 200 }),
  LoaiDoiTuong: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  SoGiayToChuHoSo: Type.Optional(Text(20)),
  SoDienThoai: Type.Optional(Text(20)),
  Email: Type.Optional(Text(200)),
  DiaChi: Type.Optional(Text(500)),
  NgayNopHoSo: Type.Optional(NationalDate),
  /** The portal's status of a new filing: `receiving` (string list, pull side) or code 1 (§1.2). */
  TrangThaiHoSo: Type.Optional(Type.Union([Type.Literal('receiving'), Type.Literal('1'), Type.Literal(1)])),
  TaiKhoanDuocXacThucVoiVNeID: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  TaiLieuNop: Type.Array(IncomingPaper, { maxItems: 50 }),
});
export type IncomingHoSo = Static<typeof IncomingHoSo>;

/** The push body: OpenCPS's `{service, isUpdating, isSync?, data}`. */
export const PushBody = Type.Object({
  service: Type.String({ maxLength: 100 }),
  isUpdating: Type.Optional(Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Boolean()])),
  isSync: Type.Optional(Type.Unknown()),
  data: IncomingHoSo,
});
export type PushBody = Static<typeof PushBody>;
