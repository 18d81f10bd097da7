/**
 * Reception (tiếp nhận) fixes the appointment (Mẫu 01) and the workflow: the due date from the
 * time limit of the version the dossier was filed under, counted on the receiving agency's
 * calendar, and the steps of that version with the agency that works each one.
 */
import { and, eq } from 'drizzle-orm';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import type { Executor } from '../../platform/db/index.ts';
import { getProcessTemplate, type ProcessStep, type TimeLimit } from '../catalog/index.ts';
import { agencies } from '../directory/schema.ts';
import type { DossierRow } from './context.ts';
import type { StepPlan } from './states.ts';

export interface TimeLimits {
  timeLimit: TimeLimit;
  timeLimitOnline: TimeLimit | null;
}

/**
 * The legal due date (DOMAIN.md §1.5): counted from the reception time, moved to the next
 * working time when it falls outside office hours (Decree 45/2020 for online filings; S1 does
 * the same at the counter). Online filings may have their own limit.
 */
export function dueDateOf(calendar: WorkingCalendar, limits: TimeLimits, receivedAt: Date, online: boolean): Date {
  const limit = (online ? limits.timeLimitOnline : null) ?? limits.timeLimit;
  const start = calendar.normalise(receivedAt);
  if (limit.unit === 'working_hours') return calendar.addWorkingHours(start, limit.amount);
  // §1.5: calendar days skip holidays only when the province says so (S1's flag); the end is
  // still moved off a weekend or holiday by addCalendarDays.
  if (limit.unit === 'calendar_days') return calendar.addCalendarDays(start, limit.amount, { skipHolidays: false });
  return calendar.addWorkingDays(start, limit.amount);
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
  const all = await tx
    .select({ id: agencies.id, level: agencies.level, kind: agencies.kind })
    .from(agencies)
    .where(and(eq(agencies.provinceCode, row.provinceCode), eq(agencies.active, true)));
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
