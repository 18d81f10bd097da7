/**
 * Reception (tiếp nhận) fixes the appointment (Mẫu 01) and the workflow: the due date from the
 * time limit of the version the dossier was filed under, counted on the receiving agency's
 * calendar, and the steps of that version with the agency that works each one.
 */
import { and, eq } from 'drizzle-orm';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import type { Executor } from '../../platform/db/index.ts';
import { getProcessTemplate, type ProcessStep, type TimeLimit } from '../catalog/index.ts';
import { findAgencies } from '../directory/index.ts';
import type { DossierRow } from './context.ts';
import { dossierActions } from './schema.ts';
import type { DossierAction, StepPlan } from './states.ts';

export interface TimeLimits {
  timeLimit: TimeLimit;
  timeLimitOnline: TimeLimit | null;
}

/**
 * The legal due date (DOMAIN.md §1.5): counted from the reception time, moved to the next
 * working time when it falls outside office hours (Decree 45/2020 for online filings), and
 * from the next working day when received after the cut-off (the procedure's, else the
 * agency's, else 15:00). Online filings may have their own limit.
 */
export function dueDateOf(calendar: WorkingCalendar, limits: TimeLimits, receivedAt: Date, online: boolean): Date {
  const limit = (online ? limits.timeLimitOnline : null) ?? limits.timeLimit;
  // §1.5: calendar days skip holidays only when the province says so (S1's flag); the end is
  // still moved off a weekend or holiday by addCalendarDays.
  return calendar.legalDue(receivedAt, limit, {
    skipHolidays: false,
    ...(limit.cutoff ? { cutoff: limit.cutoff } : {}),
  });
}

export interface ReceptionPlan extends TimeLimits {
  steps: StepPlan[];
  /** The agency of each step, in order. */
  stepAgencies: string[];
  units: ProcessStep['unit'][];
}

/** The agency that works a step: the centre, the competent agency, or the province's agency of a kind (liên thông). */
async function stepAgencyOf(tx: Executor, row: DossierRow, step: ProcessStep): Promise<string> {
  if (step.unit === 'receiving_centre') return row.receivingAgencyId;
  if (step.unit === 'competent_agency' || !step.otherAgencyKind) return row.competentAgencyId;
  const kind = step.otherAgencyKind;
  const all = await findAgencies(tx, { provinceCode: row.provinceCode, active: true });
  // Kinds outside the directory (tax, social insurance) have no agency here: the competent
  // agency keeps the step and sends the papers on itself.
  const match = all.filter((a) => a.kind === kind);
  return (match.find((a) => a.level === 'province') ?? match[0])?.id ?? row.competentAgencyId;
}

/** The workflow of the version the dossier was filed under (catalog process templates are immutable). */
export async function receptionPlanOf(tx: Executor, row: DossierRow): Promise<ReceptionPlan> {
  const template = await getProcessTemplate(tx, row.procedureId, row.procedureVersion);
  const online = row.channel === 'online';
  const steps: StepPlan[] = [];
  const stepAgencies: string[] = [];
  for (const step of template.steps) {
    steps.push({
      name: step.name,
      role: step.role,
      budgetHours: online ? (step.hoursOnline ?? step.hours) : step.hours,
    });
    stepAgencies.push(await stepAgencyOf(tx, row, step));
  }
  return {
    steps,
    stepAgencies,
    units: template.steps.map((s) => s.unit),
    timeLimit: template.timeLimit,
    timeLimitOnline: template.timeLimitOnline,
  };
}

type VerificationExtension = Extract<DossierAction, { type: 'extend_for_verification' }>;

/**
 * DOMAIN.md §1.5: the working days a same-day procedure may still add for verification (the
 * version's `extensionWorkingDays` less those already taken), and the new due date: the
 * current one plus that many working days of working time (the end of a day stays an end).
 */
export async function verificationExtensionOf(
  tx: Executor,
  row: DossierRow,
  calendar: WorkingCalendar,
  action: VerificationExtension,
): Promise<VerificationExtension> {
  const template = await getProcessTemplate(tx, row.procedureId, row.procedureVersion);
  const limit = (row.channel === 'online' ? template.timeLimitOnline : null) ?? template.timeLimit;
  const taken = await tx
    .select({ payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, row.id), eq(dossierActions.type, 'extend_for_verification')));
  const used = taken.reduce((sum, t) => sum + Number((t.payload as { workingDays?: number }).workingDays ?? 0), 0);
  const allowedWorkingDays = Math.max(0, (limit.extensionWorkingDays ?? 0) - used);
  const days = Number.isFinite(action.workingDays) && action.workingDays > 0 ? action.workingDays : 0;
  const newDueAt = row.dueAt
    ? calendar.addWorkingHours(row.dueAt, (days * calendar.workingDayMs) / 3_600_000)
    : undefined;
  return { ...action, allowedWorkingDays, ...(newDueAt ? { newDueAt } : {}) };
}
