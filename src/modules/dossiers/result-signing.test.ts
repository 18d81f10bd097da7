/**
 * Issue 14 §2 and issue 13.11: the leader approves and signs a dossier's result in one action
 * with their own key, then the agency's seal is added; both signatures stay valid (pdfsig and
 * verifyPdf). A remote key (CSC API) waits for the leader's confirmation on the phone without
 * holding the dossier, and a refusal leaves the dossier as it was.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { pdfBytes } from '../../../test/fixtures/files.ts';
import { rgbaPng } from '../../../test/fixtures/images.ts';
import { type CscStandIn, startCscStandIn } from '../../../test/standins/csc/server.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { DemoCertificate } from '../../platform/pdf/certificates.ts';
import {
  certificateFingerprint,
  createDemoCertificate,
  createSigning,
  parseCertificate,
  type Signing,
  verifyPdf,
} from '../../platform/pdf/index.ts';
import { pdfImagesList, pdfSig } from '../../platform/pdf/testing.ts';
import { takeAction } from './actions.ts';
import { addAttachment, readAttachment } from './attachments.ts';
import { lockDossier } from './context.ts';
import { type FindingsKit, findingsKit, MAX, NOW, outcome } from './findings-kit.ts';
import { keySigning } from './key-signing.ts';
import { getDossier } from './queries.ts';
import { dossierAttachments, signingKeys } from './schema.ts';
import { saveSignatureImage } from './signing-images.ts';
import { importPkcs12Key, signing } from './signing-keys.ts';
import { txId } from './testing.ts';

let kit: FindingsKit;
let ca: DemoCertificate;
let csc: CscStandIn;
let remoteLeader: DemoCertificate;
const credentialId = 'GX0112399';

before(async () => {
  kit = await findingsKit();
  ca = await createDemoCertificate({ commonName: 'CA thử nghiệm', password: 'x', isCa: true, withoutPkcs12: true });
  remoteLeader = await createDemoCertificate({
    commonName: 'Hoàng Thị Lan',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'x',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  csc = await startCscStandIn([
    {
      credentialId,
      certificate: remoteLeader.certificate,
      chain: [ca.certificate],
      privateKeyPkcs8: remoteLeader.privateKeyPkcs8,
    },
  ]);
});
after(async () => {
  await csc?.close();
  await kit.f.t.close();
});

/** A dossier at the leader's step with a draft result numbered by the specialist. */
async function drafted(): Promise<{ code: string; draftId: string }> {
  const { code } = await kit.walk('atSpecialist');
  const specialist = await kit.who('minhxuan', 'specialist');
  const draft = await addAttachment(
    kit.f.db,
    kit.f.blobs,
    specialist,
    code,
    { kind: 'result', fileName: 'du-thao.pdf', bytes: await pdfBytes('Giay khai sinh'), paperName: '125/2026/GKS' },
    { maxBytes: MAX, now: new Date(NOW) },
  );
  await kit.act(specialist, code, { type: 'complete_step', stepIndex: 1 });
  return { code, draftId: draft.id };
}

const approveAndSign = (
  leader: Caller,
  code: string,
  draftId: string,
  ctx = kit.f.at(NOW),
  transactionId = txId('approve-sign'),
) =>
  takeAction(
    kit.f.db,
    leader,
    code,
    { type: 'approve', result: { attachmentIds: [draftId], electronic: true } },
    { transactionId, signResult: true },
    ctx,
  );

const leaderId = (c: Caller) => (c.kind === 'staff' ? { accountId: c.id, agencyId: c.agencyId } : assert.fail());

test('the leader approves and signs with their own key (PKCS#12) and the seal follows: two valid signatures with the images on file', async () => {
  const leader = await kit.who('minhxuan', 'leader');
  const owner = leaderId(leader);
  const p12 = await createDemoCertificate({
    commonName: 'Nguyễn Văn Cán Bộ',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'mật khẩu',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  await importPkcs12Key(kit.f.db, { owner, pkcs12: p12.pkcs12, password: 'mật khẩu' });
  // The leader's signature image and, by the province's administrator, the ward's seal image.
  await saveSignatureImage(kit.f.db, leader, owner, rgbaPng(120, 40, [0, 0, 200]));
  const admin = await kit.who('ubnd', 'admin');
  await saveSignatureImage(kit.f.db, admin, { agencyId: owner.agencyId }, rgbaPng(90, 90, [200, 0, 0]));

  const { code, draftId } = await drafted();
  const once = txId('approve-sign-once');
  const approved = await approveAndSign(leader, code, draftId, kit.f.at(NOW), once);
  assert.equal(approved.state, 'in_progress', 'with the receiving centre for the hand-back step');
  const again = await approveAndSign(leader, code, draftId, kit.f.at(NOW), once);
  assert.deepEqual(again, approved, 'a retried request gets the first answer');
  assert.ok(!approved.allowedActions.includes('attach_result'), 'no second "Có kết quả giải quyết" action');

  const { meta, bytes } = await readAttachment(kit.f.db, kit.f.blobs, leader, code, draftId);
  assert.equal(meta.signed, true);
  assert.equal(meta.issued, true);
  assert.equal(meta.paperName, '125/2026/GKS');
  const report = pdfSig(bytes);
  assert.match(report, /Signature #1:[\s\S]*Nguyễn Văn Cán Bộ[\s\S]*Signature is Valid\.[\s\S]*Signature #2:/u, report);
  assert.match(report, /Signature #2:[\s\S]*Ủy ban nhân dân phường Minh Xuân[\s\S]*Signature is Valid\./u, report);
  assert.equal(report.match(/Signature is Valid\./gu)?.length, 2, report);
  const reports = await verifyPdf(bytes, { trustAnchors: [ca.certificate] });
  assert.equal(reports.length, 2);
  assert.deepEqual(
    reports.map((r) => r.integrityValid),
    [true, true],
  );
  assert.ok(
    reports.every((r) => r.verdict !== 'invalid'),
    JSON.stringify(reports.map((r) => r.reasons)),
  );
  assert.equal(reports[0]?.chain.trusted, true, 'the leader’s certificate chains to its CA');
  assert.match(reports[0]?.signerName ?? '', /Nguyễn Văn Cán Bộ/u);
  assert.equal(reports[0]?.changesAfterSigning, 'signatures-only', 'the seal left the signed pages alone');
  // Decree 30 Annex I: the signature image and the seal image, each with its transparency (smask).
  const images = pdfImagesList(bytes);
  assert.equal(images.filter((i) => i.type === 'image').length, 2, JSON.stringify(images));
  assert.equal(images.filter((i) => i.type === 'smask').length, 2, 'the transparent backgrounds are kept');
  assert.ok(images.some((i) => i.width === 120 && i.height === 40));
  assert.ok(images.some((i) => i.width === 90 && i.height === 90));
});

test('without a personal key the leader cannot sign: nothing is issued', async () => {
  const other = await kit.f.staffAt('minhxuan', ['leader'], 'Trần Thị Chưa Có Khóa');
  const { code, draftId } = await drafted();
  assert.equal(await outcome(approveAndSign(other, code, draftId)), 'SIGNING_NO_KEY');
  const [row] = await kit.f.db.select().from(dossierAttachments).where(eq(dossierAttachments.id, draftId));
  assert.equal(row?.signed, false);
  assert.equal(row?.issued, false);
});

/** The process's signing services, with a CSC service configured for remote keys. */
function withCsc(timeoutSeconds: number): Signing {
  const base = signing();
  const remote = createSigning({
    cscUrl: csc.url,
    cscClientId: csc.clientId,
    cscClientSecret: csc.clientSecret,
    smartcaTimeoutSeconds: timeoutSeconds,
  });
  return { ...base, signerFor: (key, o) => (key.provider === 'csc' ? remote : base).signerFor(key, o) };
}

async function remoteLeaderAt(): Promise<Caller> {
  const leader = await kit.f.staffAt('minhxuan', ['leader'], 'Hoàng Thị Lan');
  const cert = parseCertificate(remoteLeader.certificate);
  await kit.f.db.insert(signingKeys).values({
    provinceCode: '08',
    ...leaderId(leader),
    provider: 'csc',
    certificate: Buffer.from(remoteLeader.certificate).toString('base64'),
    chain: [Buffer.from(ca.certificate).toString('base64')],
    remoteUserId: credentialId,
    subject: 'CN=Hoàng Thị Lan',
    fingerprint: certificateFingerprint(remoteLeader.certificate),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
  });
  return leader;
}

test('a remote key (CSC API): pending while the leader confirms on the phone, the dossier not held; then leader and seal both valid', async () => {
  const leader = await remoteLeaderAt();
  const { code, draftId } = await drafted();
  csc.autoAnswer = 'none';
  const ctx = { ...kit.f.at(NOW), signing: keySigning(() => withCsc(60)) };
  const approving = approveAndSign(leader, code, draftId, ctx);
  let pending = csc.pending();
  for (let i = 0; i < 500 && pending.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    pending = csc.pending();
  }
  const [waiting] = pending;
  assert.ok(waiting, 'an authorisation waits for the leader');
  assert.match(waiting.description ?? '', /125\/2026\/GKS/u, 'the phone says what is signed');
  // Pending: the dossier is not locked, and nothing is issued yet.
  await kit.f.db.transaction((tx) => lockDossier(tx, code));
  const [before] = await kit.f.db.select().from(dossierAttachments).where(eq(dossierAttachments.id, draftId));
  assert.equal(before?.signed, false);
  csc.approve(waiting.handle);
  const approved = await approving;
  assert.equal(approved.state, 'in_progress');
  const { bytes } = await readAttachment(kit.f.db, kit.f.blobs, leader, code, draftId);
  const report = pdfSig(bytes);
  assert.equal(report.match(/Signature is Valid\./gu)?.length, 2, report);
  assert.match(report, /Hoàng Thị Lan/u);
  const authorize = csc.requests.filter((r) => r.path === '/credentials/authorize').at(-1);
  assert.ok(JSON.stringify(authorize?.body).length < 2_000, 'only the hash went to the service');
});

test('a remote key: the leader refuses on the phone; the dossier stays with the leader, nothing signed or issued', async () => {
  const [leader] = await kit.f.db
    .select({ accountId: signingKeys.accountId, agencyId: signingKeys.agencyId })
    .from(signingKeys)
    .where(and(eq(signingKeys.provider, 'csc'), eq(signingKeys.remoteUserId, credentialId)));
  assert.ok(leader?.accountId);
  const caller: Caller = {
    kind: 'staff',
    id: leader.accountId,
    provinceCode: '08',
    agencyId: leader.agencyId,
    roles: ['leader'],
  };
  const { code, draftId } = await drafted();
  csc.autoAnswer = 'refuse';
  const ctx = { ...kit.f.at(NOW), signing: keySigning(() => withCsc(60)) };
  assert.equal(await outcome(approveAndSign(caller, code, draftId, ctx)), 'SIGNING_REMOTE_REFUSED');
  const [row] = await kit.f.db.select().from(dossierAttachments).where(eq(dossierAttachments.id, draftId));
  assert.deepEqual([row?.signed, row?.issued], [false, false]);
  const view = await getDossier(kit.f.db, caller, code);
  assert.ok(view.allowedActions.includes('approve'), 'still the leader’s to decide');
});
