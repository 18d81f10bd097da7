import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, isNotNull } from 'drizzle-orm';
import { createDraft } from './draft-document.ts';
import { issueDocument } from './issue-document.ts';
import { dateLine, formatNumber, registerYearOf, takeNumber } from './numbering.ts';
import { approveDraft, checkDocumentFormat, signDocument, submitDraft } from './review-document.ts';
import { documentRegisters, documents } from './schema.ts';
import { at, type DocumentsTestbed, documentsTestbed, draftInput, txId } from './testing.ts';

let f: DocumentsTestbed;
before(async () => {
  f = await documentsTestbed();
});
after(() => f.t.close());

test('numbers below 10 take a leading zero; the register year is the Vietnam year (31/12 17:30 UTC is already 1 January)', () => {
  assert.deepEqual([1, 9, 10, 123].map(formatNumber), ['01', '09', '10', '123']);
  assert.equal(registerYearOf(new Date('2026-12-31T17:30:00Z')), 2027);
  assert.equal(registerYearOf(new Date('2026-12-31T16:59:59Z')), 2026);
});

test('the date line: days below 10 and the months 1 and 2 take a leading zero (Annex I §II.4)', () => {
  assert.equal(dateLine('Hà Nội', '2020-01-05'), 'Hà Nội, ngày 05 tháng 01 năm 2020');
  assert.equal(dateLine('Hà Nội', '2019-06-29'), 'Hà Nội, ngày 29 tháng 6 năm 2019');
  assert.equal(dateLine('Tuyên Quang', '2026-02-10'), 'Tuyên Quang, ngày 10 tháng 02 năm 2026');
  assert.equal(dateLine('Tuyên Quang', '2026-12-06'), 'Tuyên Quang, ngày 06 tháng 12 năm 2026');
});

test('a new year starts again from 01, and a secret document has its own series', async () => {
  const key = { provinceCode: '08', agencyId: f.yte, direction: 'outgoing' as const, secrecy: 'none' as const };
  const a = await f.t.db.transaction((tx) => takeNumber(tx, key, at('2026-12-31T16:00')));
  const b = await f.t.db.transaction((tx) => takeNumber(tx, key, at('2027-01-01T08:00')));
  const s = await f.t.db.transaction((tx) => takeNumber(tx, { ...key, secrecy: 'secret' }, at('2027-01-01T08:00')));
  assert.deepEqual([a.number, b.number, s.number], [1, 1, 1]);
  assert.notEqual(a.registerId, b.registerId);
  assert.notEqual(b.registerId, s.registerId);
  // A rolled-back issue gives its number back: no gap.
  await assert.rejects(
    f.t.db.transaction(async (tx) => {
      await takeNumber(tx, key, at('2027-01-02T08:00'));
      throw new Error('signature failed');
    }),
  );
  const c = await f.t.db.transaction((tx) => takeNumber(tx, key, at('2027-01-02T08:00')));
  assert.equal(c.number, 2);
});

test('100 signed documents issued at once get the numbers 01…100 of the register: no gap, no duplicate', async () => {
  const ctx = f.ctx(at('2026-11-18T09:00'));
  const tx = () => ({ transactionId: txId() });
  const leaderId = f.leader.kind === 'staff' ? f.leader.id : '';
  const draft = await createDraft(f.t.db, f.specialist, draftInput(), tx(), ctx);
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: leaderId }, tx(), ctx);
  await approveDraft(f.t.db, f.leader, draft.id, tx(), ctx);
  await checkDocumentFormat(f.t.db, f.clerk, draft.id, tx(), ctx);
  await signDocument(f.t.db, f.leader, draft.id, tx(), ctx);
  const [signed] = await f.t.db.select().from(documents).where(eq(documents.id, draft.id));
  if (!signed) throw new Error('signed document expected');
  // 99 more documents signed by the same leader (rows copied: the signing is not what is measured).
  const { id: _id, ...copy } = signed;
  const rows = await f.t.db
    .insert(documents)
    .values(Array.from({ length: 99 }, () => ({ ...copy })))
    .returning({ id: documents.id });
  const ids = [draft.id, ...rows.map((r) => r.id)];
  const issued = await Promise.all(ids.map((id) => issueDocument(f.t.db, f.clerk, id, {}, tx(), ctx)));
  const numbers = issued.map((r) => Number(r.codeNumber)).sort((a, b) => a - b);
  assert.deepEqual(
    numbers,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  assert.ok(issued.some((r) => r.codeNumber === '01') && issued.some((r) => r.codeNumber === '09'));
  const [register] = await f.t.db
    .select()
    .from(documentRegisters)
    .where(and(eq(documentRegisters.agencyId, f.tuphap), eq(documentRegisters.direction, 'outgoing')));
  assert.equal(register?.lastNumber, 100);
  const stored = await f.t.db
    .select({ n: documents.registerNumber })
    .from(documents)
    .where(and(eq(documents.registerId, register?.id ?? ''), isNotNull(documents.registerNumber)));
  assert.equal(new Set(stored.map((r) => r.n)).size, 100);
});
