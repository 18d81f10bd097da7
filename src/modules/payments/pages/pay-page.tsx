/**
 * "Thanh toán" for a dossier (issue 16 item 4): the fee notice with its lines, the choice of
 * VNPay, the national payment platform or a bank transfer by VietQR, and the receipt once paid.
 * Staff of the agencies that may read the dossier see the same notice as the counter screen.
 * The return pages only show what the provider said: the IPN / confirm alone changes records.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../platform/errors.ts';
import { Button, PostForm } from '../../../web/components/form.tsx';
import { Banner } from '../../../web/components/panel.tsx';
import type { PageContext } from '../../../web/context.ts';
import { pageContext } from '../../../web/context.ts';
import { field, formBody, queryOf, seeOther, sendPage, signInPath } from '../../../web/http.tsx';
import { Layout } from '../../../web/layout.tsx';
import { dossierPaymentFacts } from '../../dossiers/index.ts';
import type { PaymentContext } from '../context.ts';
import { type FeeRequestRow, openFeeRequest } from '../open-fee-request.ts';
import { type PaymentStatus, paymentStatusOf } from '../payment-status.ts';
import { formatVnd, receiptPdf } from '../receipt-pdf.ts';
import { paymentContextOf, platformSettingsOf, vnpaySettingsOf } from '../settings.ts';
import { startPayment } from '../start-payment.ts';
import { transferNote, vietQrPayload, vietQrSvg } from '../vietqr.ts';
import { verifyVnpayParams } from '../vnpay-protocol.ts';

const payPath = (code: string) => `/payments/dossiers/${encodeURIComponent(code)}`;

interface Notice {
  code: string;
  request: FeeRequestRow | null;
  status: PaymentStatus;
  qr: { svg: string; note: string; account: string } | null;
  providers: { vnpay: boolean; platform: boolean };
}

function PayPage({ ctx, notice }: { ctx: PageContext; notice: Notice }) {
  const { request, status } = notice;
  const citizen = ctx.caller.kind === 'citizen';
  return (
    <Layout ctx={ctx} title={`Thanh toán phí, lệ phí hồ sơ ${notice.code}`}>
      <h1>Thanh toán phí, lệ phí</h1>
      <p>
        Mã hồ sơ: <strong>{notice.code}</strong> · Trạng thái: <strong class="payment-state">{status.label}</strong>
      </p>
      {status.state === 'paid' ? (
        <Banner kind="success" title="Đã thanh toán">
          <p>
            Biên lai số {status.receiptNumber}. <a href={`${payPath(notice.code)}/bien-lai.pdf`}>Tải biên lai (PDF)</a>
          </p>
        </Banner>
      ) : null}
      {request && status.state !== 'paid' ? (
        <>
          <table class="table">
            <thead>
              <tr>
                <th>Khoản thu</th>
                <th>Số tiền</th>
              </tr>
            </thead>
            <tbody>
              {request.lines.map((line) => (
                <tr>
                  <td>
                    {line.name}
                    {line.exemption ? <span class="caption"> (Trường hợp miễn: {line.exemption})</span> : null}
                  </td>
                  <td>{formatVnd(line.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Tổng cộng: <strong>{formatVnd(request.amount)}</strong>
          </p>
          {citizen && (notice.providers.vnpay || notice.providers.platform) ? (
            <PostForm ctx={ctx} action={payPath(notice.code)}>
              <h2>Thanh toán trực tuyến</h2>
              <div class="button-group">
                {notice.providers.platform ? (
                  <Button name="provider" value="national_platform">
                    Thanh toán qua Cổng Dịch vụ công quốc gia
                  </Button>
                ) : null}
                {notice.providers.vnpay ? (
                  <Button name="provider" value="vnpay" variant="secondary">
                    Thanh toán qua VNPay
                  </Button>
                ) : null}
              </div>
            </PostForm>
          ) : null}
          {notice.qr ? (
            <section class="vietqr">
              <h2>Chuyển khoản bằng ứng dụng ngân hàng (VietQR)</h2>
              <img
                src={`data:image/svg+xml;base64,${Buffer.from(notice.qr.svg).toString('base64')}`}
                alt="Mã VietQR để chuyển khoản"
                width={240}
                height={240}
              />
              <p>
                Tài khoản nhận: {notice.qr.account}. Nội dung chuyển khoản: <strong>{notice.qr.note}</strong>. Cán bộ
                ghi nhận khoản chuyển khoản khi đối chiếu sao kê.
              </p>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/**
 * Where the chosen provider's page is, as a link the citizen follows. Not a redirect of the form
 * post: the pages' Content-Security-Policy allows forms to post only to this site
 * (`form-action 'self'`, platform/http/app.ts), and browsers apply it to the redirects that
 * follow a form post too, so a 303 to VNPay or the national platform would be blocked.
 */
function HandOffPage({ ctx, code, provider, url }: { ctx: PageContext; code: string; provider: string; url: string }) {
  const name = provider === 'vnpay' ? 'VNPay' : 'Cổng Dịch vụ công quốc gia';
  return (
    <Layout ctx={ctx} title="Chuyển đến trang thanh toán">
      <h1>Chuyển đến trang thanh toán</h1>
      <p>
        Hồ sơ <strong>{code}</strong>: bạn sẽ thanh toán trên trang của {name}. Sau khi thanh toán, trang đó đưa bạn trở
        lại đây.
      </p>
      <p>
        <a class="button button-primary" href={url}>
          Tiếp tục đến trang thanh toán của {name}
        </a>
      </p>
    </Layout>
  );
}

function ReturnPage({ ctx, ok, known }: { ctx: PageContext; ok: boolean; known: boolean }) {
  return (
    <Layout ctx={ctx} title="Kết quả thanh toán">
      <h1>Kết quả thanh toán</h1>
      {!known ? (
        <Banner kind="info" title="Không xác thực được kết quả">
          <p>
            Thông tin trả về không hợp lệ. Trạng thái thanh toán của hồ sơ được cập nhật khi đơn vị thanh toán xác nhận.
          </p>
        </Banner>
      ) : ok ? (
        <Banner kind="success" title="Giao dịch đã được đơn vị thanh toán ghi nhận">
          <p>Hồ sơ được cập nhật khi đơn vị thanh toán gửi xác nhận cho hệ thống (thường trong vài giây).</p>
        </Banner>
      ) : (
        <Banner kind="info" title="Giao dịch không thành công">
          <p>Bạn chưa bị trừ tiền cho giao dịch này. Bạn có thể thanh toán lại từ trang hồ sơ.</p>
        </Banner>
      )}
      <p>
        <a href="/ho-so-cua-toi">Về hồ sơ của tôi</a>
      </p>
    </Layout>
  );
}

async function noticeOf(
  db: Parameters<typeof openFeeRequest>[0],
  ctx: PageContext,
  code: string,
  pay: PaymentContext,
): Promise<Notice> {
  const facts = await dossierPaymentFacts(db, ctx.caller, code);
  let status = await paymentStatusOf(db, facts.id);
  let request: FeeRequestRow | null = null;
  if (facts.paymentDue && status.state !== 'paid') {
    request = (await openFeeRequest(db, ctx.caller, code)).request;
    // The request the notice just opened is the one the status speaks of.
    if (status.state === 'none') status = await paymentStatusOf(db, facts.id);
  }
  const qr =
    request && pay.vietqr
      ? {
          svg: await vietQrSvg(vietQrPayload(pay.vietqr, request.amount, facts.code)),
          note: transferNote(facts.code),
          account: `${pay.vietqr.accountNumber}${pay.vietqr.accountName ? ` – ${pay.vietqr.accountName}` : ''}`,
        }
      : null;
  return {
    code: facts.code,
    request,
    status,
    qr,
    providers: { vnpay: Boolean(pay.providers.vnpay), platform: Boolean(pay.providers.national_platform) },
  };
}

export function payPageRoutes(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  const pay = () => paymentContextOf(app.deps.config, app.deps.services);
  type Params = { Params: { code: string } };
  const areaOf = (kind: string) => (kind === 'staff' ? 'workspace' : 'portal');

  app.get<Params>('/payments/dossiers/:code', { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, areaOf(request.caller.kind));
    if (ctx.caller.kind === 'anonymous') return seeOther(reply, signInPath('portal', payPath(request.params.code)));
    const notice = await noticeOf(db(), ctx, request.params.code.slice(0, 60), pay());
    return sendPage(reply, <PayPage ctx={ctx} notice={notice} />);
  });

  app.post<Params>('/payments/dossiers/:code', { schema: { hide: true } }, async (request, reply) => {
    if (request.caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
    const chosen = field(formBody(request), 'provider');
    const provider = chosen === 'vnpay' || chosen === 'national_platform' ? chosen : null;
    const code = request.params.code.slice(0, 60);
    const started = await startPayment(
      db(),
      request.caller,
      { dossierCode: code, provider, clientIp: request.ip },
      pay(),
    );
    const ctx = pageContext(request, reply, areaOf(request.caller.kind));
    const page = <HandOffPage ctx={ctx} code={code} provider={provider ?? 'vnpay'} url={started.redirectUrl} />;
    return sendPage(reply, page);
  });

  app.get<Params>('/payments/dossiers/:code/bien-lai.pdf', { schema: { hide: true } }, async (request, reply) => {
    if (request.caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
    const pdf = await receiptPdf(db(), request.caller, request.params.code.slice(0, 60));
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `inline; filename="bien-lai-${request.params.code.replace(/[^A-Za-z0-9.-]/g, '')}.pdf"`,
      )
      .send(Buffer.from(pdf));
  });

  // Display only (§1.4: "Không cập nhật kết quả giao dịch tại địa chỉ này").
  app.get('/payments/vnpay/return', { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const params = queryOf(request);
    const settings = vnpaySettingsOf(app.deps.config);
    const known = settings !== null && verifyVnpayParams(params, settings.hashSecret);
    const ok = params.vnp_ResponseCode === '00' && params.vnp_TransactionStatus === '00';
    return sendPage(reply, <ReturnPage ctx={ctx} ok={ok} known={known} />);
  });

  app.get('/payments/platform/return', { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply, 'portal');
    const known = platformSettingsOf(app.deps.config) !== null;
    return sendPage(reply, <ReturnPage ctx={ctx} ok={queryOf(request).MaLoi === '00'} known={known} />);
  });
}
