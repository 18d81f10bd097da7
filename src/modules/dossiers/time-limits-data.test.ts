/**
 * Issue 23, the shipped data: the certifications Decree 23/2015/NĐ-CP Art. 7 holds to the same
 * day (or the next working day after 15:00) carry the same-day kind (docs/dossiers.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createCalendar } from '../../platform/calendar/index.ts';
import { projectRoot } from '../../platform/paths.ts';

const data = JSON.parse(readFileSync(path.join(projectRoot, 'data/procedures/chung-thuc.json'), 'utf8')) as
  | Array<{ nationalCode: string; timeLimit: { amount: number; unit: string } }>
  | { procedures: Array<{ nationalCode: string; timeLimit: { amount: number; unit: string } }> };
const procedures = Array.isArray(data) ? data : data.procedures;
const vn = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);

test('signature, translator’s signature and register copies are same-day: 10:00 → 17:00, 15:30 → 17:00 the next working day', () => {
  const calendar = createCalendar();
  for (const code of ['2.000815', '2.000884', '2.000908', '2.000992', '2.001008']) {
    const limit = procedures.find((p) => p.nationalCode === code)?.timeLimit;
    assert.equal(limit?.unit, 'same_day', code);
    const due = (at: string) => calendar.legalDue(vn(at), { amount: 1, unit: 'same_day' }).toISOString();
    assert.equal(due('2026-12-07 10:00'), '2026-12-07T10:00:00.000Z', `${code} before 15:00`);
    assert.equal(due('2026-12-04 15:30'), '2026-12-07T10:00:00.000Z', `${code} Friday after 15:00`);
  }
});
