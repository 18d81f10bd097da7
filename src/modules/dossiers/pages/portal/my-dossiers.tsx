/** A citizen's dossiers: the list, one dossier with its timeline and due date, the confirmation after filing. */

import { Breadcrumbs } from '../../../../web/components/breadcrumbs.tsx';
import { ButtonLink } from '../../../../web/components/form.tsx';
import { formatDate, formatDateTime, formatSize, isoOf } from '../../../../web/components/format.ts';
import { Pagination } from '../../../../web/components/pagination.tsx';
import { Inset, Panel } from '../../../../web/components/panel.tsx';
import { QrCode } from '../../../../web/components/qr.tsx';
import { SummaryList } from '../../../../web/components/summary-list.tsx';
import { Timeline } from '../../../../web/components/timeline.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { AttachmentView, DossierListItem, DossierView, SignatureReport } from '../../index.ts';
import { DossierHeading } from '../dossier-parts.tsx';
import {
  attachmentHref,
  citizenSlipsOf,
  citizenTimelineEntries,
  lastSupplementRequest,
  slipHref,
  slipsOf,
} from '../dossier-text.ts';
import { StateTag } from '../state-tag.tsx';

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

/** An application not sent yet, kept under the account (filing drafts). */
export interface DraftItem {
  procedureName: string;
  href: string;
  updatedAt: Date;
}

export function MyDossiersPage(props: {
  ctx: PageContext;
  drafts: DraftItem[];
  items: DossierListItem[];
  page: number;
  pages: number;
}) {
  const { ctx, items, drafts } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.myDossiersTitle}>
      <h1>{t.myDossiersTitle}</h1>
      {drafts.length > 0 ? (
        <section aria-labelledby="drafts">
          <h2 id="drafts">{t.draftsTitle}</h2>
          <ul class="result-list">
            {drafts.map((d) => (
              <li class="result-item" key={d.href}>
                <h3>{d.procedureName}</h3>
                <p class="result-meta">
                  <strong class="tag tag-yellow">{t.draftTag}</strong>{' '}
                  {t.draftSaved(formatDateTime(d.updatedAt, ctx.lang))}
                </p>
                <p>
                  <a href={d.href}>
                    {t.draftContinue}
                    <span class="visually-hidden"> — {d.procedureName}</span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
          {items.length > 0 ? <h2>{t.sentDossiersTitle}</h2> : null}
        </section>
      ) : null}
      {items.length === 0 && drafts.length === 0 ? (
        <>
          <p>{t.myDossiersEmpty}</p>
          <p>
            <a href="/thu-tuc">{t.findProcedure}</a>
          </p>
        </>
      ) : items.length === 0 ? null : (
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

/** The dossier's slips; the applicant is not given the internal control sheet (Mẫu 06). */
export function Slips({ ctx, view, citizen }: { ctx: PageContext; view: DossierView; citizen?: boolean }) {
  const slips = citizen ? citizenSlipsOf(view) : slipsOf(view);
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

const VERDICT_CLASS = { valid: 'tag-green', invalid: 'tag-red', indeterminate: 'tag-yellow' } as const;

/** One line per signature of a signed file: verdict, signer, trusted time, and why when not valid. */
function SignatureVerdicts({ ctx, reports }: { ctx: PageContext; reports: readonly SignatureReport[] }) {
  return (
    <ul class="list-plain signature-verdicts">
      {reports.map((r) => (
        <li key={`${r.signerSubject}-${r.signingTime ?? ''}-${r.timestampTime ?? ''}`}>
          <strong class={`tag ${VERDICT_CLASS[r.verdict]}`}>{ctx.t.signatureVerdict[r.verdict]}</strong> {r.signer}
          {r.timestampTime || r.signingTime ? (
            <span class="muted"> — {formatDateTime(r.timestampTime ?? r.signingTime ?? '', ctx.lang)}</span>
          ) : null}
          {r.reasons.length > 0 ? <span class="muted"> ({r.reasons.join('; ')})</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function FilesList({
  ctx,
  code,
  files,
  signatures = {},
}: {
  ctx: PageContext;
  code: string;
  files: AttachmentView[];
  /** Verification of signed files, by attachment id, shown under each. */
  signatures?: Record<string, readonly SignatureReport[]>;
}) {
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
          {signatures[f.id]?.length ? <SignatureVerdicts ctx={ctx} reports={signatures[f.id] ?? []} /> : null}
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
  signatures?: Record<string, readonly SignatureReport[]>;
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
      {can('supplement') ? <SupplementRequest ctx={ctx} view={view} /> : null}
      {view.timeline.some((e) => e.type === 'request_payment') ? (
        <p class="dossier-payment">
          {/* issue 16: the fee notice, the choice of VNPay / national platform / VietQR, the receipt (modules/payments) */}
          <a href={`/payments/dossiers/${encodeURIComponent(view.code)}`}>
            {view.state === 'awaiting_payment' ? 'Thanh toán phí, lệ phí' : 'Phí, lệ phí và biên lai'}
          </a>
        </p>
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
          <FilesList ctx={ctx} code={view.code} files={results} signatures={props.signatures ?? {}} />
        </>
      ) : null}
      {view.state === 'delivered' ? (
        <p>
          <a href={`/danh-gia/${encodeURIComponent(view.code)}`}>{t.rateAction}</a>
        </p>
      ) : null}
      <h2>{t.timeline}</h2>
      <Timeline ctx={ctx} for="citizen" entries={citizenTimelineEntries(view, ctx.lang)} />
      {papers.length > 0 ? (
        <>
          <h2>{t.papersUploaded}</h2>
          <FilesList ctx={ctx} code={view.code} files={papers} />
        </>
      ) : null}
      <Slips ctx={ctx} view={view} citizen />
      {can('withdraw') ? (
        <p>
          <a href={dossierHref(view.code, 'rut')}>{t.withdrawAction}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/**
 * What the agency asks for, on the dossier page itself (issue 13, item 5): when, why, and each
 * paper with its reason and a link that opens the upload with that paper chosen.
 */
function SupplementRequest({ ctx, view }: { ctx: PageContext; view: DossierView }) {
  const t = ctx.t;
  const asked = lastSupplementRequest(view);
  return (
    <Inset>
      <h2>{t.whatToDo}</h2>
      <p>{asked ? t.supplementAskedOn(formatDateTime(asked.at, ctx.lang)) : t.supplementNeeded}</p>
      {asked && asked.papers.length > 0 ? (
        <ul class="list-bullet supplement-list">
          {asked.papers.map((m, i) => (
            <li key={m.name}>
              <strong>{m.name}</strong>
              {m.reason ? ` — ${t.supplementReason}: ${m.reason}` : ''}{' '}
              <a href={`${dossierHref(view.code, 'bo-sung')}?giay=${i}`}>
                {t.supplementThisPaper}
                <span class="visually-hidden"> {m.name}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {asked?.note ? <p>{asked.note}</p> : null}
      <p>{t.supplementClock}</p>
      <ButtonLink href={dossierHref(view.code, 'bo-sung')}>{t.supplementAction}</ButtonLink>
    </Inset>
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
