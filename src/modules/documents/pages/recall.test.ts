/**
 * The "Thu hồi văn bản" form on an issued document's page (the whole app, seeded demo
 * province): the justice department issues a letter to the People's Committee Office of the same
 * deployment; its clerk sees no recall form and is refused (403); the leader's form asks for the
 * reason (422 without, 400 for text no one types), recalls, and the page shows "Đã thu hồi" and
 * the Office's answer.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../../../platform/auth/caller.ts';
import { findAccountByLogin } from '../../../platform/auth/index.ts';
import { createDemoCertificate } from '../../../platform/pdf/index.ts';
import { type SeededApp, seededApp, workspaceStaff } from '../../../web/testing.ts';
import { agencyByCode } from '../../directory/index.ts';
import { resolveStaffCaller } from '../../directory/staff.ts';
import { importPkcs12Key } from '../../dossiers/index.ts';
import { createDraft } from '../draft-document.ts';
import { issueDocument } from '../issue-document.ts';
import { approveDraft, checkDocumentFormat, signDocument, submitDraft } from '../review-document.ts';
import { documents } from '../schema.ts';
import { draftInput, txId } from '../testing.ts';

let s: SeededApp;
let documentId = '';
let officeCopy = '';

async function callerOf(login: string): Promise<Caller> {
  const account = await findAccountByLogin(s.db.db, login);
  const caller = account ? await resolveStaffCaller(s.db.db, account.id) : null;
  assert.ok(caller, login);
  return caller;
}

before(async () => {
  s = await seededApp();
  const db = s.db.db;
  const justice = await agencyByCode(db, '000.00.03.H60');
  const office = await agencyByCode(db, '000.00.01.H60');
  const account = await findAccountByLogin(db, 'lanhdao.tuphap');
  assert.ok(justice && office && account);
  // The leader's personal key, as `mocua signing import` would install it (the seed mints only seals).
  const ca = await createDemoCertificate({
    commonName: 'CA thử nghiệm',
    password: 'x',
    isCa: true,
    withoutPkcs12: true,
  });
  const cert = await createDemoCertificate({
    commonName: 'Nguyễn Văn Khải',
    password: 'p12',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  await importPkcs12Key(db, {
    owner: { agencyId: justice.id, accountId: account.id },
    pkcs12: cert.pkcs12,
    password: 'p12',
  });
  const [specialist, leader, clerk] = await Promise.all(
    ['chuyenvien.tuphap', 'lanhdao.tuphap', 'vanthu.tuphap'].map(callerOf),
  );
  assert.ok(specialist && leader && clerk);
  const ctx = { now: new Date(), blobs: s.app.deps.services.blobs };
  const draft = await createDraft(
    db,
    specialist,
    draftInput({ recipients: [{ kind: 'internal', agencyId: office.id, organName: office.name }] }),
    { transactionId: txId() },
    ctx,
  );
  const leaderId = leader.kind === 'staff' ? leader.id : '';
  await submitDraft(db, specialist, draft.id, { approverId: leaderId }, { transactionId: txId() }, ctx);
  await approveDraft(db, leader, draft.id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(db, clerk, draft.id, { transactionId: txId() }, ctx);
  await signDocument(db, leader, draft.id, { transactionId: txId() }, ctx);
  const issued = await issueDocument(db, clerk, draft.id, {}, { transactionId: txId() }, ctx);
  documentId = draft.id;
  const [copy] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.agencyId, office.id), eq(documents.codeNumber, issued.codeNumber)));
  assert.ok(copy);
  officeCopy = copy.id;
});
after(() => s?.close());

test('the clerk has no recall form and is refused; the leader recalls with a reason and sees each recipient’s answer', async () => {
  const href = `/workspace/van-ban/${documentId}`;
  const clerk = await workspaceStaff(s.app, 'vanthu.tuphap');
  const clerkPage = await clerk.page(href);
  assert.equal(clerkPage.statusCode, 200);
  assert.doesNotMatch(clerkPage.body, /Lý do thu hồi/u);
  const refused = await clerk.post(`${href}/thu-hoi`, { text: 'Sai nơi nhận.', txn: txId() });
  assert.equal(refused.statusCode, 403);

  const leader = await workspaceStaff(s.app, 'lanhdao.tuphap');
  const page = await leader.page(href);
  assert.match(page.body, /<h3>Thu hồi văn bản<\/h3>/u);
  assert.match(page.body, /Lý do thu hồi/u);
  const empty = await leader.post(`${href}/thu-hoi`, { text: '', txn: txId() });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Nhập lý do thu hồi\./u);
  const hostile = await leader.post(`${href}/thu-hoi`, { text: 'Sai\u0000nơi nhận', txn: txId() }, page.body);
  assert.equal(hostile.statusCode, 400);

  const done = await leader.post(`${href}/thu-hoi`, { text: 'Ban hành nhầm nơi nhận.', txn: txId() }, page.body);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `${href}?xong=thu-hoi`);
  const after = await leader.get(String(done.headers.location));
  assert.equal(after.statusCode, 200);
  assert.match(after.body, /Đã thu hồi văn bản; kết quả thu hồi/u);
  assert.match(after.body, /Đã thu hồi/u);
  assert.match(after.body, /Nơi nhận đã đồng ý thu hồi/u);
  assert.match(after.body, /Lý do: Ban hành nhầm nơi nhận\./u);
  assert.doesNotMatch(after.body, /<h3>Thu hồi văn bản<\/h3>/u, 'nothing left to recall');

  const [copy] = await s.db.db.select({ state: documents.state }).from(documents).where(eq(documents.id, officeCopy));
  assert.equal(copy?.state, 'recalled');
});
