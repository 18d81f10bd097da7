/**
 * One app on the dossier fixture's database, listening on 127.0.0.1, with the VNPay and
 * national-platform stand-ins (test/standins) configured as the real providers would be:
 * they call the app back over HTTP. Dossiers are brought to awaiting_payment through the
 * dossiers service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type PlatformStandIn, startPlatformStandIn } from '../../../test/standins/payment-platform/server.ts';
import { startVnpayStandIn, type VnpayStandIn } from '../../../test/standins/vnpay/server.ts';
import { buildApp } from '../../app.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { loadConfig } from '../../platform/config.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { takeAction } from '../dossiers/index.ts';
import { type DossierFixture, dossierFixture, file, txId } from '../dossiers/testing.ts';
import type { PaymentContext } from './context.ts';
import { paymentContextOf } from './settings.ts';

export interface PaymentFixture {
  f: DossierFixture;
  app: FastifyInstance;
  vnpay: VnpayStandIn;
  platform: PlatformStandIn;
  procedure: ProcedureView;
  /** The payment context the app uses, at an instant (default: now). */
  ctx(at?: Date): PaymentContext;
  /** A dossier filed online by a citizen (default: a new one), received, and asked to pay `amount` đồng. */
  awaitingPayment(amount?: number, citizen?: Caller): Promise<{ code: string; citizen: Caller }>;
  staff: { receiver: Caller; specialist: Caller; leader: Caller };
  close(): Promise<void>;
}

const NOW = '2026-12-07T03:00:00Z';

export async function paymentFixture(): Promise<PaymentFixture> {
  const f = await dossierFixture();
  const vnpay = await startVnpayStandIn();
  const platform = await startPlatformStandIn();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-pay-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PROVINCE_CODE: '08',
    RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_URL: 'https://dichvucong.example',
    VNPAY_TMN_CODE: vnpay.tmnCode,
    VNPAY_HASH_SECRET: vnpay.hashSecret,
    VNPAY_PAY_URL: vnpay.payUrl,
    VNPAY_API_URL: vnpay.apiUrl,
    PAYMENT_PLATFORM_INIT_URL: platform.initUrl,
    PAYMENT_PLATFORM_QUERY_URL: platform.queryUrl,
    PAYMENT_PLATFORM_BILL_URL: platform.billUrl,
    PAYMENT_PLATFORM_PARTNER_CODE: platform.partnerCode,
    PAYMENT_PLATFORM_SECRET: platform.secret,
    VIETQR_BANK_BIN: '970416',
    VIETQR_ACCOUNT_NUMBER: '257678859',
    VIETQR_ACCOUNT_NAME: 'TRUNG TAM PHUC VU HANH CHINH CONG',
  });
  const app = await buildApp({ config, database: f.t, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  vnpay.setIpnUrl(`http://127.0.0.1:${port}/payments/vnpay/ipn`);
  platform.setConfirmUrl(`http://127.0.0.1:${port}/payments/platform/confirm`);
  const procedure = await f.procedure({
    fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 8000, collect: 'before', exemptions: 'Trẻ em thuộc hộ nghèo' }],
  });
  const staff = {
    receiver: await f.staffAt('minhxuanCentre', ['receiver']),
    specialist: await f.staffAt('minhxuan', ['specialist']),
    leader: await f.staffAt('minhxuan', ['leader']),
  };
  const act = (who: Caller, code: string, action: Parameters<typeof takeAction>[3]) =>
    takeAction(f.db, who, code, action, { transactionId: txId('pay') }, f.at(NOW));
  return {
    f,
    app,
    vnpay,
    platform,
    procedure,
    staff,
    ctx: (at) => paymentContextOf(config, app.deps.services, at),
    async awaitingPayment(amount = 8000, citizen = f.citizen()) {
      const { code } = await file(f, citizen, procedure, NOW);
      await act(staff.receiver, code, { type: 'receive' });
      await act(staff.receiver, code, { type: 'complete_step', stepIndex: 0 });
      await act(staff.specialist, code, {
        type: 'request_payment',
        amount,
        items: [{ name: 'Lệ phí đăng ký khai sinh', amount }],
      });
      return { code, citizen };
    },
    async close() {
      await app.close();
      await vnpay.close();
      await platform.close();
      await f.t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
