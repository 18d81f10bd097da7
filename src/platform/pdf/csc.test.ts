import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CscStandIn, startCscStandIn } from '../../../test/standins/csc/server.ts';
import { createDemoCertificate, type DemoCertificate } from './certificates.ts';
import { createCscSigner } from './csc.ts';
import { PdfComposer } from './document.ts';
import { signPdf } from './sign.ts';
import { createSigning } from './signing.ts';
import { pdfSig } from './testing.ts';

let ca: DemoCertificate;
let leader: DemoCertificate;
let unsigned: Uint8Array;
let csc: CscStandIn;
const credentialId = 'GX0112348';

before(async () => {
  ca = await createDemoCertificate({ commonName: 'DEMO CA tỉnh Tuyên Quang', password: 'x', isCa: true });
  leader = await createDemoCertificate({
    commonName: 'Lê Văn Cường',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'x',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  csc = await startCscStandIn([
    { credentialId, certificate: leader.certificate, chain: [ca.certificate], privateKeyPkcs8: leader.privateKeyPkcs8 },
  ]);
  const doc = new PdfComposer({ title: 'Văn bản' });
  doc.title('CÔNG VĂN');
  doc.paragraph('Về việc trả lời kiến nghị của công dân.');
  unsigned = await doc.save();
});
after(() => csc?.close());

const signer = () =>
  createCscSigner({
    baseUrl: csc.url,
    clientId: csc.clientId,
    clientSecret: csc.clientSecret,
    credentialId,
    description: 'Ký công văn trả lời',
    pollIntervalMs: 20,
    timeoutMs: 1_000,
  });

const waitForPending = async () => {
  for (let i = 0; i < 200 && csc.pending().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  const [pending] = csc.pending();
  assert.ok(pending, 'an authorisation waits for the signer');
  return pending;
};

test('CSC API v2: the signer approves on the phone; only a SHA-256 was sent, and the PDF verifies in pdfsig', async () => {
  csc.autoAnswer = 'none';
  const signing = signPdf(unsigned, { signer: await signer() });
  const pending = await waitForPending();
  assert.equal(pending.description, 'Ký công văn trả lời');
  csc.approve(pending.handle);
  const signed = await signing;
  const report = pdfSig(signed);
  assert.match(report, /Signature is Valid\./u, report);
  assert.match(report, /Lê Văn Cường/u);
  const authorize = csc.requests.find((r) => r.path === '/credentials/authorize');
  assert.deepEqual(Object.keys(authorize?.body ?? {}).sort(), [
    'credentialID',
    'description',
    'hashAlgorithmOID',
    'hashes',
    'numSignatures',
  ]);
  const signHash = csc.requests.find((r) => r.path === '/signatures/signHash');
  assert.deepEqual(signHash?.body.hashes, authorize?.body.hashes);
  assert.equal(signHash?.body.signAlgo, '1.2.840.113549.1.1.11');
  assert.ok(JSON.stringify(csc.requests).length < 8_000, 'no document in any request');
  // Service authorisation by client credentials, form-encoded (CSC §8.4.4).
  assert.equal(csc.requests.find((r) => r.path === '/oauth2/token')?.body.grant_type, 'client_credentials');
});

test('CSC API v2: a refusal on the phone and an unanswered authorisation are reported as such', async () => {
  const s = await signer();
  csc.autoAnswer = 'refuse';
  await assert.rejects(signPdf(unsigned, { signer: s }), { code: 'SIGNING_REMOTE_REFUSED' });
  csc.autoAnswer = 'none';
  await assert.rejects(signPdf(unsigned, { signer: s }), { code: 'SIGNING_REMOTE_EXPIRED' });
});

test('CSC API v2: a stored csc key signs through the deployment signing services; without CSC_URL it is refused', async () => {
  csc.autoAnswer = 'approve';
  const signing = createSigning({ cscUrl: csc.url, cscClientId: csc.clientId, cscClientSecret: csc.clientSecret });
  const registered = await signing.remoteCertificate('csc', credentialId);
  assert.deepEqual(registered.certificate, leader.certificate);
  const key = {
    provider: 'csc' as const,
    certificate: registered.certificate,
    chain: registered.chain,
    remoteUserId: credentialId,
  };
  const signed = await signPdf(unsigned, { signer: await signing.signerFor(key) });
  assert.match(pdfSig(signed), /Signature is Valid\./u);
  await assert.rejects(createSigning({}).signerFor(key), { code: 'SIGNING_NOT_CONFIGURED' });
});

test('CSC API v2: a wrong client secret is a clear unavailable error, not a crash', async () => {
  await assert.rejects(
    createCscSigner({ baseUrl: csc.url, clientId: csc.clientId, clientSecret: 'wrong', credentialId }),
    { code: 'SIGNING_REMOTE_UNAVAILABLE' },
  );
});
