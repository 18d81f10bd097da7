/**
 * Reconciliation: for the dossiers whose sync changed on a day (Asia/Ho_Chi_Minh), what the
 * portal holds (`TraCuuHoSo`, §3.1: a non-empty `result` means the dossier exists) against what
 * we hold now, field by field on what the portal scores (status, dates, fees, results), plus
 * what is still owed by the outbox. `resendDossier` is the one-click fix: the dossier's current
 * state and whole timeline queued again.
 */
import { and, gte, lt } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { NationalContext } from './context.ts';
import { type Queued, queueDossierSync } from './queue-dossier-sync.ts';
import { nationalDossierSync } from './schema.ts';

/** The fields compared: what the national index counts (DOMAIN.md §3.1). */
const comparedFields = [
  'TrangThaiHoSo',
  'NgayTiepNhan',
  'NgayHenTra',
  'NgayKetThucXuLy',
  'NgayTra',
  'KenhThucHien',
  'DuocThanhToanTrucTuyen',
  'DanhSachLePhi',
  'DanhSachGiayToKetQua',
] as const;

interface Difference {
  field: string;
  ours: string;
  theirs: string;
}

export interface ReconcileRow {
  dossierCode: string;
  maHoSo: string;
  /** `missing`: the portal does not have it; `differs`: it has another version; `same`. */
  verdict: 'same' | 'differs' | 'missing';
  differences: Difference[];
}

/** A list compared by what the portal keeps of it: the fee amounts, the result file ids. */
const show = (field: string, value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (field === 'DanhSachLePhi' && Array.isArray(value)) {
    return value.map((f) => `${(f as { TenPhiLePhi?: string }).TenPhiLePhi}=${(f as { Gia?: number }).Gia}`).join('; ');
  }
  if (field === 'DanhSachGiayToKetQua' && Array.isArray(value)) {
    return value.map((f) => String((f as { GiayToId?: string }).GiayToId)).join('; ');
  }
  return String(value);
};

/** The instant range of a Vietnamese calendar day `YYYY-MM-DD`. */
export function vietnamDay(date: string): { from: Date; to: Date } {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  const valid = !Number.isNaN(t) && new Date(t).toISOString().startsWith(date);
  if (!valid) throw new DomainError('NATIONAL_RECONCILE_DATE_INVALID', { date });
  const from = new Date(`${date}T00:00:00+07:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

export async function reconcileNational(db: Executor, date: string, ctx: NationalContext): Promise<ReconcileRow[]> {
  const { from, to } = vietnamDay(date);
  if (!ctx.adapter) throw new DomainError('NATIONAL_SYNC_DISABLED');
  const rows = await db
    .select()
    .from(nationalDossierSync)
    .where(and(gte(nationalDossierSync.updatedAt, from), lt(nationalDossierSync.updatedAt, to)))
    .orderBy(nationalDossierSync.dossierCode);
  const report: ReconcileRow[] = [];
  for (const row of rows) {
    const ours = row.payload;
    const maHoSo = String(ours.MaHoSo);
    const answer = await ctx.adapter.call('TraCuuHoSo', { mahoso: maHoSo });
    const found = Array.isArray(answer.result) ? answer.result[0] : answer.result;
    if (answer.error_code !== 0 || typeof found !== 'object' || found === null) {
      report.push({ dossierCode: row.dossierCode, maHoSo, verdict: 'missing', differences: [] });
      continue;
    }
    const theirs = found as Record<string, unknown>;
    const differences = comparedFields.flatMap((field) => {
      const a = show(field, ours[field]);
      const b = show(field, theirs[field]);
      return a === b ? [] : [{ field, ours: a, theirs: b }];
    });
    report.push({
      dossierCode: row.dossierCode,
      maHoSo,
      verdict: differences.length ? 'differs' : 'same',
      differences,
    });
  }
  return report;
}

/** The one-click resend of a dossier found different or missing. */
export async function resendDossier(db: Executor, dossierCode: string, ctx: NationalContext): Promise<Queued> {
  if (!ctx.adapter) throw new DomainError('NATIONAL_SYNC_DISABLED');
  return queueDossierSync(db, dossierCode, ctx, { force: true });
}
