import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type SmartCaStandIn, startSmartCaStandIn } from '../../../test/standins/smartca/server.ts';
import { createDemoCertificate, type DemoCertificate } from './certificates.ts';
import { PdfComposer } from './document.ts';
import { DomainError } from './errors.ts';
import { createPkcs11Signer } from './pkcs11.ts';
import { loadPkcs12 } from './pkcs12.ts';
import { openSealedKey, sealPrivateKey } from './sealing.ts';
import { signPdf } from './sign.ts';
import { createKeySigner } from './signer.ts';
import { createSigning } from './signing.ts';
import { createSmartCaSigner } from './smartca.ts';
import { pdfSig } from './testing.ts';
import { createSoftHsmToken } from './testing-softhsm.ts';
import { verifyPdf } from './verify.ts';

let ca: DemoCertificate;
let unsigned: Uint8Array;

before(async () => {
  ca = await createDemoCertificate({ commonName: 'DEMO CA tỉnh Tuyên Quang', password: 'x', isCa: true });
  const doc = new PdfComposer({ title: 'Kết quả' });
  doc.title('QUYẾT ĐỊNH');
  doc.paragraph('Về việc cấp giấy phép cho bà Nguyễn Thị Hường.');
  unsigned = await doc.save();
  await startRemote();
});

function assertValid(signed: Uint8Array, count = 1): string {
  const report = pdfSig(signed);
  assert.equal(report.match(/Signature is Valid\./gu)?.length, count, report);
  return report;
}

test('pkcs12: the imported key is sealed under the deployment secret and signs after unsealing', async () => {
  const agency = await createDemoCertificate({
    commonName: 'Sở Tư pháp tỉnh Tuyên Quang',
    password: 'mật khẩu',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  const loaded = await loadPkcs12(agency.pkcs12, 'mật khẩu');
  const secret = randomBytes(32);
  const sealed = sealPrivateKey(loaded.privateKeyPkcs8, loaded.certificate, secret);
  assert.equal(Buffer.from(sealed).includes(Buffer.from(loaded.privateKeyPkcs8.subarray(40, 72))), false);
  assert.throws(() => openSealedKey(sealed, loaded.certificate, randomBytes(32)), { code: 'SIGNING_KEY_UNREADABLE' });
  assert.throws(() => openSealedKey(sealed, ca.certificate, secret), { code: 'SIGNING_KEY_UNREADABLE' });
  const key = createPrivateKey({
    key: Buffer.from(openSealedKey(sealed, loaded.certificate, secret)),
    format: 'der',
    type: 'pkcs8',
  });
  const signed = await signPdf(unsigned, { signer: createKeySigner(key, loaded.certificate, loaded.chain) });
  assert.match(assertValid(signed), /Sở Tư pháp tỉnh Tuyên Quang/u);
  assert.equal((await verifyPdf(signed))[0]?.integrityValid, true);
});

test('pkcs11: a key generated inside a SoftHSM2 token signs a PDF that pdfsig and verifyPdf accept', async () => {
  const token = createSoftHsmToken('SO TU PHAP', 'leader-key');
  const issued = await createDemoCertificate({
    commonName: 'Nguyễn Văn Ánh',
    organization: 'Sở Tư pháp tỉnh Tuyên Quang',
    password: 'unused',
    publicKeySpki: token.publicKeySpki,
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  token.storeCertificate(issued.certificate);
  const signer = createPkcs11Signer({ ...token, chain: [ca.certificate] });
  assert.deepEqual(signer.certificate, issued.certificate);
  const signed = await signPdf(unsigned, { signer, reason: 'Ký duyệt' });
  assert.match(assertValid(signed), /Nguyễn Văn Ánh/u);
  const [report] = await verifyPdf(signed);
  assert.equal(report?.integrityValid, true);
  // The same key through the configured factory, as a stored `pkcs11` key is signed with.
  const configured = createSigning({ signingPkcs11Library: token.library, signingPkcs11Pin: token.pin });
  const viaFactory = await configured.signerFor({
    provider: 'pkcs11',
    certificate: new Uint8Array(),
    chain: [ca.certificate],
    tokenLabel: token.tokenLabel,
    keyLabel: token.keyLabel,
  });
  assertValid(await signPdf(unsigned, { signer: viaFactory }));
  await assert.rejects(
    createSigning({}).signerFor({ provider: 'pkcs11', certificate: new Uint8Array(), chain: [], keyLabel: 'x' }),
    { code: 'SIGNING_NOT_CONFIGURED' },
  );
  assert.throws(() => createPkcs11Signer({ ...token, keyLabel: 'no-such-key' }), {
    code: 'SIGNING_PKCS11_UNAVAILABLE',
  });
  assert.throws(
    () => createPkcs11Signer({ ...token, tokenLabel: 'NO TOKEN' }),
    (e: unknown) => e instanceof DomainError,
  );
});

let smartca: SmartCaStandIn;
let leader: DemoCertificate;

async function startRemote() {
  leader = await createDemoCertificate({
    commonName: 'Trần Thị Bình',
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'x',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
  });
  smartca = await startSmartCaStandIn(
    [
      {
        userId: '008090001234',
        serialNumber: '54010101493c47d39f8a84b30ed55191',
        certificate: leader.certificate,
        chain: [ca.certificate],
        privateKeyPkcs8: leader.privateKeyPkcs8,
      },
    ],
    { transactionTtlMs: 600 },
  );
}
after(() => smartca?.close());

const remote = () =>
  createSmartCaSigner({
    baseUrl: smartca.url,
    spId: smartca.spId,
    spPassword: smartca.spPassword,
    userId: '008090001234',
    pollIntervalMs: 50,
    timeoutMs: 5_000,
    description: 'Ký kết quả hồ sơ',
  });

test('remote (SmartCA): the signer confirms on the phone; only a hash was sent', async () => {
  const signer = await remote();
  smartca.autoAnswer = 'none';
  const signing = signPdf(unsigned, { signer });
  // The transaction waits (pending) until the phone confirms.
  for (let i = 0; i < 100 && smartca.pending().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const [pending] = smartca.pending();
  assert.ok(pending, 'a pending transaction');
  smartca.confirm(pending.id);
  const signed = await signing;
  assert.match(assertValid(signed), /Trần Thị Bình/u);
  const sent = smartca.requests.find((r) => r.path === '/v1/signatures/sign');
  const file = ((sent?.body.sign_files ?? []) as Array<Record<string, string>>)[0];
  assert.match(file?.data_to_be_signed ?? '', /^[0-9a-f]{64}$/u);
  assert.ok(JSON.stringify(smartca.requests).length < 8_000, 'no document in any request');
});

test('remote (SmartCA): a refusal on the phone and an unanswered request are reported as such', async () => {
  const signer = await remote();
  smartca.autoAnswer = 'refuse';
  await assert.rejects(signPdf(unsigned, { signer }), { code: 'SIGNING_REMOTE_REFUSED' });
  smartca.autoAnswer = 'none';
  await assert.rejects(signPdf(unsigned, { signer }), { code: 'SIGNING_REMOTE_EXPIRED' });
});
