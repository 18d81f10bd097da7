import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { agencyHeading } from './agency-cache.ts';
import { agencies } from './schema.ts';
import { type SeededDirectory, seededDirectory } from './testing.ts';

let dir: SeededDirectory;
before(async () => {
  dir = await seededDirectory();
});
after(() => dir.t.close());

test('an agency’s name and office hours are read once a minute, then again', async () => {
  const [row] = await dir.t.db.select({ id: agencies.id, name: agencies.name }).from(agencies).limit(1);
  assert.ok(row);
  const t0 = Date.now();
  assert.equal((await agencyHeading(dir.t.db, row.id, t0))?.name, row.name);
  const hours = { periods: [{ start: '07:30', end: '11:30' }] };
  await dir.t.db.update(agencies).set({ name: 'Tên mới', officeHours: hours }).where(eq(agencies.id, row.id));
  // Within the minute: the copy read before.
  assert.equal((await agencyHeading(dir.t.db, row.id, t0 + 59_000))?.name, row.name);
  // After it: the row as it is now.
  const fresh = await agencyHeading(dir.t.db, row.id, t0 + 61_000);
  assert.deepEqual(fresh, { name: 'Tên mới', officeHours: hours });
  assert.equal(await agencyHeading(dir.t.db, '00000000-0000-4000-8000-000000000000', t0), null);
});
