/**
 * Public tracking by code and the key printed on the receipt and in its QR: the state, the
 * steps done and the due date, never personal data. A wrong key and an unknown code get the
 * same answer, after the same work, so the answer tells nothing about which codes exist.
 */
import { eq, sql } from 'drizzle-orm';
import { trackingKeyMatches } from '../../platform/codes/dossier-code.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { iso } from './queries.ts';
import { dossiers } from './schema.ts';
import { type DossierState, stateLabelForCitizen } from './states.ts';
import type { TrackingView } from './view-types.ts';

registerErrors({
  DOSSIER_TRACKING_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy hồ sơ với mã số và mã tra cứu này. Vui lòng kiểm tra lại giấy tiếp nhận.',
  },
});

// Compared against when the code is unknown, so both paths do the same work.
const DECOY = '22222222';

interface StepJson {
  name: string;
  status: string;
  completedAt: string | null;
}

const isoOf = (text: string | null): string | null => (text === null ? null : new Date(text).toISOString());

// One statement (a public, unauthenticated route hit often: one round trip, not two), prepared
// once per database handle so PostgreSQL parses and plans it once per connection.
function trackingQuery(db: Executor) {
  return db
    .select({
      id: dossiers.id,
      code: dossiers.code,
      trackingKey: dossiers.trackingKey,
      state: dossiers.state,
      procedureName: sql<string>`${dossiers.procedureSnapshot}->>'name'`,
      submittedAt: dossiers.submittedAt,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      finishedAt: dossiers.finishedAt,
      deliveredAt: dossiers.deliveredAt,
      steps: sql<StepJson[] | null>`(select json_agg(json_build_object('name', s.name, 'status', s.status,
        'completedAt', s.completed_at) order by s.idx) from dossier_steps s where s.dossier_id = ${dossiers.id})`,
    })
    .from(dossiers)
    .where(eq(dossiers.code, sql.placeholder('code')))
    .prepare('dossier_tracking');
}

const prepared = new WeakMap<Executor, ReturnType<typeof trackingQuery>>();

export async function trackDossier(db: Executor, code: string, key: string): Promise<TrackingView> {
  let query = prepared.get(db);
  if (!query) {
    query = trackingQuery(db);
    prepared.set(db, query);
  }
  // Only the columns the public may see: no applicant, no form data, no snapshot.
  const [row] = await query.execute({ code });
  if (!trackingKeyMatches(row?.trackingKey ?? DECOY, key) || !row) throw new DomainError('DOSSIER_TRACKING_NOT_FOUND');
  const steps = typeof row.steps === 'string' ? (JSON.parse(row.steps) as StepJson[]) : (row.steps ?? []);
  const state = row.state as DossierState;
  return {
    code: row.code ?? '',
    state,
    stateLabel: stateLabelForCitizen(state),
    procedureName: row.procedureName,
    submittedAt: iso(row.submittedAt),
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    finishedAt: iso(row.finishedAt),
    deliveredAt: iso(row.deliveredAt),
    stepsDone: steps
      .filter((s) => s.status === 'done')
      .map((s) => ({ name: s.name, completedAt: isoOf(s.completedAt) })),
    stepsTotal: steps.length,
  };
}
