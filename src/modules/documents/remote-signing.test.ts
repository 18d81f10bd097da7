/**
 * The leader signs with a remote key (VNPT SmartCA, through its stand-in): while the phone waits
 * for the confirmation the document is not locked — the clerk sends the draft back, the drafter
 * revises it and it comes back to signature — and the signature made over the old version is
 * then refused (DOCUMENT_CHANGED_WHILE_SIGNING), never stored, but logged on the key's chain.
 * With nothing changed, the confirmation signs; a replay answers without asking the phone again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like, sql } from 'drizzle-orm';
import { type SmartCaStandIn, startSmartCaStandIn } from '../../../test/standins/smartca/server.ts';
import { auditEvents } from '../../platform/audit/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { DomainError } from '../../platform/errors.ts';
import { createDemoCertificate, createSigning } from '../../platform/pdf/index.ts';
import { registerRemoteKey, signing, useSigning } from '../dossiers/index.ts';
import { createDraft, reviseDraft } from './draft-document.ts';
import { approveDraft, checkDocumentFormat, sendBackDraft, signDocument, submitDraft } from './review-document.ts';
import { documentFiles, documents } from './schema.ts';
import { type DocumentsTestbed, documentsTestbed, draftInput, txId } from './testing.ts';

let f: DocumentsTestbed;
let smartca: SmartCaStandIn;
let previous: ReturnType<typeof signing>;
const USER_ID = '008090001234';

before(async () => {
  f = await documentsTestbed();
  const ca = await createDemoCertificate({ commonName: 'CA SmartCA thử nghiệm', password: 'x', isCa: true });
  const leaderCert = await createDemoCertificate({
    commonName: 'Nguyễn Văn Khải',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'x',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  smartca = await startSmartCaStandIn(
    [
      {
        userId: USER_ID,
        serialNumber: '54010101493c47d39f8a84b30ed55191',
        certificate: leaderCert.certificate,
        chain: [ca.certificate],
        privateKeyPkcs8: leaderCert.privateKeyPkcs8,
      },
    ],
    { transactionTtlMs: 60_000 },
  );
  previous = signing();
  useSigning(
    createSigning({
      ...loadConfig(),
      smartcaUrl: smartca.url,
      smartcaSpId: smartca.spId,
      smartcaSpPassword: smartca.spPassword,
      smartcaTimeoutSeconds: 60,
    }),
  );
  // The leader's remote key replaces the .p12 the testbed installed (the earlier key is retired).
  await registerRemoteKey(f.t.db, { owner: { agencyId: f.tuphap, accountId: leaderId() }, userId: USER_ID });
});

after(async () => {
  if (previous) useSigning(previous);
  await smartca?.close();
  await f?.t.close();
});

function leaderId(): string {
  return f.leader.kind === 'staff' ? f.leader.id : '';
}

/** A draft of the specialist's, approved and format-checked: waiting for the leader's signature. */
async function awaitingSignature(ctx: ReturnType<DocumentsTestbed['ctx']>): Promise<string> {
  const draft = await createDraft(f.t.db, f.specialist, draftInput(), { transactionId: txId() }, ctx);
  await toSignature(draft.id, ctx);
  return draft.id;
}

async function toSignature(id: string, ctx: ReturnType<DocumentsTestbed['ctx']>): Promise<void> {
  await submitDraft(f.t.db, f.specialist, id, { approverId: leaderId() }, { transactionId: txId() }, ctx);
  await approveDraft(f.t.db, f.leader, id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(f.t.db, f.clerk, id, { transactionId: txId() }, ctx);
}

async function pendingOnPhone(count: number) {
  for (let i = 0; i < 500 && smartca.pending().length < count; i++) await new Promise((r) => setTimeout(r, 20));
  const last = smartca.pending().at(-1);
  assert.ok(last, 'the signature waits on the phone');
  return last;
}

const signedFiles = (id: string) =>
  f.t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(documentFiles)
    .where(and(eq(documentFiles.documentId, id), eq(documentFiles.role, 'signed')));

test('remote signature: the document is not locked while the phone waits; a draft changed meanwhile is not signed', async () => {
  const ctx = f.ctx();
  const id = await awaitingSignature(ctx);
  const signsBefore = await f.t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'signing.sign'), like(auditEvents.stream, 'signing-key:%')));
  smartca.autoAnswer = 'none';
  const signingNow = signDocument(f.t.db, f.leader, id, { transactionId: txId() }, ctx).then(
    () => 'signed',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );
  const waiting = await pendingOnPhone(1);

  // Meanwhile: each of these locks the document's row; they complete while the phone waits.
  await sendBackDraft(f.t.db, f.clerk, id, { reason: 'Sửa nơi nhận' }, { transactionId: txId() }, ctx);
  await reviseDraft(
    f.t.db,
    f.specialist,
    id,
    draftInput({ subject: 'Báo cáo kết quả rà soát thủ tục hành chính lĩnh vực hộ tịch (sửa)' }),
    { transactionId: txId() },
    ctx,
  );
  await toSignature(id, ctx);
  const [middle] = await f.t.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(middle?.state, 'awaiting_signature');

  smartca.confirm(waiting.id);
  assert.equal(await signingNow, 'DOCUMENT_CHANGED_WHILE_SIGNING');
  const [doc] = await f.t.db.select().from(documents).where(eq(documents.id, id));
  assert.equal(doc?.state, 'awaiting_signature', 'the old version’s signature was not kept');
  assert.equal((await signedFiles(id))[0]?.n, 0);
  const signsAfter = await f.t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'signing.sign'), like(auditEvents.stream, 'signing-key:%')));
  assert.equal((signsAfter[0]?.n ?? 0) - (signsBefore[0]?.n ?? 0), 1, 'the key’s use is logged all the same');
});

test('remote signature: confirmed on the phone with nothing changed, the document is signed; a replay does not ask again', async () => {
  const ctx = f.ctx();
  const id = await awaitingSignature(ctx);
  smartca.autoAnswer = 'confirm';
  const transactionId = txId();
  const asked = smartca.requests.filter((r) => r.path === '/v1/signatures/sign').length;
  const result = await signDocument(f.t.db, f.leader, id, { transactionId }, ctx);
  assert.equal(result.state, 'signed');
  assert.equal((await signedFiles(id))[0]?.n, 1);
  const again = await signDocument(f.t.db, f.leader, id, { transactionId }, ctx);
  assert.deepEqual(again, result);
  assert.equal(smartca.requests.filter((r) => r.path === '/v1/signatures/sign').length, asked + 1);
});
