import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DossierView } from '../index.ts';
import { citizenSlipsOf, citizenTimelineEntries, slipsOf } from './dossier-text.ts';

const entry = (seq: number, type: string) => ({
  seq,
  type,
  at: `2026-12-0${Math.min(seq, 9)}T02:00:00.000Z`,
  actorRole: 'specialist',
  fromState: null,
  toState: 'in_progress',
});

// Only the fields these functions read; the rest of a view does not matter to them.
const view = {
  receivedAt: '2026-12-01T02:00:00.000Z',
  timeline: [
    entry(1, 'submit'),
    entry(2, 'receive'),
    entry(3, 'assign_step'),
    entry(4, 'complete_step'),
    entry(5, 'return_step'),
    entry(6, 'approve'),
    entry(7, 'approve'),
    entry(8, 'attach_result'),
    entry(9, 'deliver'),
  ],
} as unknown as DossierView;

test('issue 13.6: the citizen timeline leaves out the agencies’ internal steps and second approvals', () => {
  assert.deepEqual(
    citizenTimelineEntries(view, 'vi').map((e) => e.type),
    ['submit', 'receive', 'attach_result', 'deliver'],
  );
});

test('issue 13.6: the citizen is not given the internal control sheet (Mẫu 06); staff are', () => {
  assert.ok(slipsOf(view).includes('control-sheet'));
  assert.deepEqual(citizenSlipsOf(view), ['receipt']);
});
