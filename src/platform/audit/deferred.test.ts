/**
 * The deferred audit path (deferred.ts) hashes in SQL what `entryHash` hashes in TypeScript:
 * for arbitrary entries (any Unicode, nested JSON, nulls, numbers, the identity anywhere in the
 * stream and the data's strings) the chain written by the last statement is the chain
 * `recordAudit` would have written with the identity known, and it verifies.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { newPlaceholder, resolveIdentity } from '../db/index.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import { DeferredOutbox, outbox } from '../notify/index.ts';
import { type AuditInput, auditEvents, DeferredAuditChain, entryHash, GENESIS, verifyAudit } from './index.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

/** Stands for the placeholder in generated text: replaced by it before the entry is added. */
const MARK = '\u0001ID\u0001';
// PostgreSQL text and jsonb hold no NUL; every other code point, surrogate pairs included, is fair.
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const marked = fc
  .array(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.constant(MARK) }), { maxLength: 4 })
  .map((parts) => parts.join(''));
const key = text.filter((s) => !s.includes('\u0001'));
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map((n) => Number(n)),
    marked,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
const entry = fc.record({
  stream: marked,
  action: text,
  actorId: fc.option(text),
  actorRole: fc.option(text),
  data: fc.dictionary(key, json.value, { maxKeys: 5 }),
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
});
const identity = fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/);

const put = <T>(value: T, placeholder: string): T =>
  JSON.parse(JSON.stringify(value).replaceAll(MARK, placeholder)) as T;

let run = 0;
async function lastStatement(parts: SQL[], id: string): Promise<void> {
  await t.db.execute(sql`with k as (select ${id}::text as identity), ${sql.join(parts, sql`, `)} select 1`);
}

test('the chain hashed in SQL is the chain entryHash gives, for arbitrary entries', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 3 }), identity, async (entries, idBase) => {
      run++;
      const placeholder = newPlaceholder('test');
      const id = `${idBase}.${run}`;
      const chain = new DeferredAuditChain(placeholder);
      // One record's chain: the stream is the same for every entry of it.
      const stream = `test:${put(entries[0]?.stream ?? '', placeholder)}:${placeholder}`;
      const inputs: AuditInput[] = entries.map((e) => ({
        provinceCode: '08',
        stream,
        action: put(e.action, placeholder),
        actorId: e.actorId === null ? null : put(e.actorId, placeholder),
        actorRole: e.actorRole,
        data: put(e.data, placeholder),
        at: e.at,
      }));
      for (const input of inputs) chain.add(input);
      await lastStatement(chain.statements('k'), id);

      const resolvedStream = resolveIdentity(stream, placeholder, id);
      const stored = await t.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.stream, resolvedStream))
        .orderBy(asc(auditEvents.seq));
      assert.equal(stored.length, inputs.length);
      let prev = GENESIS;
      inputs.forEach((input, i) => {
        const known = resolveIdentity(JSON.parse(JSON.stringify(input)) as AuditInput, placeholder, id);
        const expected = entryHash(prev, {
          provinceCode: known.provinceCode,
          stream: known.stream,
          seq: i + 1,
          at: input.at as Date,
          actorId: known.actorId ?? null,
          actorRole: known.actorRole ?? null,
          action: known.action,
          data: known.data ?? {},
        });
        const row = stored[i];
        assert.equal(row?.hash, expected, 'the SQL hash is the TypeScript hash');
        assert.equal(row?.prevHash, prev);
        assert.deepEqual(row?.data, known.data, 'the data stored is the data with the identity put in');
        assert.equal(row?.actorId, known.actorId ?? null);
        assert.equal(row?.action, known.action);
        // And recomputed from what the database gives back (jsonb's own number and key handling).
        assert.equal(entryHash(prev, { ...row, data: row?.data } as Parameters<typeof entryHash>[1]), expected);
        prev = expected;
      });
    }),
    { numRuns: 150 },
  );
  assert.equal((await verifyAudit(t.db)).firstBreak, null);
});

test('a placeholder in a key of the data is refused: the canonical text sorts keys', () => {
  const placeholder = newPlaceholder('test');
  const chain = new DeferredAuditChain(placeholder);
  assert.throws(() =>
    chain.add({ provinceCode: '08', stream: `x:${placeholder}`, action: 'a', data: { nested: { [placeholder]: 1 } } }),
  );
});

test('deferred outbox messages get the identity in recipient, payload and dedupe key', async () => {
  const placeholder = newPlaceholder('test');
  const messages = new DeferredOutbox(placeholder);
  messages.add({
    provinceCode: '08',
    channel: 'email',
    topic: 'dossier.submitted',
    recipient: `to-${placeholder}`,
    payload: { code: placeholder, nested: [{ text: `Hồ sơ ${placeholder} đã nộp` }] },
    dedupeKey: `submitted:${placeholder}`,
  });
  await lastStatement(messages.statements('k'), 'H08-261205-0001');
  const [row] = await t.db.select().from(outbox).where(eq(outbox.dedupeKey, 'submitted:H08-261205-0001'));
  assert.equal(row?.recipient, 'to-H08-261205-0001');
  assert.deepEqual(row?.payload, { code: 'H08-261205-0001', nested: [{ text: 'Hồ sơ H08-261205-0001 đã nộp' }] });
});
