/**
 * Public tracking by dossier code and tracking key, without signing in (the QR on the receipt
 * opens /tra-cuu/{code}?key=…). No personal data; a wrong key and an unknown code look the same.
 */

import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import { errorFor, type Problem, TextInput } from '../../../../web/components/form.tsx';
import { formatDateTime } from '../../../../web/components/format.ts';
import { Inset } from '../../../../web/components/panel.tsx';
import { SummaryList } from '../../../../web/components/summary-list.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { TrackingView } from '../../index.ts';
import { StateTag, stateLabel } from '../state-tag.tsx';

export const trackHref = (code: string, key: string) =>
  `/tra-cuu/${encodeURIComponent(code)}?key=${encodeURIComponent(key)}`;

export function TrackFormPage({
  ctx,
  problems,
  code,
  trackingKey,
}: {
  ctx: PageContext;
  problems?: Problem[];
  code?: string;
  trackingKey?: string;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.trackTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <h1>{t.trackTitle}</h1>
      <p class="lead">{t.trackFormLead}</p>
      <form method="get" action="/tra-cuu" novalidate>
        <TextInput
          ctx={ctx}
          name="ma"
          label={t.dossierCodeLabel}
          hint={t.dossierCodeHint}
          value={code}
          error={errorFor(problems, 'ma')}
          spellcheck={false}
          autocomplete="off"
          width="w20"
        />
        <TextInput
          ctx={ctx}
          name="key"
          label={t.trackingKeyLabel}
          hint={t.trackingKeyHint}
          value={trackingKey}
          error={errorFor(problems, 'key')}
          spellcheck={false}
          autocomplete="off"
          width="w10"
        />
        <button type="submit" class="button button-primary">
          {t.trackButton}
        </button>
      </form>
    </Layout>
  );
}

export function TrackResultPage({ ctx, view }: { ctx: PageContext; view: TrackingView }) {
  const t = ctx.t;
  const when = (d: string | null) => (d ? formatDateTime(d, ctx.lang) : '—');
  return (
    <Layout ctx={ctx} title={t.trackResultTitle(view.code)}>
      <span class="caption">{t.trackTitle}</span>
      <h1>
        {t.dossierWord} <span class="code">{view.code}</span>
      </h1>
      <p>
        <StateTag ctx={ctx} state={view.state} />
      </p>
      <SummaryList
        rows={[
          { key: t.procedure, value: view.procedureName },
          { key: t.status, value: stateLabel(ctx, view.state, false) },
          ...(view.state === 'awaiting_payment'
            ? [{ key: 'Nộp phí, lệ phí', value: 'Chờ thanh toán (thanh toán trong trang hồ sơ của tôi)' }]
            : []),
          { key: t.submittedAt, value: when(view.submittedAt) },
          { key: t.receivedAt, value: when(view.receivedAt) },
          { key: t.dueAt, value: <strong>{when(view.dueAt)}</strong> },
          ...(view.finishedAt ? [{ key: t.finishedAt, value: when(view.finishedAt) }] : []),
          ...(view.deliveredAt ? [{ key: t.deliveredAt, value: when(view.deliveredAt) }] : []),
        ]}
      />
      {view.stepsTotal > 0 ? (
        <>
          <h2>{t.progress}</h2>
          <p>{t.stepsDone(view.stepsDone.length, view.stepsTotal)}</p>
          <ol class="list-bullet">
            {view.stepsDone.map((s, i) => (
              <li key={i}>
                {s.name} — {when(s.completedAt)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <Inset>{t.noPersonalData}</Inset>
      <p>
        <a href="/tra-cuu">{t.trackTitle}</a>
      </p>
    </Layout>
  );
}
