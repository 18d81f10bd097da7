import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { outbox } from '../../platform/notify/index.ts';
import { seedCatalog } from '../catalog/index.ts';
import { type SeededDirectory, seededDirectory } from '../directory/testing.ts';
import { fileDossier } from './core.ts';
import { sweepDeadlines } from './sweep.ts';

let d: SeededDirectory;
before(async () => {
  d = await seededDirectory();
  await seedCatalog(d.t.db, { provinceCode: '08' });
});
after(() => d.t.close());

test('the sweep marks a dossier due soon, then overdue, each once', async () => {
  const receiver = await d.callerFor('tiepnhan.minhxuan');
  const ctx = { provinceCode: '08', now: new Date('2026-12-07T01:00:00Z') };
  const { getProcedure } = await import('../catalog/index.ts');
  const p = await getProcedure(d.t.db, '1.001193', { provinceCode: '08' });
  const formData: Record<string, string> = {};
  for (const f of p.eform)
    if (f.required)
      formData[f.key] = f.type === 'choice' ? (f.options?.[0] ?? '') : f.type === 'date' ? '2026-11-01' : 'Lò Thị Mai';
  const agencyId = receiver.kind === 'staff' ? (p.agencies.find((a) => /Minh Xuân/.test(a.name))?.id ?? '') : '';
  const v = await fileDossier(
    d.t.db,
    receiver,
    {
      procedure: '1.001193',
      agencyId,
      applicant: { type: 'citizen', fullName: 'Lò Thị Mai', phone: '0987654321' },
      formData,
    },
    { transactionId: 'sweep-1' },
    ctx,
  );
  assert.equal(v.dueAt, '2026-12-08T01:00:00.000Z');
  assert.deepEqual(await sweepDeadlines(d.t.db, new Date('2026-12-07T01:30:00Z')), {
    dueSoon: 0,
    overdue: 0,
    stepsOverdue: 0,
  });
  const soon = await sweepDeadlines(d.t.db, new Date('2026-12-07T18:00:00Z'));
  assert.equal(soon.dueSoon, 1);
  const late = await sweepDeadlines(d.t.db, new Date('2026-12-08T02:00:00Z'));
  assert.equal(late.overdue, 1);
  assert.equal(soon.stepsOverdue, 1, 'the 1-hour reception step was overdue by evening');
  assert.deepEqual(await sweepDeadlines(d.t.db, new Date('2026-12-08T03:00:00Z')), {
    dueSoon: 0,
    overdue: 0,
    stepsOverdue: 0,
  });
  const events = await d.t.db.select().from(outbox).where(eq(outbox.topic, 'dossier.overdue'));
  assert.equal(events.length, 1);
});
