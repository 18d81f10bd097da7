/** The fields of each staff action's form, and the upload form of the actions that carry files. */

import { ChoiceGroup, errorFor, type Problem, Select, Textarea, TextInput } from '../../../../web/components/form.tsx';
import { vietnamDay } from '../../../../web/components/format.ts';
import type { PageContext } from '../../../../web/context.ts';
import type { DossierView } from '../../index.ts';
import { UploadForm } from '../dossier-parts.tsx';
import type { ActionData } from './actions.tsx';
import { staffDossierHref } from './inbox.tsx';

export function Fields({
  ctx,
  type,
  view,
  data,
  problems,
}: {
  ctx: PageContext;
  type: string;
  view: DossierView;
  data: ActionData;
  problems?: Problem[];
}) {
  const t = ctx.t;
  const err = (name: string) => errorFor(problems, name);
  const reason = (optional = false) => (
    <Textarea ctx={ctx} name="reason" label={t.reasonLabel} error={err('reason')} optional={optional} />
  );
  switch (type) {
    case 'refuse_intake':
    case 'stop':
    case 'deny':
    case 'return_step':
      return reason();
    case 'withdraw':
      return reason(true);
    case 'complete_step':
      return <Textarea ctx={ctx} name="note" label={t.noteLabel} optional />;
    case 'assign_step':
      return (
        <Select
          ctx={ctx}
          name="assigneeId"
          label={t.assignee}
          error={err('assigneeId')}
          options={data.staff.map((s) => ({ value: s.id, label: s.name }))}
        />
      );
    case 'transfer':
      return (
        <>
          <Select
            ctx={ctx}
            name="toAgencyId"
            label={t.toAgency}
            error={err('toAgencyId')}
            emptyLabel=""
            options={data.agencies.map((a) => ({ value: a.id, label: a.name }))}
          />
          {reason()}
        </>
      );
    case 'request_supplement':
      return (
        <>
          <fieldset class="fieldset form-group" aria-describedby="papers-hint">
            <legend class="legend">{t.supplementChecklist}</legend>
            <div id="papers-hint" class="hint">
              {t.supplementChecklistHint}
            </div>
            {err('paper') ? (
              <p class="error-message" id="f-paper">
                {err('paper')}
              </p>
            ) : null}
            {data.papers.map((name, i) => (
              <div class="supplement-item" key={name}>
                <div class="choice">
                  <input class="choice-input" type="checkbox" name="paper" value={String(i)} id={`f-paper-${i}`} />
                  <label class="choice-label" for={`f-paper-${i}`}>
                    {name}
                  </label>
                </div>
                <TextInput
                  ctx={ctx}
                  name={`reason_${i}`}
                  label={t.supplementReasonFor(name)}
                  error={err(`reason_${i}`)}
                />
              </div>
            ))}
          </fieldset>
          <TextInput ctx={ctx} name="otherName" label={t.otherPaper} optional />
          <TextInput ctx={ctx} name="otherReason" label={t.otherPaperReason} error={err('otherReason')} optional />
          <Textarea ctx={ctx} name="note" label={t.noteLabel} optional />
        </>
      );
    case 'request_payment':
      return (
        <>
          <TextInput ctx={ctx} name="item" label={t.feeItemLabel} />
          <TextInput
            ctx={ctx}
            name="amount"
            label={t.amountLabel}
            inputmode="numeric"
            width="w10"
            error={err('amount')}
          />
        </>
      );
    case 'record_payment':
      return (
        <>
          <TextInput
            ctx={ctx}
            name="amount"
            label={t.amountLabel}
            inputmode="numeric"
            width="w10"
            error={err('amount')}
          />
          <ChoiceGroup
            ctx={ctx}
            name="method"
            label={t.methodLabel}
            values={['cash']}
            options={[
              { value: 'cash', label: t.methodCash },
              { value: 'transfer', label: t.methodTransfer },
            ]}
            inline
          />
          <TextInput ctx={ctx} name="reference" label={t.referenceLabel} width="w20" error={err('reference')} />
        </>
      );
    case 'apologise_extend':
      return (
        <>
          {reason()}
          <TextInput
            ctx={ctx}
            name="newDueAt"
            type="date"
            label={t.newDueLabel}
            hint={t.newDueHint}
            width="w10"
            error={err('newDueAt')}
            value={view.dueAt ? vietnamDay(view.dueAt) : ''}
          />
        </>
      );
    case 'extend_for_verification':
      return (
        <>
          {reason()}
          <TextInput
            ctx={ctx}
            name="workingDays"
            type="number"
            label={t.verificationDaysLabel}
            width="w10"
            error={err('workingDays')}
          />
        </>
      );
    case 'approve':
      // Approve and sign in one step (issue 13.11): the drafts to issue, ticked; sealed by default.
      return data.results.length === 0 ? null : (
        <>
          <ChoiceGroup
            ctx={ctx}
            name="result"
            label={t.resultFiles}
            multiple
            error={err('result')}
            values={data.results.map((r) => r.id)}
            options={data.results.map((r) => ({
              value: r.id,
              label: `${r.paperName ? `${t.draftResultNumber(r.paperName)} — ` : ''}${r.fileName}`,
            }))}
          />
          <IssueChoices ctx={ctx} signLabel={t.approveSignResult} />
        </>
      );
    case 'attach_result':
      return (
        <>
          <ChoiceGroup
            ctx={ctx}
            name="result"
            label={t.resultFiles}
            multiple
            error={err('file')}
            values={data.results.map((r) => r.id)}
            options={data.results.map((r) => ({
              value: r.id,
              label: `${r.fileName}${r.signed ? ` — ${t.signedBadge}` : ''}`,
            }))}
          />
          <IssueChoices ctx={ctx} />
        </>
      );
    case 'deliver':
      return (
        <>
          <ChoiceGroup
            ctx={ctx}
            name="channel"
            label={t.channelLabel}
            error={err('channel')}
            values={['electronic']}
            options={[
              { value: 'electronic', label: t.deliverElectronic },
              { value: 'counter', label: t.deliverCounter },
              { value: 'post', label: t.deliverPost },
            ]}
          />
          <TextInput
            ctx={ctx}
            name="trackingNumber"
            label={t.trackingNumberLabel}
            width="w20"
            error={err('trackingNumber')}
            optional
          />
        </>
      );
    default:
      return null;
  }
}

/** How an issued result goes out: electronically, and sealed with the agency's signature (both ticked). */
function IssueChoices({ ctx, signLabel }: { ctx: PageContext; signLabel?: string }) {
  const { t } = ctx;
  return (
    <>
      <ChoiceGroup
        ctx={ctx}
        name="electronic"
        label={t.electronicResult}
        multiple
        values={['yes']}
        options={[{ value: 'yes', label: t.electronicResult }]}
      />
      <ChoiceGroup
        ctx={ctx}
        name="sign"
        label={signLabel ?? t.signResult}
        multiple
        values={['yes']}
        options={[{ value: 'yes', label: signLabel ?? t.signResult }]}
      />
    </>
  );
}

export function Upload({
  ctx,
  type,
  view,
  problems,
}: {
  ctx: PageContext;
  type: string;
  view: DossierView;
  problems?: Problem[];
}) {
  const t = ctx.t;
  return (
    <UploadForm
      ctx={ctx}
      action={`${staffDossierHref(view.code, `thao-tac/${type}`)}/tai-len`}
      fileLabel={type === 'supplement' ? t.chooseFile : t.uploadResult}
      resultNumber={type === 'complete_step'}
      problems={problems}
    />
  );
}
