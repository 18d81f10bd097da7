/** A citizen's dossiers: the list, one dossier with its timeline and due date, the confirmation after filing. */
import type { AttachmentView, DossierListItem, DossierView } from '../../modules/dossiers/index.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { ButtonLink } from '../components/form.tsx';
import { formatDate, formatDateTime, formatSize, isoOf } from '../components/format.ts';
import { Pagination } from '../components/pagination.tsx';
import { Inset, Panel } from '../components/panel.tsx';
import { QrCode } from '../components/qr.tsx';
import { SummaryList } from '../components/summary-list.tsx';
import { StateTag } from '../components/tag.tsx';
import { Timeline } from '../components/timeline.tsx';
import type { PageContext } from '../context.ts';
import { DossierHeading } from '../dossier-parts.tsx';
import { attachmentHref, slipHref, slipsOf, timelineEntries } from '../dossier-text.ts';
import { Layout } from '../layout.tsx';

export const dossierHref = (code: string, sub = '') =>
  `/ho-so-cua-toi/${encodeURIComponent(code)}${sub ? `/${sub}` : ''}`;

export function slipLabel(ctx: PageContext, kind: string): string {
  const t = ctx.t;
  return (
    {
      receipt: t.slipReceipt,
      'supplement-request': t.slipSupplement,
      'intake-refusal': t.slipRefusal,
      apology: t.slipApology,
      'stop-notice': t.slipStop,
      'control-sheet': t.slipControl,
    }[kind] ?? kind
  );
}

export function MyDossiersPage(props: { ctx: PageContext; items: DossierListItem[]; page: number; pages: number }) {
  const { ctx, items } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.myDossiersTitle}>
      <h1>{t.myDossiersTitle}</h1>
      {items.length === 0 ? (
        <>
          <p>{t.myDossiersEmpty}</p>
          <p>
            <a href="/thu-tuc">{t.findProcedure}</a>
          </p>
        </>
      ) : (
        <ul class="result-list">
          {items.map((d) => (
            <li class="result-item" key={d.code}>
              <h2>
                <a href={dossierHref(d.code)}>{d.procedureName}</a>
              </h2>
              <p class="result-meta">
                <StateTag ctx={ctx} state={d.state} />
                <span class="code">{d.code}</span>
                {d.submittedAt ? ` · ${t.colSubmitted}: ${formatDate(d.submittedAt, ctx.lang)}` : ''}
                {d.dueAt ? ` · ${t.colDue}: ${formatDate(d.dueAt, ctx.lang)}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination ctx={ctx} page={props.page} pages={props.pages} hrefFor={(n) => `/ho-so-cua-toi?trang=${n}`} />
      <p>
        <a href="/ho-so-cua-toi/thong-bao">
          {ctx.lang === 'en' ? 'Choose how you get notices' : 'Chọn cách nhận thông báo về hồ sơ'}
        </a>
      </p>
    </Layout>
  );
}

export function Slips({ ctx, view }: { ctx: PageContext; view: DossierView }) {
  const slips = slipsOf(view);
  if (slips.length === 0) return null;
  return (
    <>
      <h2>{ctx.t.slipsTitle}</h2>
      <ul class="list-bullet">
        {slips.map((kind) => (
          <li key={kind}>
            <a href={slipHref(view.code, kind)} target="_blank" rel="noopener">
              {slipLabel(ctx, kind)} <span class="muted">({ctx.t.pdf})</span>
              <span class="visually-hidden"> {ctx.t.opensInNewTab}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function FilesList({ ctx, code, files }: { ctx: PageContext; code: string; files: AttachmentView[] }) {
  return (
    <ul class="list-plain">
      {files.map((f) => (
        <li key={f.id}>
          <a href={attachmentHref(code, f.id)} download={f.fileName}>
            {f.paperName ? `${f.paperName}: ` : ''}
            {f.fileName}
          </a>{' '}
          <span class="muted">({formatSize(f.size, ctx.lang)})</span>
          {f.signed ? (
            <>
              {' '}
              <strong class="tag tag-green">{ctx.t.signedBadge}</strong>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const when = (ctx: PageContext, d: string | null) => (d ? formatDateTime(d, ctx.lang) : '—');

export function DossierPage(props: {
  ctx: PageContext;
  view: DossierView;
  files: AttachmentView[];
  done?: string | undefined;
}) {
  const { ctx, view, files } = props;
  const t = ctx.t;
  const results = files.filter((f) => f.kind === 'result');
  const papers = files.filter((f) => f.kind === 'paper');
  const can = (a: string) => view.allowedActions.includes(a);
  return (
    <Layout
      ctx={ctx}
      title={t.dossierTitle(view.code)}
      before={
        <Breadcrumbs ctx={ctx} crumbs={[{ label: t.myDossiersTitle, href: '/ho-so-cua-toi' }, { label: view.code }]} />
      }
    >
      <DossierHeading ctx={ctx} view={view} done={props.done} />
      <p>
        <StateTag ctx={ctx} state={view.state} />
      </p>
      {can('supplement') ? (
        <Inset>
          <h2>{t.whatToDo}</h2>
          <p>{t.supplementNeeded}</p>
          <ButtonLink href={dossierHref(view.code, 'bo-sung')}>{t.supplementAction}</ButtonLink>
        </Inset>
      ) : null}
      <SummaryList
        rows={[
          { key: t.procedure, value: view.procedure.name },
          { key: t.dossierCodeLabel, value: <span class="code">{view.code}</span> },
          ...(view.trackingKey
            ? [{ key: t.trackingKeyLabel, value: <span class="code">{view.trackingKey}</span> }]
            : []),
          { key: t.submittedAt, value: when(ctx, view.submittedAt) },
          { key: t.receivedAt, value: when(ctx, view.receivedAt) },
          {
            key: t.dueAt,
            value: view.dueAt ? (
              <strong>
                <time dateTime={isoOf(view.dueAt)}>{formatDateTime(view.dueAt, ctx.lang)}</time>
              </strong>
            ) : (
              '—'
            ),
          },
          ...(view.finishedAt ? [{ key: t.finishedAt, value: when(ctx, view.finishedAt) }] : []),
          ...(view.deliveredAt ? [{ key: t.deliveredAt, value: when(ctx, view.deliveredAt) }] : []),
        ]}
      />
      {results.length > 0 ? (
        <>
          <h2>{t.resultTitle}</h2>
          <FilesList ctx={ctx} code={view.code} files={results} />
        </>
      ) : null}
      {view.state === 'delivered' ? (
        <p>
          <a href={`/danh-gia/${encodeURIComponent(view.code)}`}>{t.rateAction}</a>
        </p>
      ) : null}
      <h2>{t.timeline}</h2>
      <Timeline ctx={ctx} entries={timelineEntries(view, ctx.lang)} />
      {papers.length > 0 ? (
        <>
          <h2>{t.papersUploaded}</h2>
          <FilesList ctx={ctx} code={view.code} files={papers} />
        </>
      ) : null}
      <Slips ctx={ctx} view={view} />
      {can('withdraw') ? (
        <p>
          <a href={dossierHref(view.code, 'rut')}>{t.withdrawAction}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function ConfirmationPage({ ctx, view, trackUrl }: { ctx: PageContext; view: DossierView; trackUrl: string }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.confirmationTitle}>
      <Panel title={t.confirmationTitle}>
        {t.yourCode}
        <br />
        <strong class="code">{view.code}</strong>
      </Panel>
      <p>{view.procedure.name}</p>
      <div class="key-box">
        <QrCode text={trackUrl} label={t.qrLabel(view.code)} />
        <div>
          <p>
            {t.dossierCodeLabel}: <strong class="code">{view.code}</strong>
            <br />
            {t.trackingKeyLabel}: <strong class="code">{view.trackingKey ?? ''}</strong>
            <br />
            {t.submittedAt}: {when(ctx, view.submittedAt)}
          </p>
          <p>{t.keepKey}</p>
        </div>
      </div>
      <h2>{t.whatNext}</h2>
      <p>{t.whatNextBody}</p>
      <p class="no-print">
        <button type="button" class="button button-secondary" data-print hidden>
          {t.printConfirmation}
        </button>
      </p>
      <p class="no-print muted">{t.printHint}</p>
      <p class="no-print">
        <a href={dossierHref(view.code)}>{t.viewDossier}</a>
      </p>
    </Layout>
  );
}
