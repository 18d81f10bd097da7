/**
 * Look-ups in the business registration database and the land information system through the
 * gateway (JSON services, test/standins/business-registry and test/standins/land describe the
 * answers). Enterprise and parcel data are public or not personal in the same way as a
 * citizen's record, so no consent step; the gateway's allow-list still decides who may ask.
 */
import type { Caller } from '../../platform/auth/caller.ts';
import { requireStaff } from '../../platform/auth/permissions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { CallPurpose, Gateway } from './gateway.ts';

export interface EnterpriseRecord {
  taxCode: string;
  name: string;
  kind: string;
  status: string;
  foundedOn: string;
  headOffice: string;
  representative: string;
}

export interface ParcelRecord {
  sheet: string;
  parcel: string;
  areaM2: number;
  landUse: string;
  address: string;
  users: { fullName: string; personalId: string }[];
  certificateNo: string;
}

function serviceOf(gateway: Gateway, register: 'business' | 'land'): string {
  const connector = gateway.services().find((c) => c.register === register);
  if (!connector) throw new DomainError('EXCHANGE_SERVICE_UNKNOWN', { register });
  return connector.id;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID');
}

export async function lookupEnterprise(
  db: Executor,
  caller: Caller,
  gateway: Gateway,
  module: string,
  taxCode: string,
  why: CallPurpose,
): Promise<EnterpriseRecord | undefined> {
  const staff = requireStaff(caller);
  if (!/^\d{10}(-\d{3})?$/.test(taxCode)) throw new DomainError('VALIDATION_FAILED', { field: 'taxCode' });
  const answer = await gateway.call(
    db,
    { actorId: staff.id, roles: staff.roles, module },
    serviceOf(gateway, 'business'),
    { method: 'GET', path: `/doanh-nghiep/${taxCode}`, headers: { accept: 'application/json' }, idempotent: true },
    why,
  );
  if (answer.status === 404) return undefined;
  const e = parseJson(answer.body);
  if (answer.status !== 200 || text(e.MaSoDoanhNghiep) !== taxCode)
    throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID');
  const rep = (e.NguoiDaiDien ?? {}) as Record<string, unknown>;
  return {
    taxCode,
    name: text(e.TenDoanhNghiep),
    kind: text(e.LoaiHinh),
    status: text(e.TinhTrangPhapLy),
    foundedOn: text(e.NgayThanhLap),
    headOffice: text(e.DiaChiTruSo),
    representative: [text(rep.HoTen), text(rep.ChucDanh)].filter(Boolean).join(', '),
  };
}

export async function lookupParcel(
  db: Executor,
  caller: Caller,
  gateway: Gateway,
  module: string,
  at: { communeCode: string; sheet: string; parcel: string },
  why: CallPurpose,
): Promise<ParcelRecord | undefined> {
  const staff = requireStaff(caller);
  if (!/^\d{5}$/.test(at.communeCode) || !/^\d{1,4}$/.test(at.sheet) || !/^\d{1,6}$/.test(at.parcel)) {
    throw new DomainError('VALIDATION_FAILED', { field: 'parcel' });
  }
  const answer = await gateway.call(
    db,
    { actorId: staff.id, roles: staff.roles, module },
    serviceOf(gateway, 'land'),
    {
      method: 'GET',
      path: '/thua-dat',
      query: { maXa: at.communeCode, soTo: at.sheet, soThua: at.parcel },
      headers: { accept: 'application/json' },
      idempotent: true,
    },
    why,
  );
  if (answer.status === 404) return undefined;
  const p = parseJson(answer.body);
  if (answer.status !== 200) throw new DomainError('EXCHANGE_REGISTER_ANSWER_INVALID');
  const users = Array.isArray(p.ChuSuDung) ? (p.ChuSuDung as Record<string, unknown>[]) : [];
  return {
    sheet: text(p.SoToBanDo),
    parcel: text(p.SoThuaDat),
    areaM2: typeof p.DienTich === 'number' ? p.DienTich : 0,
    landUse: text(p.MucDichSuDung),
    address: text(p.DiaChi),
    users: users.map((u) => ({ fullName: text(u.HoTen), personalId: text(u.SoGiayTo) })),
    certificateNo: text(p.SoPhatHanhGCN),
  };
}
