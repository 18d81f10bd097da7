/**
 * Document search (issue 15.5): accent-folded words, newest first, secret documents only for
 * the people named on them — and the same answer whichever way it is found: a common word's
 * page from the agency's newest documents, a rare word's from the trigram index, beyond them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/index.ts';
import { createDraft } from './draft-document.ts';
import { searchDocuments } from './inboxes.ts';
import { type DocumentsTestbed, documentsTestbed, draftInput, idOf, txId } from './testing.ts';

let f: DocumentsTestbed;
let secret: string;
before(async () => {
  f = await documentsTestbed();
  const { id } = await createDraft(f.t.db, f.specialist, draftInput(), { transactionId: txId() }, f.ctx());
  // 3,000 documents of the justice department, one a minute back from now: every one a report
  // ("bao cao"), every hundredth also about irrigation ("thuy loi") — 30 in all, most of them
  // older than the newest 2,000.
  await f.t.db.execute(sql`insert into documents
    select (jsonb_populate_record(null::documents, to_jsonb(d) || jsonb_build_object(
      'id', gen_random_uuid(),
      'created_at', now() - make_interval(mins => g),
      'search_text', case when g % 100 = 0 then 'bao cao quy hoach thuy loi ' || g else 'bao cao so lieu ' || g end))).*
    from documents d, generate_series(1, 3000) g where d.id = ${id}`);
  // A secret report newer than all of them, named on nobody's list but its drafter's.
  const s = await createDraft(
    f.t.db,
    f.specialist,
    draftInput({ subject: 'Báo cáo quy hoạch thủy lợi (mật)', secrecy: 'secret' }),
    { transactionId: txId() },
    f.ctx(),
  );
  secret = s.id;
});
after(() => f.t.close());

/** What a plain scan of the agency's visible documents gives, newest first. */
const scan = (agencyId: string, words: string[], accountId: string, limit: number) =>
  rows<{ id: string }>(
    f.t.db,
    sql`select d.id from documents d
        where d.agency_id = ${agencyId}
          and (d.secrecy = 'none' or exists (select 1 from document_readers r where r.document_id = d.id and r.account_id = ${accountId}))
          and ${sql.join(
            words.map((w) => sql`d.search_text like ${`%${w}%`}`),
            sql` and `,
          )}
        order by d.created_at desc limit ${limit}`,
  );

test('a common word: the newest page, as a scan gives it', async () => {
  const found = await searchDocuments(f.t.db, f.specialist2, { q: 'Báo Cáo' });
  assert.equal(found.length, 50);
  const expected = await scan(f.tuphap, ['bao', 'cao'], idOf(f.specialist2), 50);
  assert.deepEqual(
    found.map((d) => d.id),
    expected.map((d) => d.id),
  );
});

test('a rare word: every match, beyond the newest documents too, newest first', async () => {
  const found = await searchDocuments(f.t.db, f.specialist2, { q: 'thủy lợi' });
  const expected = await scan(f.tuphap, ['thuy', 'loi'], idOf(f.specialist2), 50);
  assert.equal(expected.length, 30);
  assert.deepEqual(
    found.map((d) => d.id),
    expected.map((d) => d.id),
  );
});

test('a secret document is found by the people named on it only', async () => {
  const byOther = await searchDocuments(f.t.db, f.specialist2, { q: 'thuy loi', limit: 200 });
  assert.ok(!byOther.some((d) => d.id === secret));
  const byDrafter = await searchDocuments(f.t.db, f.specialist, { q: 'thuy loi' });
  assert.equal(byDrafter[0]?.id, secret);
});

test('another agency finds none of them', async () => {
  assert.deepEqual(await searchDocuments(f.t.db, f.yteLeader, { q: 'bao cao' }), []);
});
