/**
 * The "Thu hồi văn bản" and "Cập nhật văn bản đã phát hành" forms on an issued document's page
 * (the whole app, seeded demo province): the justice department issues letters to the People's
 * Committee Office of the same deployment; its clerk sees neither form and is refused (403); the
 * leader's recall form asks for the reason (422 without, 400 for text no one types), recalls,
 * and the page shows "Đã thu hồi" and the Office's answer. The leader's update form comes filled
 * with the letter as issued, asks for the reason, opens the update; once approved and signed the
 * clerk's button issues the update, and the page shows the Office's agreement.
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
});
after(() => s?.close());

/** A letter of the justice department issued to the Office; its id and the Office's copy. */
async function issuedToOffice(subject: string) {
  const db = s.db.db;
  const office = await agencyByCode(db, '000.00.01.H60');
  assert.ok(office);
  const [specialist, leader, clerk] = await Promise.all(
    ['chuyenvien.tuphap', 'lanhdao.tuphap', 'vanthu.tuphap'].map(callerOf),
  );
  assert.ok(specialist && leader && clerk);
  const ctx = { now: new Date(), blobs: s.app.deps.services.blobs };
  const draft = await createDraft(
    db,
    specialist,
    draftInput({ subject, recipients: [{ kind: 'internal', agencyId: office.id, organName: office.name }] }),
    { transactionId: txId() },
    ctx,
  );
  const leaderId = leader.kind === 'staff' ? leader.id : '';
  await submitDraft(db, specialist, draft.id, { approverId: leaderId }, { transactionId: txId() }, ctx);
  await approveSignIssueAs({ leader, clerk }, draft.id);
  const [copy] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.agencyId, office.id), eq(documents.subject, subject)));
  assert.ok(copy);
  return { documentId: draft.id, officeCopy: copy.id };
}

/** Approved, checked and signed; issued too unless `issue` is false. */
async function approveSignIssueAs(p: { leader: Caller; clerk: Caller }, id: string, issue = true) {
  const db = s.db.db;
  const ctx = { now: new Date(), blobs: s.app.deps.services.blobs };
  await approveDraft(db, p.leader, id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(db, p.clerk, id, { transactionId: txId() }, ctx);
  await signDocument(db, p.leader, id, { transactionId: txId() }, ctx);
  if (issue) await issueDocument(db, p.clerk, id, {}, { transactionId: txId() }, ctx);
}

test('the clerk has no recall form and is refused; the leader recalls with a reason and sees each recipient’s answer', async () => {
  const { documentId, officeCopy } = await issuedToOffice('Báo cáo kết quả rà soát thủ tục hành chính (thu hồi)');
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

test('the clerk has no update form and is refused; the leader opens an update from the filled form, and once signed the clerk issues it with the same number', async () => {
  const subject = 'Báo cáo kết quả rà soát thủ tục hành chính (cập nhật)';
  const { documentId, officeCopy } = await issuedToOffice(subject);
  const href = `/workspace/van-ban/${documentId}`;
  const clerk = await workspaceStaff(s.app, 'vanthu.tuphap');
  const clerkPage = await clerk.page(href);
  assert.doesNotMatch(clerkPage.body, /Lý do cập nhật/u);
  const refused = await clerk.post(`${href}/cap-nhat`, { text: 'Sửa số liệu.', txn: txId() }, clerkPage.body);
  assert.equal(refused.statusCode, 403);

  const leader = await workspaceStaff(s.app, 'lanhdao.tuphap');
  const page = await leader.page(href);
  assert.match(page.body, /<h3>Cập nhật văn bản đã phát hành<\/h3>/u);
  assert.match(page.body, /Lý do cập nhật/u);
  assert.ok(page.body.includes(`>${subject}</textarea>`), 'the subject as issued, to correct');
  const form = {
    subject: `${subject} — sửa số liệu`,
    content: 'Đã rà soát 27 thủ tục.',
    signerPosition: 'Phó Giám đốc',
    signerName: 'Nguyễn Văn Khải',
  };
  const empty = await leader.post(`${href}/cap-nhat`, { ...form, text: '', txn: txId() }, page.body);
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Nhập lý do cập nhật\./u);
  const done = await leader.post(`${href}/cap-nhat`, { ...form, text: 'Sửa số liệu.', txn: txId() }, page.body);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `${href}?xong=cap-nhat`);
  const opened = await leader.get(String(done.headers.location));
  assert.match(opened.body, /Đã mở bản cập nhật/u);
  assert.match(opened.body, /Chờ duyệt nội dung/u);
  assert.match(opened.body, /Mở bản cập nhật văn bản đã phát hành/u);

  const [leaderCaller, clerkCaller] = await Promise.all(['lanhdao.tuphap', 'vanthu.tuphap'].map(callerOf));
  assert.ok(leaderCaller && clerkCaller);
  await approveSignIssueAs({ leader: leaderCaller, clerk: clerkCaller }, documentId, false);
  const signed = await clerk.page(href);
  assert.match(signed.body, /<h3>Ký số cơ quan và phát hành bản cập nhật<\/h3>/u);
  const issued = await clerk.post(`${href}/phat-hanh`, { txn: txId() }, signed.body);
  assert.equal(issued.statusCode, 303);
  const after = await leader.get(href);
  assert.match(after.body, /Đã phát hành/u);
  assert.match(after.body, /Nơi nhận đã đồng ý cập nhật/u);
  assert.match(after.body, /Phát hành bản cập nhật lần 1, giữ số/u);
  assert.match(after.body, /\(bản chính, phiên bản \d+\)/u, 'each sealed version listed with its version');
  const [copy] = await s.db.db
    .select({ subject: documents.subject })
    .from(documents)
    .where(eq(documents.id, officeCopy));
  assert.equal(copy?.subject, form.subject);
});
