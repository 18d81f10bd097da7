/**
 * What every dossier use-case shares: the context it runs in, who the caller is to a dossier,
 * the agency calendar that counts its deadlines, and how a dossier is found and locked.
 */
import { eq } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Caller } from '../../platform/auth/caller.ts';
import { getWorkingCalendar } from '../../platform/calendar/store.ts';
import type { WorkingCalendar } from '../../platform/calendar/working-time.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { Signing } from '../../platform/services.ts';
import type { BlobStore } from '../../platform/storage/index.ts';
import { type AgencyRow, agencyById, findAgencies } from '../directory/index.ts';
import { dossiers } from './schema.ts';
import { snapshotOf } from './snapshot-json.ts';
import { type DossierActor, type DossierRules, type DossierSnapshot, defaultDossierRules } from './states.ts';

registerErrors({
  DOSSIER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hồ sơ.' },
  DOSSIER_RECEIVING_AGENCY_REQUIRED: {
    status: 400,
    vi: 'Vui lòng chọn nơi nộp hồ sơ trong số các cơ quan thực hiện thủ tục này.',
  },
});

export interface DossierContext {
  provinceCode: string;
  /** Base of links in notices and QR codes. */
  publicUrl?: string;
  now?: Date;
  /** Where papers and results live; needed to sign results (`attach_result` with `sign`). */
  blobs?: BlobStore;
  /**
   * Who signs results (the composition root's `services.signing`): the leader's own signature,
   * then the agency's seal. Without it a result cannot be signed (`DOSSIER_SIGNING_UNAVAILABLE`).
   */
  signing?: Pick<Signing, 'seal' | 'personal'>;
  /** Largest accepted upload (config.uploadMaxBytes). */
  uploadMaxBytes?: number;
  /**
   * Counter reception outside the receiving agency's working time (config COUNTER_OUTSIDE_HOURS):
   * 'refuse' unless a reason is recorded; absent or 'allow' takes it (callers with their own clock).
   */
  counterHours?: 'refuse' | 'allow';
  /**
   * A citizen's online filing needs a sign-in of the procedure's level of assurance (catalog
   * `assuranceLevel`, the session's level on the Caller). Set when the national sign-on is
   * configured (OIDC_ISSUER): without it no sign-in can reach a level above 0.
   */
  assuranceRequired?: boolean;
}

export type DossierRow = typeof dossiers.$inferSelect;
export type { AgencyRow };

/** Whose transaction ids these are: a key is only ever replayed to the one who sent it. */
export const scopeOf = (caller: Caller): string =>
  caller.kind === 'citizen' || caller.kind === 'staff'
    ? caller.id
    : caller.kind === 'system'
      ? `system:${caller.name}`
      : 'anonymous';

export const actorIdOf = (caller: Caller): string | null =>
  caller.kind === 'citizen' || caller.kind === 'staff' ? caller.id : null;

export const actorRoleOf = (caller: Caller): string => (caller.kind === 'staff' ? caller.roles.join(',') : caller.kind);

/** One audit chain per dossier (ARCHITECTURE.md); a draft has no code yet, so its id names it. */
export const streamOf = (row: Pick<DossierRow, 'code' | 'id'>): string => `dossier:${row.code ?? row.id}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A dossier is named by its code, or by its id while it is a draft. */
const dossierWhere = (ref: string) => (UUID.test(ref) ? eq(dossiers.id, ref) : eq(dossiers.code, ref));

export async function findDossierRow(db: Executor, ref: string): Promise<DossierRow | undefined> {
  const [row] = await db.select().from(dossiers).where(dossierWhere(ref));
  return row;
}

/** Locks the dossier row for the rest of the transaction: actions on one dossier run one at a time. */
export async function lockDossier(tx: Executor, ref: string): Promise<{ row: DossierRow; snapshot: DossierSnapshot }> {
  const [row] = await tx.select().from(dossiers).where(dossierWhere(ref)).for('update');
  if (!row) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
  return { row, snapshot: snapshotOf(row) };
}

export async function agencyRow(db: Executor, id: string): Promise<AgencyRow> {
  const row = await agencyIn(db, id);
  if (!row) throw new DomainError('DOSSIER_RECEIVING_AGENCY_REQUIRED', { agencyId: id });
  return row;
}

/** The agency rows a transaction has read, by id (this module never writes one). */
const agenciesRead = new WeakMap<Executor, Map<string, AgencyRow>>();

/**
 * An agency by id, read once per transaction: a counter filing asked for its receiving centre
 * five times (reception, calendar, each action's notices), one statement each (issue 19 item 6,
 * bench/README.md). Outside a transaction, read every time.
 */
export async function agencyIn(db: Executor, id: string): Promise<AgencyRow | undefined> {
  if (!(db instanceof PgTransaction)) return agencyById(db, id);
  let read = agenciesRead.get(db);
  if (!read) {
    read = new Map();
    agenciesRead.set(db, read);
  }
  const known = read.get(id);
  if (known) return known;
  const row = await agencyById(db, id);
  if (row) read.set(id, row);
  return row;
}

/** The service centre that receives for an agency: the commune's centre, or the province's. */
export async function receivingCentreOf(db: Executor, competent: AgencyRow): Promise<AgencyRow> {
  const centres = await findAgencies(db, {
    provinceCode: competent.provinceCode,
    kinds: ['service_centre'],
    active: true,
  });
  const own = centres.find((c) => c.parentId === competent.id);
  const province = centres.find((c) => c.level === 'province');
  return (competent.level === 'commune' ? own : province) ?? own ?? province ?? competent;
}

/** The calendar of an agency: the province's holidays and the agency's office hours (§1.5). */
export async function calendarFor(db: Executor, provinceCode: string, agencyId: string): Promise<WorkingCalendar> {
  const agency = await agencyRow(db, agencyId);
  return getWorkingCalendar(db, { provinceCode, hours: agency.officeHours ?? null });
}

/** The state machine's rules with working-time arithmetic (docs/dossiers.md, "The clock and the due date"). */
export function rulesWith(calendar: WorkingCalendar): DossierRules {
  return {
    // Apologies with a new date per dossier: once (§1.5 [M]); no setting changes the law.
    maxExtensions: defaultDossierRules.maxExtensions,
    shiftDue: (due, pausedAt, resumedAt) => calendar.shiftDueAfterPause(due, pausedAt, resumedAt),
    stepDueAt: (start, hours) => calendar.addWorkingHours(start, hours),
  };
}

/**
 * Who the caller is to this dossier. A citizen is the applicant only if they filed it; staff
 * act at the holding agency, or — for the current step — at the step's agency.
 */
export function actorOf(caller: Caller, row: DossierRow, stepAgencyId: string | undefined): DossierActor {
  if (caller.kind === 'system') return { kind: 'system' };
  if (caller.kind === 'citizen') {
    if (row.applicantAccountId === caller.id) return { kind: 'citizen' };
    // Someone else's dossier does not exist for this caller.
    throw new DomainError('DOSSIER_NOT_FOUND', { code: row.code });
  }
  if (caller.kind === 'staff') {
    // An online draft is the applicant's own workspace until it is submitted.
    if (row.code === null) throw new DomainError('DOSSIER_NOT_FOUND', { code: row.id });
    const atHoldingAgency = caller.agencyId === row.holdingAgencyId || caller.agencyId === stepAgencyId;
    return { kind: 'staff', roles: caller.roles, atHoldingAgency };
  }
  throw new DomainError('UNAUTHENTICATED');
}
