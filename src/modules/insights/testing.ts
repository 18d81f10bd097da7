/**
 * The small hand-computed dataset of the indicator and 766 tests: November 2026 in a province
 * with one department (P, Sở Tư pháp) and one commune (C1, UBND xã Đồng Văn), two procedures —
 * p1 (Hộ tịch, toàn trình, paper result) and p2 (Đất đai, một phần, electronic result) — and
 * the dossiers, ratings and feedback below, written straight into the read models (the module's
 * own tables). Every expected figure in the tests is worked out by hand in their comments.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../platform/db/index.ts';
import type { ProcedureFact } from '../catalog/index.ts';
import type { AgencyFact, Lookups } from './dimensions.ts';
import { keyRatings } from './feed.ts';
import { rebuildRollups } from './rollups-sql.ts';
import { insightsDossiers, insightsFeedback, insightsRatings, type StoredInterval } from './schema.ts';

export const PROVINCE = '08';
export const ids = {
  root: randomUUID(),
  P: randomUUID(),
  C1: randomUUID(),
  C1centre: randomUUID(),
  p1: randomUUID(),
  p2: randomUUID(),
};

const agency = (
  id: string,
  name: string,
  kind: AgencyFact['kind'],
  level: AgencyFact['level'],
  parentId: string | null,
): AgencyFact => ({
  id,
  code: id.slice(0, 8),
  name,
  shortName: null,
  level,
  kind,
  parentId,
  adminUnitCode: null,
  active: true,
});

export const lookups: Lookups = {
  agencies: new Map(
    [
      agency(ids.root, 'Ủy ban nhân dân tỉnh', 'people_committee', 'province', null),
      agency(ids.P, 'Sở Tư pháp', 'justice', 'province', ids.root),
      agency(ids.C1, 'Ủy ban nhân dân xã Đồng Văn', 'commune', 'commune', ids.root),
      agency(ids.C1centre, 'Trung tâm Phục vụ hành chính công xã Đồng Văn', 'service_centre', 'commune', ids.C1),
    ].map((a) => [a.id, a]),
  ),
  procedures: new Map<string, ProcedureFact>([
    [
      ids.p1,
      {
        id: ids.p1,
        nationalCode: '1.001193',
        name: 'Đăng ký khai sinh',
        fieldCode: 'ho-tich',
        fieldName: 'Hộ tịch',
        level: 'commune',
        onlineLevel: 'full',
        resultKind: 'paper',
        active: true,
      },
    ],
    [
      ids.p2,
      {
        id: ids.p2,
        nationalCode: null,
        name: 'Cung cấp thông tin đất đai',
        fieldCode: 'dat-dai',
        fieldName: 'Đất đai',
        level: 'province',
        onlineLevel: 'partial',
        resultKind: 'electronic',
        active: true,
      },
    ],
  ]),
};

interface D {
  name: string;
  agency: string;
  procedure: string;
  channel: 'online' | 'counter' | 'post';
  state: string;
  received: string | null;
  due: string | null;
  finished: string | null;
  supplements?: StoredInterval[];
  eResult?: boolean;
  paperFiles?: number;
  holder?: string;
}

/** Times in UTC; Vietnam is UTC+7, so November 2026 runs from 2026-10-31T17:00Z to 2026-11-30T17:00Z. */
const DOSSIERS: D[] = [
  // early: finished 04/11, due 05/11; p1 online; e-result; 2 papers
  {
    name: 'd1',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'online',
    state: 'delivered',
    received: '2026-11-02T02:00:00Z',
    due: '2026-11-05T10:00:00Z',
    finished: '2026-11-04T03:00:00Z',
    eResult: true,
    paperFiles: 2,
  },
  // on time: finished on the due day before the due hour; paper result only, no papers
  {
    name: 'd2',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'counter',
    state: 'result_ready',
    received: '2026-11-03T02:00:00Z',
    due: '2026-11-06T10:00:00Z',
    finished: '2026-11-06T08:00:00Z',
  },
  // late: finished 07/11, due 05/11
  {
    name: 'd3',
    agency: ids.P,
    procedure: ids.p2,
    channel: 'online',
    state: 'delivered',
    received: '2026-11-03T02:00:00Z',
    due: '2026-11-05T10:00:00Z',
    finished: '2026-11-07T03:00:00Z',
    eResult: true,
    paperFiles: 1,
  },
  // in progress within time (due 15/12)
  {
    name: 'd4',
    agency: ids.P,
    procedure: ids.p2,
    channel: 'post',
    state: 'in_progress',
    received: '2026-11-10T02:00:00Z',
    due: '2026-12-15T10:00:00Z',
    finished: null,
    paperFiles: 1,
    holder: 'officer-1',
  },
  // carried over (received 20/10), overdue at the period's end (due 10/11)
  {
    name: 'd5',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'counter',
    state: 'in_progress',
    received: '2026-10-20T02:00:00Z',
    due: '2026-11-10T10:00:00Z',
    finished: null,
    holder: 'officer-2',
  },
  // carried over, handled early on 01/11 (due 02/11)
  {
    name: 'd6',
    agency: ids.P,
    procedure: ids.p2,
    channel: 'online',
    state: 'delivered',
    received: '2026-10-25T02:00:00Z',
    due: '2026-11-02T10:00:00Z',
    finished: '2026-11-01T03:00:00Z',
  },
  // finished before the period: not one of its dossiers
  {
    name: 'd7',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'online',
    state: 'delivered',
    received: '2026-09-01T02:00:00Z',
    due: '2026-09-04T10:00:00Z',
    finished: '2026-10-15T03:00:00Z',
  },
  // received after the period
  {
    name: 'd8',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'online',
    state: 'received',
    received: '2026-12-02T02:00:00Z',
    due: '2026-12-05T10:00:00Z',
    finished: null,
  },
  // received without a due date: unclassified
  {
    name: 'd9',
    agency: ids.P,
    procedure: ids.p2,
    channel: 'counter',
    state: 'received',
    received: '2026-11-12T02:00:00Z',
    due: null,
    finished: null,
  },
  // waiting for a supplement since 16/11 (due 20/11): counts as finished at the request, early
  {
    name: 'd10',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'online',
    state: 'awaiting_supplement',
    received: '2026-11-15T02:00:00Z',
    due: '2026-11-20T10:00:00Z',
    finished: null,
    supplements: [{ from: '2026-11-16T02:00:00Z', to: null }],
    paperFiles: 1,
  },
  // two supplement requests: late whatever the dates
  {
    name: 'd11',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'counter',
    state: 'delivered',
    received: '2026-11-18T02:00:00Z',
    due: '2026-11-25T10:00:00Z',
    finished: '2026-11-24T03:00:00Z',
    supplements: [
      { from: '2026-11-19T02:00:00Z', to: '2026-11-20T02:00:00Z' },
      { from: '2026-11-21T02:00:00Z', to: '2026-11-22T02:00:00Z' },
    ],
    eResult: true,
    paperFiles: 3,
  },
  // never received (intake refused): counts nowhere
  {
    name: 'd12',
    agency: ids.C1,
    procedure: ids.p1,
    channel: 'online',
    state: 'intake_refused',
    received: null,
    due: null,
    finished: '2026-11-05T03:00:00Z',
  },
];

/** Ratings: d1 very satisfied, d3 unsatisfied, d6 satisfied in November; d2 satisfied in December. */
const RATINGS = [
  { dossier: 'd1', level: 'very_satisfied', at: '2026-11-06T02:00:00Z' },
  { dossier: 'd3', level: 'unsatisfied', at: '2026-11-08T02:00:00Z' },
  { dossier: 'd6', level: 'satisfied', at: '2026-11-02T02:00:00Z' },
  { dossier: 'd2', level: 'satisfied', at: '2026-12-01T02:00:00Z' },
] as const;

/** Feedback: f1 C1 answered on time; f2 P answered late; f3 C1 open within time (due 11/12); f4 closed in October; f5 P about d2, on time. */
const FEEDBACK = [
  {
    name: 'f1',
    agency: ids.C1,
    submitted: '2026-11-03T02:00:00Z',
    closed: '2026-11-10T02:00:00Z',
    timing: 'onTime',
    due: '2026-11-24T10:00:00Z',
    dossier: null,
  },
  {
    name: 'f2',
    agency: ids.P,
    submitted: '2026-11-05T02:00:00Z',
    closed: '2026-11-28T02:00:00Z',
    timing: 'late',
    due: '2026-11-26T10:00:00Z',
    dossier: null,
  },
  {
    name: 'f3',
    agency: ids.C1,
    submitted: '2026-11-20T02:00:00Z',
    closed: null,
    timing: null,
    due: '2026-12-11T10:00:00Z',
    dossier: null,
  },
  {
    name: 'f4',
    agency: ids.C1,
    submitted: '2026-10-01T02:00:00Z',
    closed: '2026-10-10T02:00:00Z',
    timing: 'onTime',
    due: '2026-10-22T10:00:00Z',
    dossier: null,
  },
  {
    name: 'f5',
    agency: ids.C1,
    submitted: '2026-11-09T02:00:00Z',
    closed: '2026-11-12T02:00:00Z',
    timing: 'onTime',
    due: '2026-11-30T10:00:00Z',
    dossier: 'd2',
  },
] as const;

const date = (s: string | null) => (s ? new Date(s) : null);

/** Writes the dataset into the read models; returns the dossier ids by name. */
export async function writeDataset(db: Executor): Promise<Map<string, { id: string; code: string }>> {
  const byName = new Map<string, { id: string; code: string }>();
  for (const [i, d] of DOSSIERS.entries()) {
    const id = randomUUID();
    const code = `TEST-261101-${String(i + 1).padStart(4, '0')}`;
    byName.set(d.name, { id, code });
    await db.insert(insightsDossiers).values({
      dossierId: id,
      provinceCode: PROVINCE,
      code,
      procedureId: d.procedure,
      channel: d.channel,
      receivingAgencyId: d.agency,
      competentAgencyId: d.agency,
      holdingAgencyId: d.agency,
      state: d.state,
      submittedAt: date(d.received),
      receivedAt: date(d.received),
      dueAt: date(d.due),
      finishedAt: date(d.finished),
      deliveredAt: d.state === 'delivered' ? date(d.finished) : null,
      supplementIntervals: d.supplements ?? [],
      electronicResult: d.eResult ?? false,
      paperFiles: d.paperFiles ?? 0,
      holderAccountId: d.holder ?? null,
      holderStep: d.holder ? 'Thẩm định' : null,
      sourceVersion: 1,
    });
  }
  for (const r of RATINGS) {
    const dossier = byName.get(r.dossier);
    const d = DOSSIERS.find((x) => x.name === r.dossier);
    if (!dossier || !d) throw new Error(`no dossier ${r.dossier}`);
    await db.insert(insightsRatings).values({
      dossierId: dossier.id,
      provinceCode: PROVINCE,
      agencyId: d.agency,
      level: r.level,
      channel: 'portal',
      ratedAt: new Date(r.at),
      sourceVersion: 0,
    });
  }
  for (const [i, f] of FEEDBACK.entries()) {
    await db.insert(insightsFeedback).values({
      feedbackId: randomUUID(),
      provinceCode: PROVINCE,
      code: `PAKN-261101-${String(i + 1).padStart(4, '0')}`,
      agencyId: f.agency,
      channel: 'portal',
      dossierCode: f.dossier ? (byName.get(f.dossier)?.code ?? null) : null,
      classification: 'rules',
      state: f.closed ? 'published' : 'in_progress',
      submittedAt: new Date(f.submitted),
      closedAt: date(f.closed),
      timing: f.timing,
      answerDueAt: new Date(f.due),
      likes: 0,
      dislikes: 0,
      reopenCount: 0,
      sourceVersion: 1,
    });
  }
  await keyRatings(db, { provinceCode: PROVINCE });
  await rebuildRollups(db, PROVINCE);
  return byName;
}
