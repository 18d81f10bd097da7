import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { pngBytes } from '../../../test/fixtures/files.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/notify/index.ts';
import { createDemoCertificate, iso8601Vietnam, PdfComposer, verifyPdf } from '../../platform/pdf/index.ts';
import { pdfSig, pdfToText } from '../../platform/pdf/testing.ts';
import { signAsAgency, signPersonally } from './key-signing.ts';
import { signingKeys } from './schema.ts';
import { activeKeyOf, importPkcs12Key, keysExpiringSoon, revokeKey } from './signing-keys.ts';
import { type DossierFixture, dossierFixture } from './testing.ts';

let f: DossierFixture;
let unsigned: Uint8Array;
let ca: Awaited<ReturnType<typeof createDemoCertificate>>;

before(async () => {
  f = await dossierFixture();
  ca = await createDemoCertificate({ commonName: 'CA thử nghiệm', password: 'x', isCa: true, withoutPkcs12: true });
  const doc = new PdfComposer({ title: 'Quyết định' });
  doc.title('QUYẾT ĐỊNH');
  doc.paragraph('Về việc cấp giấy phép.');
  unsigned = await doc.save();
});
after(() => f.t.close());

async function p12For(commonName: string, options: { notBefore?: Date; validityDays?: number } = {}) {
  return createDemoCertificate({
    commonName,
    organization: 'UBND tỉnh Tuyên Quang',
    password: 'mật khẩu p12',
    issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
    ...options,
  });
}

test('a leader signs personally, then the agency seals: both signatures stay valid (pdfsig and verifyPdf), each audited', async () => {
  const leader = await f.staffAt('tuphap', ['leader'], 'Đào Xuân Trường');
  if (leader.kind !== 'staff') throw new Error('staff expected');
  const cert = await p12For('Đào Xuân Trường');
  const key = await importPkcs12Key(f.db, {
    owner: { agencyId: f.agency.tuphap, accountId: leader.id },
    pkcs12: cert.pkcs12,
    password: 'mật khẩu p12',
  });
  // issue 11: no password, and the private key only sealed.
  const [row] = await f.db.select().from(signingKeys).where(eq(signingKeys.id, key.id));
  assert.doesNotMatch(JSON.stringify(row), /mật khẩu p12/u);
  assert.ok(row?.sealedKey);
  assert.equal(Buffer.from(row.sealedKey, 'base64').includes(Buffer.from(cert.privateKeyPkcs8.subarray(-32))), false);

  const at = new Date();
  const personal = await signPersonally(f.db, { accountId: leader.id, agencyId: f.agency.tuphap }, unsigned, {
    reason: 'Ký duyệt kết quả',
    at,
    actorId: leader.id,
    // Decree 30/2020 Annex I: the leader's signature image, then the seal over its left third.
    appearance: { rect: { x: 330, y: 120, width: 180, height: 60 }, signatureImage: pngBytes() },
  });
  const sealed = await signAsAgency(f.db, f.agency.tuphap, personal, {
    reason: 'Đóng dấu cơ quan',
    at,
    actorId: leader.id,
    // Below the leader's box here, so that pdftotext reads each caption whole.
    appearance: { rect: { x: 300, y: 20, width: 240, height: 90 }, sealImage: pngBytes() },
  });
  // Each visible signature says who signed and when, in ISO 8601 with +07:00 (Decree 30 Annex I).
  const shown = pdfToText(sealed);
  assert.match(shown, /Người ký: Đào Xuân Trường/u);
  assert.match(shown, /Cơ quan: Sở Tư pháp tỉnh Tuyên Quang/u);
  assert.equal(
    shown.match(new RegExp(`Thời gian ký: ${iso8601Vietnam(at).replace('+', '\\+')}`, 'gu'))?.length,
    2,
    shown,
  );
  assert.equal(
    Buffer.from(sealed)
      .toString('latin1')
      .match(/\/AP <<\s*\/N \d+ 0 R/gu)?.length,
    2,
    'two visible appearances',
  );
  const report = pdfSig(sealed);
  assert.equal(report.match(/Signature is Valid\./gu)?.length, 2, report);
  const [first, second] = await verifyPdf(sealed);
  assert.equal(first?.signerCommonName, 'Đào Xuân Trường');
  assert.equal(first?.integrityValid, true);
  assert.equal(first?.changesAfterSigning, 'signatures-only', 'the seal left the signed page as it was');
  assert.equal(second?.signerCommonName, 'Sở Tư pháp tỉnh Tuyên Quang');
  assert.equal(second?.integrityValid, true);

  const audited = await f.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, `signing-key:${key.id}`), eq(auditEvents.action, 'signing.sign')));
  assert.equal(audited.length, 1);
  const data = audited[0]?.data as Record<string, string>;
  assert.equal(audited[0]?.actorId, leader.id);
  assert.equal(data.fingerprint, key.fingerprint);
  assert.match(data.signedSha256 ?? '', /^[0-9a-f]{64}$/u);
});

test('an expired, a not yet valid and a revoked key are refused; a rotated key signs and the old signature stays valid', async () => {
  const owner = { agencyId: f.agency.minhxuan };
  const old = await activeKeyOf(f.db, owner);
  const before = await signAsAgency(f.db, owner.agencyId, unsigned, { reason: 'Trước khi đổi khóa', at: new Date() });

  const expired = await p12For('Ủy ban nhân dân phường Minh Xuân', {
    notBefore: new Date(Date.now() - 400 * 86_400_000),
    validityDays: 365,
  });
  await importPkcs12Key(f.db, { owner, pkcs12: expired.pkcs12, password: 'mật khẩu p12' });
  await assert.rejects(signAsAgency(f.db, owner.agencyId, unsigned, { reason: 'x', at: new Date() }), {
    code: 'SIGNING_KEY_EXPIRED',
  });

  const future = await p12For('Ủy ban nhân dân phường Minh Xuân', { notBefore: new Date(Date.now() + 86_400_000) });
  await importPkcs12Key(f.db, { owner, pkcs12: future.pkcs12, password: 'mật khẩu p12' });
  await assert.rejects(signAsAgency(f.db, owner.agencyId, unsigned, { reason: 'x', at: new Date() }), {
    code: 'SIGNING_KEY_NOT_YET_VALID',
  });

  const fresh = await p12For('Ủy ban nhân dân phường Minh Xuân', { validityDays: 20 });
  const rotated = await importPkcs12Key(f.db, { owner, pkcs12: fresh.pkcs12, password: 'mật khẩu p12' });
  const [oldRow] = await f.db.select().from(signingKeys).where(eq(signingKeys.id, old.id));
  assert.equal(oldRow?.status, 'retired');
  const after = await signAsAgency(f.db, owner.agencyId, unsigned, { reason: 'Sau khi đổi khóa', at: new Date() });
  assert.equal((await verifyPdf(after))[0]?.serialNumber !== (await verifyPdf(before))[0]?.serialNumber, true);
  assert.match(pdfSig(before), /Signature is Valid\./u, 'the old signature still verifies');

  // Expiry notice 30 days ahead, once: audited, and e-mailed to the agency's administrators.
  await f.staffAt('minhxuan', ['admin'], 'Hoàng Văn Quản', 'quantri@minhxuan.example');
  const soon = await keysExpiringSoon(f.db);
  assert.ok(soon.some((k) => k.id === rotated.id));
  const notices = await f.db.select().from(outbox).where(eq(outbox.topic, 'signing.keyExpiring'));
  assert.ok(
    notices.some((n) => n.recipient === 'quantri@minhxuan.example'),
    "an e-mail to the agency's administrator is in the outbox",
  );
  for (const n of notices) {
    assert.equal(n.channel, 'email');
    assert.match(String((n.payload as { subject?: string }).subject), /^Chứng thư số của .+ sắp hết hạn/u);
  }
  assert.equal(
    (await keysExpiringSoon(f.db)).some((k) => k.id === rotated.id),
    false,
  );

  await revokeKey(f.db, rotated.id);
  await assert.rejects(signAsAgency(f.db, owner.agencyId, unsigned, { reason: 'x', at: new Date() }), {
    code: 'SIGNING_KEY_REVOKED',
  });
});

test('an official without an installed key cannot sign personally: nothing is minted', async () => {
  const clerk = await f.staffAt('tuphap', ['clerk'], 'Vũ Thị Hoa');
  if (clerk.kind !== 'staff') throw new Error('staff expected');
  const count = (await f.db.select().from(signingKeys)).length;
  await assert.rejects(
    signPersonally(f.db, { accountId: clerk.id, agencyId: f.agency.tuphap }, unsigned, { reason: 'x', at: new Date() }),
    { code: 'SIGNING_NO_KEY' },
  );
  assert.equal((await f.db.select().from(signingKeys)).length, count);
});
