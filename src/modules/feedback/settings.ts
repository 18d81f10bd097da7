/**
 * The province's PAKN rules (deadlines 2/5/15/2 working days by default, §8.2 "configurable
 * per province"), versioned by effective date. An item takes the rules in force when its
 * clock starts.
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { localDateOf } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { directoryScope, loadAgencyFacts } from '../directory/index.ts';
import { DEFAULT_FEEDBACK_RULES, type FeedbackRules, parseFeedbackRules } from './deadlines.ts';
import './errors.ts';
import { feedbackSettings } from './schema.ts';

/** The rules in force on `at`'s day (Vietnam time), or the defaults. */
export async function getFeedbackRules(
  db: Executor,
  provinceCode: string,
  at: Date = new Date(),
): Promise<FeedbackRules> {
  const [row] = await db
    .select({ rules: feedbackSettings.rules })
    .from(feedbackSettings)
    .where(and(eq(feedbackSettings.provinceCode, provinceCode), lte(feedbackSettings.effectiveFrom, localDateOf(at))))
    .orderBy(desc(feedbackSettings.effectiveFrom))
    .limit(1);
  if (!row) return DEFAULT_FEEDBACK_RULES;
  return parseFeedbackRules(row.rules as Partial<FeedbackRules>, DEFAULT_FEEDBACK_RULES) ?? DEFAULT_FEEDBACK_RULES;
}

/** A province administrator (or a system job) acting for `provinceCode`; anyone else is refused. */
export async function requireProvinceAdmin(db: Executor, caller: Caller, provinceCode: string): Promise<void> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (caller.kind === 'system') return;
  const facts = caller.kind === 'staff' ? await loadAgencyFacts(db, caller.agencyId) : null;
  const scope = directoryScope(caller, facts);
  if (scope.kind === 'province' && scope.provinceCode === provinceCode) return;
  throw new DomainError('FORBIDDEN', { reason: 'not_province_admin' });
}

export interface SaveFeedbackRulesInput {
  provinceCode: string;
  /** YYYY-MM-DD; the rules apply to items whose clock starts on or after it. */
  effectiveFrom: string;
  rules: Partial<FeedbackRules>;
}

export async function saveFeedbackRules(
  db: Executor,
  caller: Caller,
  input: SaveFeedbackRulesInput,
): Promise<FeedbackRules & { effectiveFrom: string }> {
  await requireProvinceAdmin(db, caller, input.provinceCode);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveFrom)) {
    throw new DomainError('FEEDBACK_SETTINGS_INVALID', { effectiveFrom: input.effectiveFrom });
  }
  const current = await getFeedbackRules(db, input.provinceCode, new Date(`${input.effectiveFrom}T12:00:00+07:00`));
  const rules = parseFeedbackRules(input.rules, current);
  if (!rules) throw new DomainError('FEEDBACK_SETTINGS_INVALID', { rules: input.rules });
  const actorId = caller.kind === 'staff' ? caller.id : caller.kind === 'system' ? caller.name : null;
  await db.transaction(async (tx) => {
    await tx
      .insert(feedbackSettings)
      .values({ provinceCode: input.provinceCode, effectiveFrom: input.effectiveFrom, rules, updatedBy: actorId })
      .onConflictDoUpdate({
        target: [feedbackSettings.provinceCode, feedbackSettings.effectiveFrom],
        set: { rules, updatedBy: actorId, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      provinceCode: input.provinceCode,
      stream: `feedback-settings:${input.provinceCode}`,
      action: 'save_rules',
      actorId,
      actorRole: caller.kind === 'staff' ? 'admin' : caller.kind,
      data: { effectiveFrom: input.effectiveFrom, rules },
    });
  });
  return { ...rules, effectiveFrom: input.effectiveFrom };
}
