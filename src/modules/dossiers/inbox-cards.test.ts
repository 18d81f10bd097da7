/**
 * Issue 13.12: the inbox's cards. Whatever query answers the inbox, each card's list holds
 * exactly the running dossiers whose urgency tag is the card's, its count is that list's
 * length, "Đến hạn hôm nay" and "Sắp đến hạn" never share a dossier, and a dossier that is
 * finished (delivered, withdrawn, refused…) is on no card and not in the to-do list.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Caller } from '../../platform/auth/caller.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from './actions.ts';
import { type FindingsKit, findingsKit } from './findings-kit.ts';
import { listDossiers } from './inbox.ts';
import { file, txId } from './testing.ts';

let kit: FindingsKit;
let oneDay: ProcedureView;
let receiver: Caller;
const codes: Record<string, string> = {};

// Now: Wednesday 09/12/2026 10:00 in Tuyên Quang.
const now = new Date('2026-12-09T03:00:00Z');

before(async () => {
  kit = await findingsKit();
  oneDay = await kit.f.procedure({ timeLimit: { amount: 1, unit: 'working_days' } });
  receiver = await kit.who('minhxuanCentre', 'receiver');
  const received = async (p: ProcedureView, iso: string) => {
    const v = await file(kit.f, kit.f.citizen(), p, iso);
    const receive = { type: 'receive' } as const;
    await takeAction(kit.f.db, receiver, v.code, receive, { transactionId: txId('receive') }, kit.f.at(iso));
    return v.code;
  };
  codes.overdue = await received(oneDay, '2026-12-07T02:00:00Z'); // due Tue 08/12
  codes.today = await received(oneDay, '2026-12-08T07:00:00Z'); // due Wed 09/12 afternoon
  codes.soon = await received(oneDay, '2026-12-09T01:00:00Z'); // due Thu 10/12 morning
  codes.later = await received(kit.procedure, '2026-12-09T01:00:00Z'); // due Mon 14/12
  codes.delivered = (await kit.walk('delivered')).code;
  codes.resultReady = (await kit.walk('resultReady')).code;
  const withdrawn = await received(kit.procedure, '2026-12-07T03:00:00Z');
  await kit.act(receiver, withdrawn, { type: 'withdraw', reason: 'Người nộp xin rút' });
  codes.withdrawn = withdrawn;
});
after(() => kit.f.t.close());

type Urgency = 'overdue' | 'due_today' | 'due_soon';
const cards: Array<[Urgency, 'overdue' | 'dueToday' | 'dueSoon']> = [
  ['overdue', 'overdue'],
  ['due_today', 'dueToday'],
  ['due_soon', 'dueSoon'],
];

test('each inbox card lists exactly the running dossiers of its urgency, as many as its count', async () => {
  const all = await listDossiers(kit.f.db, receiver, { now, limit: 200 });
  const lists: Record<string, string[]> = {};
  for (const [urgency, count] of cards) {
    const list = await listDossiers(kit.f.db, receiver, { now, urgency, limit: 200 });
    lists[urgency] = list.items.map((i) => i.code);
    assert.ok(
      list.items.every((i) => i.urgency === urgency),
      `${urgency}: only ${urgency}`,
    );
    assert.deepEqual(
      lists[urgency],
      all.items.filter((i) => i.urgency === urgency).map((i) => i.code),
      `${urgency}: every ${urgency} dossier of the to-do list`,
    );
    // The counts: "Sắp đến hạn" shows due-soon counted after today (the API's dueSoon includes today).
    const shown = count === 'dueSoon' ? list.dueSoon - list.dueToday : list[count];
    assert.equal(shown, list.items.length, `${urgency}: the card's count is its list's length`);
  }
  assert.ok(lists.overdue?.includes(codes.overdue ?? ''));
  assert.ok(lists.due_today?.includes(codes.today ?? ''));
  assert.ok(lists.due_soon?.includes(codes.soon ?? ''));
  const later = codes.later ?? '';
  assert.ok(all.items.some((i) => i.code === later) && !Object.values(lists).some((l) => l.includes(later)));
  const today = new Set(lists.due_today);
  assert.ok(!(lists.due_soon ?? []).some((c) => today.has(c)), 'due today and due soon share no dossier');
  assert.equal(all.total, all.items.length, 'the to-do count is the to-do list');
});

test('delivered and other finished dossiers leave the to-do list and every card, and list as finished', async () => {
  const running = (await listDossiers(kit.f.db, receiver, { now, limit: 200 })).items.map((i) => i.code);
  const finished = (await listDossiers(kit.f.db, receiver, { now, finished: true, limit: 200 })).items.map(
    (i) => i.code,
  );
  for (const key of ['delivered', 'withdrawn', 'resultReady']) {
    const code = codes[key] ?? '';
    assert.ok(!running.includes(code), `${key}: not in the to-do list`);
    assert.ok(finished.includes(code), `${key}: on the finished tab`);
    for (const [urgency] of cards) {
      const list = await listDossiers(kit.f.db, receiver, { now, urgency, limit: 200 });
      assert.ok(!list.items.some((i) => i.code === code), `${key}: not on the ${urgency} card`);
    }
  }
});
