/**
 * The national online payment platform (PP DVCQG, message version 1.0.6) as
 * payments-sync-sso.md §2.1 describes it: `MaXacThuc` is the lower-case hex SHA-256 of the
 * pipe-joined fields with the partner secret as the last element (plain SHA-256, not HMAC).
 * Pure: no clock, no network.
 */
import { createHash } from 'node:crypto';
import { sameDigest } from './vnpay-protocol.ts';

export const PLATFORM_VERSION = '1.0.6';

export const initChecksumFields = [
  'LoaiBanTin',
  'PhienBan',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'LoaiHinhThanhToan',
  'MaKenhThanhToan',
  'MaThietBi',
  'NgonNgu',
  'MaTienTe',
  'MaNganHang',
  'ThongTinGiaoDich',
  'ThoiGianGD',
  'Ip',
] as const;
/** GET_BILL and QUERY share one order. */
export const queryChecksumFields = ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'] as const;
export const confirmChecksumFields = [
  'LoaiBanTin',
  'MaLoi',
  'MaDoiTac',
  'MaThamChieu',
  'SoTien',
  'MaTienTe',
  'MaGiaoDich',
  'MaNganHang',
  'ThoiGianGD',
  'ThongTinGiaoDich',
] as const;
/**
 * Our answer to the confirm message: O2 `createResponseMessage` sends these fields; the order
 * of its checksum is not in the sources, so we sign them in the order they are listed [I].
 */
export const confirmAnswerChecksumFields = ['MaLoi', 'MaDoiTac', 'MaThamChieu', 'ThoiGianGD'] as const;

export function maXacThuc(
  fields: readonly string[],
  values: Readonly<Record<string, unknown>>,
  secret: string,
): string {
  const parts = fields.map((field) => {
    const value = values[field];
    return value === undefined || value === null ? '' : String(value);
  });
  return createHash('sha256')
    .update([...parts, secret].join('|'), 'utf8')
    .digest('hex');
}

export function checkMaXacThuc(
  fields: readonly string[],
  values: Readonly<Record<string, unknown>>,
  secret: string,
): boolean {
  const given = values.MaXacThuc;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  return sameDigest(maXacThuc(fields, values, secret), given);
}

/** QUERY `TrangThaiGD` (§2.1): 1 paid, 3 pending (the platform does not know yet), 4 failed. */
export type PlatformTransactionState = 'paid' | 'pending' | 'failed';
export function platformStateOf(trangThaiGD: unknown): PlatformTransactionState {
  const code = String(trangThaiGD ?? '');
  return code === '1' ? 'paid' : code === '4' ? 'failed' : 'pending';
}
