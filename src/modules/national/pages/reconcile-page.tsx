/**
 * `/workspace/national`: the province administrator's reconciliation with the national portal —
 * for a day, each dossier whose sync changed, whether the portal holds what we hold, the fields
 * that differ, and a one-click resend (`POST /workspace/national/resend`). Also what the outbox
 * still owes the portal (pending) and what it gave up on (dead letter).
 */
import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import { outbox } from '../../../platform/notify/index.ts';
import { Button, PostForm, TextInput } from '../../../web/components/form.tsx';
import type { PageContext } from '../../../web/context.ts';
import { pageContext } from '../../../web/context.ts';
import { field, formBody, pageErrorHandler, queryOf, seeOther, sendPage } from '../../../web/http.tsx';
import { Layout } from '../../../web/layout.tsx';
import { nationalContext } from '../context.ts';
import { assertMayReconcile } from '../policies.ts';
import { type ReconcileRow, reconcileNational, resendDossier, vietnamDay } from '../reconcile-national.ts';

const PAGE = '/workspace/national';

const verdicts: Record<ReconcileRow['verdict'], string> = {
  same: 'Khớp',
  differs: 'Khác nhau',
  missing: 'Cổng quốc gia chưa có',
};

async function outboxCounts(db: Executor, provinceCode: string) {
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(and(eq(outbox.channel, 'national'), eq(outbox.provinceCode, provinceCode)))
    .groupBy(outbox.status);
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: of('pending'), dead: of('dead') };
}

export interface PageData {
  date: string;
  report: ReconcileRow[] | null;
  /** Why no report: the adapter is not configured. */
  disabled: boolean;
  resent: string;
  counts: { pending: number; dead: number };
}

export function ReconcilePage({ ctx, data }: { ctx: PageContext; data: PageData }) {
  return (
    <Layout ctx={ctx} title="Đối soát với Cổng Dịch vụ công quốc gia">
      <h1>Đối soát với Cổng Dịch vụ công quốc gia</h1>
      <p>
        Hàng đợi gửi lên Cổng: {data.counts.pending} lượt đang chờ gửi, {data.counts.dead} lượt đã dừng gửi sau nhiều
        lần lỗi.
      </p>
      {data.resent ? (
        <div class="notice" role="status">
          Đã xếp hồ sơ {data.resent} vào hàng đợi để gửi lại toàn bộ lên Cổng.
        </div>
      ) : null}
      <form method="get" action={PAGE} novalidate>
        <TextInput ctx={ctx} name="ngay" label="Ngày đối soát (YYYY-MM-DD)" value={data.date} width="w10" />
        <Button>Đối soát</Button>
      </form>
      {data.disabled ? <p>Chưa cấu hình kết nối với Cổng Dịch vụ công quốc gia trên hệ thống này.</p> : null}
      {data.report && data.report.length === 0 ? <p>Không có hồ sơ nào được đồng bộ trong ngày này.</p> : null}
      {data.report && data.report.length > 0 ? (
        <table class="table">
          <caption>Kết quả đối soát ngày {data.date}</caption>
          <thead>
            <tr>
              <th scope="col">Mã hồ sơ</th>
              <th scope="col">Mã trên Cổng quốc gia</th>
              <th scope="col">Kết quả</th>
              <th scope="col">Trường khác nhau (bên ta / trên Cổng)</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {data.report.map((row) => (
              <tr key={row.dossierCode}>
                <td>{row.dossierCode}</td>
                <td>{row.maHoSo}</td>
                <td>{verdicts[row.verdict]}</td>
                <td>
                  <ul>
                    {row.differences.map((d) => (
                      <li key={d.field}>
                        {d.field}: {d.ours || '(trống)'} / {d.theirs || '(trống)'}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {row.verdict === 'same' ? null : (
                    <PostForm ctx={ctx} action={`${PAGE}/resend`}>
                      <input type="hidden" name="code" value={row.dossierCode} />
                      <input type="hidden" name="ngay" value={data.date} />
                      <Button variant="secondary">Gửi lại</Button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Layout>
  );
}

export async function nationalPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler(pageErrorHandler('workspace'));
    const deps = () => scope.deps;

    scope.get(PAGE, { schema: { hide: true } }, async (request, reply) => {
      const { config, database, services } = deps();
      const db = database.db;
      await assertMayReconcile(db, request.caller, config.provinceCode);
      const q = queryOf(request);
      const date = q.ngay ?? '';
      const ctx = nationalContext(db, config, services);
      let report: ReconcileRow[] | null = null;
      if (date) {
        vietnamDay(date);
        if (ctx.adapter) report = await reconcileNational(db, date, ctx);
      }
      const data: PageData = {
        date,
        report,
        disabled: !ctx.adapter,
        resent: (q['da-gui'] ?? '').slice(0, 60),
        counts: await outboxCounts(db, config.provinceCode),
      };
      return sendPage(reply, <ReconcilePage ctx={pageContext(request, reply, 'workspace')} data={data} />);
    });

    scope.post(`${PAGE}/resend`, { schema: { hide: true } }, async (request, reply) => {
      const { config, database, services } = deps();
      const db = database.db;
      await assertMayReconcile(db, request.caller, config.provinceCode);
      const body = formBody(request);
      const code = field(body, 'code');
      const date = field(body, 'ngay');
      if (!/^[A-Za-z0-9.\-_]{1,60}$/.test(code)) throw new DomainError('DOSSIER_NOT_FOUND', { code });
      const queued = await resendDossier(db, code, nationalContext(db, config, services));
      if (!queued.queued) throw new DomainError('NATIONAL_DOSSIER_NOT_SYNCED', { code });
      const back = new URLSearchParams({ ...(/^\d{4}-\d{2}-\d{2}$/.test(date) ? { ngay: date } : {}), 'da-gui': code });
      return seeOther(reply, `${PAGE}?${back.toString()}`);
    });
  });
}
