/**
 * A dossier as staff see it: the actions they may take now, the dates, the applicant's
 * particulars (the read is audited by the service), the e-form, the files, the workflow
 * steps as a control sheet (Mẫu 06: who handed over to whom, when, early/on time/late), the
 * slips, and the full timeline.
 */

import { Breadcrumbs } from '../../../../web/components/breadcrumbs.tsx';
import { Button, PostForm } from '../../../../web/components/form.tsx';
import { formatDateTime, isoOf } from '../../../../web/components/format.ts';
import { SummaryList } from '../../../../web/components/summary-list.tsx';
import { roleLabel, Timeline } from '../../../../web/components/timeline.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { EformField } from '../../../catalog/index.ts';
import type { AttachmentView, DossierView } from '../../index.ts';
import { DossierHeading } from '../dossier-parts.tsx';
import { formRows, timelineEntries } from '../dossier-text.ts';
import { FilesList, Slips } from '../portal/my-dossiers.tsx';
import { StateTag } from '../state-tag.tsx';
import { staffDossierHref } from './inbox.tsx';

/** Actions done with one button (nothing to fill in); the others open a form page. */
const oneClickActions = ['receive', 'transfer_back'] as const;
// Payments and exemptions go through the payments module (its fee request and receipt move with them).
const hiddenActions = ['submit', 'record_payment', 'exempt_payment'];

const when = (ctx: PageContext, d: string | null | undefined) =>
  d ? <time dateTime={isoOf(d)}>{formatDateTime(d, ctx.lang)}</time> : '—';

function Actions({ ctx, view }: { ctx: PageContext; view: DossierView }) {
  const t = ctx.t;
  const actions = view.allowedActions.filter((a) => !hiddenActions.includes(a));
  if (actions.length === 0) return <p>{t.noActions}</p>;
  return (
    <div class="button-group">
      {actions.map((a) =>
        (oneClickActions as readonly string[]).includes(a) ? (
          <PostForm key={a} ctx={ctx} action={staffDossierHref(view.code, `thao-tac/${a}`)} txn>
            <Button>{t.actionLabel(a)}</Button>
          </PostForm>
        ) : (
          <a
            key={a}
            href={staffDossierHref(view.code, `thao-tac/${a}`)}
            class={`button ${['refuse_intake', 'stop', 'deny', 'withdraw'].includes(a) ? 'button-secondary' : 'button-primary'}`}
          >
            {t.actionLabel(a)}
          </a>
        ),
      )}
    </div>
  );
}

export function StaffDossierPage(props: {
  ctx: PageContext;
  view: DossierView;
  files: AttachmentView[];
  eform: EformField[];
  agencyNames: Map<string, string>;
  done?: string | undefined;
}) {
  const { ctx, view, files, eform, agencyNames } = props;
  const t = ctx.t;
  const a = view.applicant;
  const channel =
    { online: t.channelOnline, counter: t.channelCounter, post: t.channelPost }[view.channel] ?? view.channel;
  const stepStatus = (s: string) => ({ pending: t.stepPending, active: t.stepActive, done: t.stepDone })[s] ?? s;
  return (
    <Layout
      ctx={ctx}
      title={t.staffDossierTitle(view.code)}
      before={
        <Breadcrumbs ctx={ctx} crumbs={[{ label: t.workspaceTitle, href: '/workspace' }, { label: view.code }]} />
      }
    >
      <DossierHeading ctx={ctx} view={view} done={props.done} />
      <p>
        <StateTag ctx={ctx} state={view.state} /> {t.dueAt}: <strong>{when(ctx, view.dueAt)}</strong>
      </p>
      <h2>{t.actionsSection}</h2>
      <Actions ctx={ctx} view={view} />
      <SummaryList
        rows={[
          { key: t.procedure, value: view.procedure.name },
          { key: t.channel, value: channel },
          { key: t.submittedAt, value: when(ctx, view.submittedAt) },
          { key: t.receivedAt, value: when(ctx, view.receivedAt) },
          { key: t.dueAt, value: when(ctx, view.dueAt) },
          ...(view.finishedAt ? [{ key: t.finishedAt, value: when(ctx, view.finishedAt) }] : []),
          ...(view.deliveredAt ? [{ key: t.deliveredAt, value: when(ctx, view.deliveredAt) }] : []),
          ...(view.trackingKey
            ? [
                {
                  key: t.trackingKeyLabel,
                  value: (
                    <span class="code" data-tracking-key>
                      {view.trackingKey}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {a ? (
        <section aria-labelledby="applicant">
          <h2 id="applicant">{t.applicantSection}</h2>
          <p class="muted">{t.personalDataAudited}</p>
          <SummaryList
            rows={[
              { key: t.fullNameLabel, value: a.fullName },
              ...(a.personalId ? [{ key: t.personalIdLabel, value: <span class="code">{a.personalId}</span> }] : []),
              ...(a.phone ? [{ key: t.phoneLabel, value: a.phone }] : []),
              ...(a.email ? [{ key: t.emailLabel, value: a.email }] : []),
              ...(a.address ? [{ key: t.addressLabel, value: a.address }] : []),
            ]}
          />
          {ctx.caller.kind === 'staff' &&
          ctx.caller.roles.includes('receiver') &&
          ctx.caller.agencyId === view.receivingAgencyId ? (
            <p>
              <a href={`/workspace/ho-so/${encodeURIComponent(view.code)}/giay-to-cong-dan`}>
                {t.applicantStorePapers}
              </a>
              {' · '}
              <a href={`/workspace/ho-so/${encodeURIComponent(view.code)}/so-hoa`}>{t.digitisePaperLink}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {view.formData && Object.keys(view.formData).length > 0 ? (
        <section aria-labelledby="eform">
          <h2 id="eform">{t.formSection}</h2>
          <SummaryList rows={formRows(eform, view.formData, ctx.lang)} />
        </section>
      ) : null}
      {files.length > 0 ? (
        <section aria-labelledby="files">
          <h2 id="files">{t.filesSection}</h2>
          <FilesList ctx={ctx} code={view.code} files={files} />
        </section>
      ) : null}
      {view.steps.length > 0 ? (
        <section aria-labelledby="steps">
          <h2 id="steps">{t.stepsSection}</h2>
          <div class="table-wrap">
            <table class="stack-table">
              <thead>
                <tr>
                  <th scope="col">{t.colStep}</th>
                  <th scope="col">{t.colRole}</th>
                  <th scope="col">{t.colAgency}</th>
                  <th scope="col">{t.colStepStatus}</th>
                  <th scope="col">{t.colStepDue}</th>
                  <th scope="col">{t.colStepDone}</th>
                </tr>
              </thead>
              <tbody>
                {view.steps.map((s) => (
                  <tr key={s.idx}>
                    <td>
                      {s.idx + 1}. {s.name}
                    </td>
                    <td data-label={t.colRole}>{roleLabel(ctx, s.role)}</td>
                    <td data-label={t.colAgency}>{agencyNames.get(s.agencyId) ?? ''}</td>
                    <td data-label={t.colStepStatus}>
                      <strong
                        class={`tag ${s.status === 'done' ? 'tag-green' : s.status === 'active' ? 'tag-blue' : 'tag-grey'}`}
                      >
                        {stepStatus(s.status)}
                      </strong>
                    </td>
                    <td data-label={t.colStepDue}>{when(ctx, s.dueAt)}</td>
                    <td data-label={t.colStepDone}>{when(ctx, s.completedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <Slips ctx={ctx} view={view} />
      <h2>{t.timeline}</h2>
      <Timeline ctx={ctx} entries={timelineEntries(view, ctx.lang)} />
    </Layout>
  );
}
