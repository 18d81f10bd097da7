/**
 * The two sync flags QĐ 766 scores, fed from what really happened (DOMAIN.md §2.1, §3 3.6 and
 * 4.5a/b): `TaiKhoanDuocXacThucVoiVNeID` from the level of assurance of the session that filed,
 * `DuocThanhToanTrucTuyen` from the payment attempt that paid the fee request (1 the national
 * platform, 2 VNPay, 0 for anything else). The payments stand-ins settle the payments over HTTP;
 * the national-portal stand-in validates every push, these two fields included.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateHoSo } from '../../../test/standins/national-portal/validate.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { startPayment } from '../payments/start-payment.ts';
import { type PaymentFixture, paymentFixture } from '../payments/testing.ts';
import { type NationalBench, nationalBench } from './testing.ts';

const NOW = '2026-12-07T03:00:00Z';
let p: PaymentFixture;
let b: NationalBench;

before(async () => {
  p = await paymentFixture();
  b = await nationalBench(NOW, { f: p.f, procedure: p.procedure });
});
after(async () => {
  await b.close();
  await p.close();
});

/** The citizen pays through a provider's stand-in, which calls our notification endpoint back. */
async function pay(code: string, citizen: Caller, provider: 'vnpay' | 'national_platform', success = true) {
  const started = await startPayment(
    p.f.db,
    citizen,
    { dossierCode: code, provider, clientIp: '203.0.113.9' },
    p.ctx(),
  );
  if (provider === 'vnpay') {
    await fetch(started.redirectUrl);
    const reference = new URL(started.redirectUrl).searchParams.get('vnp_TxnRef') ?? '';
    await p.vnpay.pay(reference, { outcome: success ? 'success' : 'cancel' });
  } else {
    await p.platform.pay(started.redirectUrl.split('/pay/')[1] ?? '', { success });
  }
}

/** What the portal holds for the dossier after every queued sync was delivered. */
async function heldByPortal(code: string): Promise<Record<string, unknown>> {
  await b.dispatch();
  const held = b.portal.dossiers.get(code);
  assert.ok(held, `the portal holds ${code}`);
  return held;
}

const citizenAt = (assurance?: number): Caller => ({
  ...p.f.citizen(),
  ...(assurance !== undefined ? { assurance } : {}),
});

test('a citizen signed in with VNeID level 2 who paid through VNPay: flags 1 and 2', async () => {
  const { code, citizen } = await p.awaitingPayment(8000, citizenAt(2));
  assert.equal((await heldByPortal(code)).DuocThanhToanTrucTuyen, 0, 'not paid yet');
  await pay(code, citizen, 'vnpay');
  const held = await heldByPortal(code);
  assert.equal(held.TaiKhoanDuocXacThucVoiVNeID, 1);
  assert.equal(held.DuocThanhToanTrucTuyen, 2);
  assert.equal(held.TrangThaiHoSo, '4', 'paid: back in processing');
});

test('a password account that paid on the national payment platform: flags 0 and 1', async () => {
  const { code, citizen } = await p.awaitingPayment(8000, citizenAt());
  await pay(code, citizen, 'national_platform');
  const held = await heldByPortal(code);
  assert.equal(held.TaiKhoanDuocXacThucVoiVNeID, 0);
  assert.equal(held.DuocThanhToanTrucTuyen, 1);
});

test('a VNeID level 1 sign-in counts; a cancelled online attempt is no online payment', async () => {
  const { code, citizen } = await p.awaitingPayment(8000, citizenAt(1));
  await pay(code, citizen, 'vnpay', false);
  const held = await heldByPortal(code);
  assert.equal(held.TaiKhoanDuocXacThucVoiVNeID, 1);
  assert.equal(held.DuocThanhToanTrucTuyen, 0);
  assert.equal(held.TrangThaiHoSo, '6', 'still awaiting payment');
});

test('the portal stand-in accepted every push, and refuses a paid-online flag without a fee', async () => {
  assert.deepEqual(
    b.portal.calls.filter((c) => c.answer.error_code !== 0).map((c) => c.answer.message),
    [],
  );
  const held = await heldByPortal([...b.portal.dossiers.keys()][0] ?? '');
  assert.deepEqual(validateHoSo(held), []);
  assert.deepEqual(validateHoSo({ ...held, DuocThanhToanTrucTuyen: 2, DanhSachLePhi: [] }), [
    'HoSo.DuocThanhToanTrucTuyen: paid online but DanhSachLePhi has no amount',
  ]);
  assert.deepEqual(validateHoSo({ ...held, TaiKhoanDuocXacThucVoiVNeID: 2 }), [
    'HoSo.TaiKhoanDuocXacThucVoiVNeID: 2 is not one of 0, 1',
  ]);
});
