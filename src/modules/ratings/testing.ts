/**
 * Test helpers: the seeded demo directory plus small factories that write dossier rows
 * directly (the dossier service is not needed to have a delivered dossier to rate).
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { counters } from '../directory/schema.ts';
import { CODES, type SeededDirectory, seededDirectory } from '../directory/testing.ts';

export { CODES };

export interface RatingsTestDb extends SeededDirectory {
  /** Account id of a demo login. */
  accountOf(login: string): Promise<string>;
  /** The counters of the provincial service centre, by number. */
  centreCounters(): Promise<Array<{ id: string; number: number; agencyId: string }>>;
}

export async function ratingsTestDb(): Promise<RatingsTestDb> {
  const d = await seededDirectory();
  return {
    ...d,
    accountOf: async (login) => {
      const caller = await d.callerFor(login);
      if (caller.kind !== 'staff') throw new Error(`${login} is not staff`);
      return caller.id;
    },
    centreCounters: async () => {
      const centre = await d.agencyId(CODES.ttpvhcc);
      return d.t.db
        .select({ id: counters.id, number: counters.number, agencyId: counters.agencyId })
        .from(counters)
        .where(eq(counters.agencyId, centre))
        .orderBy(asc(counters.number));
    },
  };
}

export const citizen = (id = `citizen-${randomUUID()}`): Extract<Caller, { kind: 'citizen' }> => ({
  kind: 'citizen',
  id,
});

let codeSeq = 0;
/** A unique dossier code of the national shape `AgencyCode-YYMMDD-NNNN`. */
function dossierCode(agencyCode: string = CODES.tuphap): string {
  codeSeq += 1;
  return `${agencyCode}-261110-${String(codeSeq).padStart(4, '0')}`;
}

export interface DossierFixture {
  code?: string;
  /** Receiving agency (the one-stop); competent and holding default to it. */
  receivingAgencyId: string;
  competentAgencyId?: string;
  applicantAccountId?: string | null;
  state?: string;
  channel?: 'online' | 'counter' | 'post';
  receivedAt?: Date;
  finishedAt?: Date | null;
  deliveredAt?: Date | null;
  timing?: 'early' | 'onTime' | 'late' | null;
}

/**
 * Inserts a dossier row as the dossier service would leave it. Plain SQL naming only the
 * columns rating needs, so the fixture does not break when the dossier module adds columns.
 */
export async function insertDossier(db: Executor, f: DossierFixture): Promise<{ id: string; code: string }> {
  const code = f.code ?? dossierCode();
  const receivedAt = f.receivedAt ?? new Date('2026-11-02T02:00:00Z');
  const finishedAt = f.finishedAt === undefined ? new Date(receivedAt.getTime() + 86_400_000) : f.finishedAt;
  const deliveredAt = f.deliveredAt === undefined ? new Date(receivedAt.getTime() + 2 * 86_400_000) : f.deliveredAt;
  const competent = f.competentAgencyId ?? f.receivingAgencyId;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into dossiers (province_code, code, tracking_key, procedure_id, procedure_version, procedure_snapshot,
          channel, receiving_agency_id, competent_agency_id, holding_agency_id, applicant_account_id, applicant,
          state, machine, submitted_at, received_at, finished_at, delivered_at, timing)
        values ('08', ${code}, ${randomUUID()}, ${randomUUID()}, 1, '{}'::jsonb,
          ${f.channel ?? 'counter'}, ${f.receivingAgencyId}, ${competent}, ${competent}, ${f.applicantAccountId ?? null},
          ${JSON.stringify({ type: 'citizen', fullName: 'Nguyễn Thị Hoa' })}::jsonb,
          ${f.state ?? 'delivered'}, '{}'::jsonb, ${iso(receivedAt)}, ${iso(receivedAt)}, ${iso(finishedAt)},
          ${iso(deliveredAt)}, ${f.timing === undefined ? 'onTime' : f.timing})
        returning id`,
  );
  if (!row) throw new Error('dossier insert returned nothing');
  return { id: row.id, code };
}

export interface ActionFixture {
  type: string;
  actorId?: string | null;
  actorKind?: 'staff' | 'citizen' | 'system';
  actorAgencyId?: string | null;
  at?: Date;
}

/** Appends an action to a dossier's history (next seq). */
export async function addAction(db: Executor, dossierId: string, a: ActionFixture): Promise<void> {
  const at = (a.at ?? new Date('2026-11-03T03:00:00Z')).toISOString();
  await db.execute(
    sql`insert into dossier_actions (province_code, dossier_id, seq, type, payload, actor_id, actor_kind,
          actor_agency_id, to_state, at, transaction_id, transaction_scope)
        select '08', ${dossierId}, coalesce(max(seq), 0) + 1, ${a.type}, '{}'::jsonb, ${a.actorId ?? null},
          ${a.actorKind ?? 'staff'}, ${a.actorAgencyId ?? null}, 'in_progress', ${at}, ${randomUUID()}, 'test'
        from dossier_actions where dossier_id = ${dossierId}`,
  );
}

export interface StepFixture {
  agencyId: string;
  timing: 'early' | 'onTime' | 'late';
  completedAt?: Date;
}

/** Appends a finished workflow step of an agency to a dossier. */
export async function addStep(db: Executor, dossierId: string, s: StepFixture): Promise<void> {
  const completedAt = (s.completedAt ?? new Date('2026-11-03T02:00:00Z')).toISOString();
  await db.execute(
    sql`insert into dossier_steps (dossier_id, idx, province_code, name, role, unit, agency_id, budget_hours,
          status, started_at, completed_at, timing)
        select ${dossierId}, coalesce(max(idx), -1) + 1, '08', 'Thẩm định', 'specialist', 'Phòng chuyên môn',
          ${s.agencyId}, 16, 'done', '2026-11-02T02:00:00Z', ${completedAt}, ${s.timing}
        from dossier_steps where dossier_id = ${dossierId}`,
  );
}
