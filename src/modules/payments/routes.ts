/**
 * The payments module's machine entrances (ARCHITECTURE public contracts `/payments/…`):
 * VNPay's IPN (GET, signed query), the national platform's confirm (POST JSON, MaXacThuc),
 * and the staff API for refunds and a dossier's payment status. Thin: the use cases decide.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import { dossierPaymentFacts } from '../dossiers/index.ts';
import { exemptFeeRequest } from './exempt-fee-request.ts';
import { paymentStatusOf } from './payment-status.ts';
import { receivePlatformConfirm } from './receive-platform-confirm.ts';
import { receiveVnpayIpn } from './receive-vnpay-ipn.ts';
import { refundPayment } from './refund-payment.ts';
import { paymentContextOf, platformSettingsOf, vnpaySettingsOf } from './settings.ts';

/** The Return URL / IPN parameters of §1.4; each at most 255 characters (§1.2, §1.4). */
const vnpayFields = [
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_BankTranNo',
  'vnp_CardType',
  'vnp_PayDate',
  'vnp_OrderInfo',
  'vnp_TransactionNo',
  'vnp_ResponseCode',
  'vnp_TransactionStatus',
  'vnp_TxnRef',
  'vnp_SecureHashType',
  'vnp_SecureHash',
] as const;
const VnpayQuery = Type.Object(
  Object.fromEntries(vnpayFields.map((name) => [name, Type.Optional(Type.String({ maxLength: 255 }))])),
  // A parameter VNPay adds later is hashed like the others (§1.3): it must not be refused here.
  { additionalProperties: true },
);
const IpnAnswer = Type.Object({ RspCode: Type.String(), Message: Type.String() });

const PlatformConfirm = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]),
  { maxProperties: 30 },
);
const PlatformAnswer = Type.Object({
  MaLoi: Type.String(),
  MoTaLoi: Type.String(),
  MaDoiTac: Type.String(),
  MaThamChieu: Type.String(),
  ThoiGianGD: Type.String(),
  MaXacThuc: Type.String(),
});
const Uuid = Type.String({ format: 'uuid' });
const Code = Type.String({ minLength: 1, maxLength: 60 });

export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  const ctx = () => paymentContextOf(app.deps.config, app.deps.services);
  const db = () => app.deps.database.db;

  app.get<{ Querystring: Record<string, string> }>(
    '/payments/vnpay/ipn',
    { schema: { tags: ['payments'], querystring: VnpayQuery, response: { 200: IpnAnswer } } },
    async (request) => {
      const settings = vnpaySettingsOf(app.deps.config);
      if (!settings) throw new DomainError('PAYMENT_CALLBACK_DISABLED');
      const answer = await receiveVnpayIpn(db(), request.query, settings, ctx());
      // Only the code: never the parameters (logs hold no parameter values).
      request.log.info({ rspCode: answer.RspCode }, 'vnpay ipn');
      return answer;
    },
  );

  app.post<{ Body: Record<string, string | number> }>(
    '/payments/platform/confirm',
    { schema: { tags: ['payments'], body: PlatformConfirm, response: { 200: PlatformAnswer } } },
    async (request) => {
      const settings = platformSettingsOf(app.deps.config);
      if (!settings) throw new DomainError('PAYMENT_CALLBACK_DISABLED');
      const answer = await receivePlatformConfirm(db(), request.body, settings, ctx());
      request.log.info({ maLoi: answer.MaLoi }, 'payment platform confirm');
      return answer;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/payments/attempts/:id/refund',
    {
      schema: {
        tags: ['payments'],
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ refundState: Type.String(), code: Type.String() }) },
      },
    },
    async (request) => refundPayment(db(), request.caller, request.params.id, ctx()),
  );

  app.post<{ Params: { code: string }; Body: { reason: string; transactionId?: string } }>(
    '/api/v1/payments/dossiers/:code/exempt',
    {
      schema: {
        tags: ['payments'],
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Trường hợp được miễn và căn cứ' }),
            transactionId: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ state: Type.String(), exemptReason: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const exempted = await exemptFeeRequest(
        db(),
        request.caller,
        {
          dossierCode: request.params.code,
          reason: request.body.reason,
          transactionId: request.body.transactionId ?? `exempt:${randomUUID()}`,
        },
        ctx(),
      );
      return { state: exempted.state, exemptReason: exempted.exemptReason };
    },
  );

  app.get<{ Params: { code: string } }>(
    '/api/v1/payments/dossiers/:code',
    {
      schema: {
        tags: ['payments'],
        params: Type.Object({ code: Code }),
        response: {
          200: Type.Object({
            state: Type.String(),
            label: Type.String(),
            amount: Type.Integer(),
            receiptNumber: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      if (request.caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
      const facts = await dossierPaymentFacts(db(), request.caller, request.params.code);
      return paymentStatusOf(db(), facts.id);
    },
  );
}
