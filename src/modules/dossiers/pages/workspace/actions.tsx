/**
 * One page per staff action on a dossier (docs/dossiers.md): its form, and how the posted
 * form becomes the state machine's action. The machine and the service check the rest and
 * answer with a code, which lands on the field it is about.
 */

import type { ComponentChildren } from 'preact';
import { BackLink } from '../../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import { Button, PostForm, type Problem } from '../../../../web/components/form.tsx';
import { Inset } from '../../../../web/components/panel.tsx';
import type { PageContext } from '../../../../web/context.ts';
import type { FormBody } from '../../../../web/http.tsx';
import { field, fieldList } from '../../../../web/http.tsx';
import { Layout } from '../../../../web/layout.tsx';
import type { AttachmentView, DossierActionType, DossierCommand, DossierView } from '../../index.ts';
import { attachmentHref } from '../dossier-text.ts';
import { FilesList } from '../portal/my-dossiers.tsx';
import { Fields, Upload } from './action-fields.tsx';
import { staffDossierHref } from './inbox.tsx';

export interface ActionData {
  /** The procedure's papers (the supplement checklist). */
  papers: string[];
  staff: Array<{ id: string; name: string }>;
  agencies: Array<{ id: string; name: string }>;
  results: AttachmentView[];
  /** Papers added since the last supplement request (the receiver takes them at the counter). */
  added: AttachmentView[];
  /** `approve`: the leader's own key (a remote one asks for the phone's confirmation), or none. */
  personalKey?: 'local' | 'remote' | 'none';
}

/**
 * Actions whose page also uploads files: the draft result at the specialist's step (issue
 * 13.11: the specialist drafts, the leader approves and signs), results to issue, supplemented
 * papers.
 */
export const uploadActions: readonly string[] = ['complete_step', 'attach_result', 'supplement'];

/** The specialist's step drafts the result: its page takes the draft and its number. */
const draftsResult = (type: string, view: DossierView) =>
  type === 'complete_step' && currentStepOf(view)?.role === 'specialist';

export const currentStepOf = (view: DossierView) =>
  view.steps.find((s) => s.status === 'active') ?? view.steps.find((s) => s.status !== 'done');

const reasonFirst: readonly string[] = ['refuse_intake', 'stop', 'deny', 'return_step'];

/** The office closes at 17:00: a new appointment date means the end of that working day (UTC+7). */
function endOfDayVietnam(day: string): Date {
  return new Date(`${day}T17:00:00+07:00`);
}

/** `signResult`: sign the PDF results with the competent agency's certificate as they are issued (attach_result). */
export type Parsed = { ok: true; action: DossierCommand; signResult?: boolean } | { ok: false; problems: Problem[] };

export function parseAction(
  ctx: PageContext,
  type: DossierActionType,
  body: FormBody,
  view: DossierView,
  data: ActionData,
): Parsed {
  const t = ctx.t;
  const reason = field(body, 'reason').slice(0, 2000);
  const note = field(body, 'note').slice(0, 2000);
  const stepIndex = currentStepOf(view)?.idx ?? 0;
  const fail = (f: string, message: string): Parsed => ({ ok: false, problems: [{ field: f, message }] });
  if (reasonFirst.includes(type) && !reason) return fail('reason', t.reasonRequired);
  switch (type) {
    case 'receive':
      return { ok: true, action: { type } };
    case 'transfer_back':
      return { ok: true, action: { type } };
    case 'approve': {
      if (data.results.length === 0) return fail('result', t.noDraftResult);
      const ids = fieldList(body, 'result').filter((id) => data.results.some((r) => r.id === id));
      if (ids.length === 0) return fail('result', t.approveChooseResult);
      return {
        ok: true,
        action: { type, result: { attachmentIds: ids, electronic: field(body, 'electronic') === 'yes' } },
        signResult: field(body, 'sign') === 'yes',
      };
    }
    case 'refuse_intake':
    case 'stop':
    case 'deny':
      return { ok: true, action: { type, reason } };
    case 'withdraw':
      return { ok: true, action: { type, ...(reason ? { reason } : {}) } };
    case 'return_step':
      return { ok: true, action: { type, stepIndex, reason } };
    case 'complete_step':
      return { ok: true, action: { type, stepIndex, ...(note ? { note } : {}) } };
    case 'assign_step':
      return { ok: true, action: { type, stepIndex, assigneeId: field(body, 'assigneeId') } };
    case 'transfer':
      return { ok: true, action: { type, toAgencyId: field(body, 'toAgencyId'), reason } };
    case 'request_supplement': {
      const problems: Problem[] = [];
      const missing = fieldList(body, 'paper').flatMap((i) => {
        const name = data.papers[Number(i)];
        if (name === undefined) return [];
        const why = field(body, `reason_${i}`);
        if (!why) problems.push({ field: `reason_${i}`, message: t.supplementReasonFor(name) });
        return [{ name, reason: why }];
      });
      const otherName = field(body, 'otherName');
      if (otherName) {
        const why = field(body, 'otherReason');
        if (!why) problems.push({ field: 'otherReason', message: t.otherPaperReason });
        missing.push({ name: otherName, reason: why });
      }
      if (missing.length === 0) return fail('paper', t.supplementNothing);
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, action: { type, missingPapers: missing, ...(note ? { note } : {}) } };
    }
    case 'supplement':
      return { ok: true, action: { type, attachmentIds: data.added.map((a) => a.id) } };
    case 'request_payment': {
      const amount = Number.parseInt(field(body, 'amount').replace(/[.\s,]/g, ''), 10);
      const name = field(body, 'item') || t.fees;
      return { ok: true, action: { type, amount, items: [{ name, amount }] } };
    }
    case 'exempt_payment':
      return { ok: true, action: { type, reason } };
    case 'record_payment': {
      const amount = Number.parseInt(field(body, 'amount').replace(/[.\s,]/g, ''), 10);
      const method = field(body, 'method') === 'transfer' ? 'transfer' : 'cash';
      return { ok: true, action: { type, amount, method, reference: field(body, 'reference') } };
    }
    case 'apologise_extend': {
      const day = field(body, 'newDueAt');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return fail('newDueAt', t.newDueLabel);
      return { ok: true, action: { type, reason, newDueAt: endOfDayVietnam(day) } };
    }
    case 'extend_for_verification': {
      const workingDays = Number(field(body, 'workingDays'));
      if (!Number.isInteger(workingDays) || workingDays < 1) return fail('workingDays', t.verificationDaysLabel);
      if (!reason) return fail('reason', t.reasonRequired);
      return { ok: true, action: { type, reason, workingDays } };
    }
    case 'attach_result':
      return {
        ok: true,
        action: { type, attachmentIds: fieldList(body, 'result'), electronic: field(body, 'electronic') === 'yes' },
        signResult: field(body, 'sign') === 'yes',
      };
    case 'deliver': {
      const channel = field(body, 'channel');
      const tracking = field(body, 'trackingNumber');
      const valid = channel === 'counter' || channel === 'post' || channel === 'electronic' ? channel : 'counter';
      return { ok: true, action: { type, channel: valid, ...(tracking ? { trackingNumber: tracking } : {}) } };
    }
    case 'submit':
      return fail('', t.noActions);
  }
}

/** Which field a refusal code of the machine is about. */
export const fieldOfCode: Record<string, string> = {
  REASON_REQUIRED: 'reason',
  SUPPLEMENT_LIST_EMPTY: 'paper',
  SUPPLEMENT_ITEM_INCOMPLETE: 'paper',
  ASSIGNEE_REQUIRED: 'assigneeId',
  ASSIGNEE_NOT_ELIGIBLE: 'assigneeId',
  AGENCY_REQUIRED: 'toAgencyId',
  TRANSFER_AGENCY_UNKNOWN: 'toAgencyId',
  APPROVAL_RESULT_REQUIRED: 'result',
  EXTENSION_AFTER_DUE: 'newDueAt',
  EXTENSION_DATE_NOT_LATER: 'newDueAt',
  VERIFICATION_EXTENSION_TOO_LONG: 'workingDays',
  TRACKING_NUMBER_REQUIRED: 'trackingNumber',
  RESULT_NOT_ELECTRONIC: 'channel',
  PAYMENT_AMOUNT_INVALID: 'amount',
  PAYMENT_REFERENCE_REQUIRED: 'reference',
  ATTACHMENTS_REQUIRED: 'file',
};

/**
 * What the leader approves (issue 13.11): each draft result with its number, opened beside
 * the page, before the one action that approves, signs and issues it.
 */
function DraftPreview({ ctx, view, data }: { ctx: PageContext; view: DossierView; data: ActionData }) {
  const t = ctx.t;
  const drafts = data.results;
  return (
    <>
      <p>{t.approveLead}</p>
      {data.personalKey === 'remote' ? <Inset>{t.approveRemoteHint}</Inset> : null}
      {data.personalKey === 'none' ? <Inset>{t.approveNoKey}</Inset> : null}
      <h2>{t.draftResultsTitle}</h2>
      {drafts.length === 0 ? (
        <p>{t.noDraftResult}</p>
      ) : (
        <ul class="list-plain" data-draft-results>
          {drafts.map((d) => (
            <li key={d.id}>
              {d.paperName ? <strong>{t.draftResultNumber(d.paperName)}</strong> : null} {d.fileName}{' '}
              <a href={`${attachmentHref(view.code, d.id)}?view=true`} target="_blank" rel="noopener">
                {t.previewDraft} <span class="visually-hidden">{t.opensInNewTab}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ActionPage(props: {
  ctx: PageContext;
  type: DossierActionType;
  view: DossierView;
  data: ActionData;
  problems?: Problem[];
  intro?: ComponentChildren;
}) {
  const { ctx, type, view, data, problems } = props;
  const t = ctx.t;
  const step = currentStepOf(view);
  const label = t.actionLabel(type);
  const files = type === 'supplement' ? data.added : data.results;
  return (
    <Layout
      ctx={ctx}
      title={`${label} — ${view.code}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={staffDossierHref(view.code)} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">
        <span class="code">{view.code}</span> — {view.procedure.name}
      </span>
      <h1>{label}</h1>
      {step && ['complete_step', 'return_step', 'assign_step', 'approve'].includes(type) ? (
        <p>
          {t.currentStep}: <strong>{step.name}</strong>
        </p>
      ) : null}
      {type === 'receive' ? <Inset>{t.receiveLead}</Inset> : null}
      {type === 'approve' ? <DraftPreview ctx={ctx} view={view} data={data} /> : null}
      {draftsResult(type, view) ? <p>{t.draftResultLead}</p> : null}
      {(uploadActions.includes(type) && type !== 'complete_step') || draftsResult(type, view) ? (
        <>
          {files.length > 0 ? <FilesList ctx={ctx} code={view.code} files={files} /> : null}
          <Upload ctx={ctx} type={type} view={view} problems={problems} />
        </>
      ) : null}
      <PostForm ctx={ctx} action={staffDossierHref(view.code, `thao-tac/${type}`)} txn>
        <Fields ctx={ctx} type={type} view={view} data={data} {...(problems ? { problems } : {})} />
        <Button variant={['refuse_intake', 'stop', 'deny', 'withdraw'].includes(type) ? 'warning' : 'primary'}>
          {label}
        </Button>
      </PostForm>
    </Layout>
  );
}
