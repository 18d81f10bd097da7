/**
 * The province's yearly targets for the dashboard's rates (Hà Nội, for one, sets the share of
 * dossiers filed and processed online at each level): one percent per rate and year, set by an
 * administrator of the province, shown beside the actual rate ("targets vs actual").
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { findAgencies } from '../directory/index.ts';
import { insightsTargets } from './schema.ts';

export const TARGET_INDICATORS = {
  onTimeRate: 'Giải quyết đúng hạn (766, 2.1)',
  onlineRate: 'Hồ sơ trực tuyến',
  fullOnlineRate: 'Trực tuyến toàn trình (766, 3.x)',
  electronicResultRate: 'Kết quả điện tử (766, 4.1)',
  digitisedRate: 'Hồ sơ số hóa (766, 4.2)',
  satisfiedRate: 'Hài lòng (phiếu đánh giá)',
  feedbackOnTime: 'Phản ánh, kiến nghị xử lý đúng hạn (766, 5.2)',
} as const;
export type TargetIndicator = keyof typeof TARGET_INDICATORS;
export type Targets = Partial<Record<TargetIndicator, number>>;

export async function findTargets(db: Executor, provinceCode: string, year: number): Promise<Targets> {
  const rows = await db
    .select()
    .from(insightsTargets)
    .where(and(eq(insightsTargets.provinceCode, provinceCode), eq(insightsTargets.year, year)));
  const out: Targets = {};
  for (const r of rows) if (r.indicator in TARGET_INDICATORS) out[r.indicator as TargetIndicator] = r.percent;
  return out;
}

/**
 * Only the province's administrators set its targets: an admin of the root UBND tỉnh or of the
 * Sở KH&CN under it — the directory module's rule for who administers the whole province
 * (directory/policies.ts `isProvinceAdminAgency`), applied to the published agency rows.
 */
export async function assertMaySetTargets(db: Executor, caller: Caller, provinceCode: string): Promise<string> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind !== 'staff' || caller.provinceCode !== provinceCode || !caller.roles.includes('admin')) {
    throw new DomainError('FORBIDDEN');
  }
  const [own] = await findAgencies(db, { provinceCode, ids: [caller.agencyId] });
  if (!own?.active) throw new DomainError('FORBIDDEN');
  const [parent] = own.parentId ? await findAgencies(db, { provinceCode, ids: [own.parentId] }) : [];
  const isRoot = own.parentId === null && own.kind === 'people_committee';
  const isScience =
    own.kind === 'science_technology' &&
    own.level === 'province' &&
    parent?.parentId === null &&
    parent.kind === 'people_committee';
  if (!isRoot && !isScience) throw new DomainError('FORBIDDEN');
  return caller.id;
}

/** Sets (or clears, with null) a year's targets; percents 0–100 with two decimals. */
export async function setTargets(
  db: Executor,
  caller: Caller,
  input: { provinceCode: string; year: number; targets: Partial<Record<TargetIndicator, number | null>> },
): Promise<void> {
  const by = await assertMaySetTargets(db, caller, input.provinceCode);
  if (!Number.isInteger(input.year) || input.year < 2020 || input.year > 2100) {
    throw new DomainError('VALIDATION_FAILED', { field: 'nam' }, 'Năm không hợp lệ.');
  }
  await db.transaction(async (tx) => {
    for (const [indicator, percent] of Object.entries(input.targets)) {
      if (!(indicator in TARGET_INDICATORS)) continue;
      const key = and(
        eq(insightsTargets.provinceCode, input.provinceCode),
        eq(insightsTargets.year, input.year),
        eq(insightsTargets.indicator, indicator),
      );
      if (percent === null || percent === undefined) {
        await tx.delete(insightsTargets).where(key);
        continue;
      }
      if (!(percent >= 0 && percent <= 100)) {
        throw new DomainError('VALIDATION_FAILED', { field: indicator }, 'Chỉ tiêu là tỷ lệ phần trăm từ 0 đến 100.');
      }
      await tx
        .insert(insightsTargets)
        .values({ provinceCode: input.provinceCode, year: input.year, indicator, percent, setBy: by })
        .onConflictDoUpdate({
          target: [insightsTargets.provinceCode, insightsTargets.year, insightsTargets.indicator],
          set: { percent, setBy: by, updatedAt: new Date() },
        });
    }
  });
}
