/**
 * Counter reception (tiếp nhận tại quầy): choose the procedure, enter the applicant and the
 * e-form, tick the papers received, receive — then scan the papers and print the receipt
 * slip (Mẫu 01) with the appointment date.
 */

import type { ComponentChildren } from 'preact';
import { BackLink } from '../../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import {
  Button,
  ChoiceGroup,
  errorFor,
  PostForm,
  type Problem,
  Select,
  Textarea,
} from '../../../../web/components/form.tsx';
import { Panel } from '../../../../web/components/panel.tsx';
import { SearchForm } from '../../../../web/components/search-form.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { ProcedureSummary, ProcedureView } from '../../../catalog/index.ts';
import type { AttachmentView, DossierView } from '../../index.ts';
import { ApplicantFields, type ApplicantValues } from '../applicant-fields.tsx';
import { UploadForm } from '../dossier-parts.tsx';
import { slipHref } from '../dossier-text.ts';
import { type Commune, EformFields, type PlaceLists } from '../portal/eform.tsx';
import { FilesList } from '../portal/my-dossiers.tsx';
import { staffDossierHref } from './inbox.tsx';

const counterHref = (p: { id: string; nationalCode: string | null }) =>
  `/workspace/tiep-nhan/${encodeURIComponent(p.nationalCode ?? p.id)}`;

export function CounterSearchPage({ ctx, q, items }: { ctx: PageContext; q: string; items: ProcedureSummary[] }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.counterTitle}>
      <h1>{t.counterTitle}</h1>
      <p class="lead">{t.counterLead}</p>
      <SearchForm ctx={ctx} action="/workspace/tiep-nhan" label={t.searchLabel} hint={t.searchHint} q={q} />
      {q && items.length === 0 ? <p>{t.noResults}</p> : null}
      <ul class="result-list">
        {items.map((p) => (
          <li class="result-item" key={p.id}>
            <h2 class="h3">
              <a href={counterHref(p)}>
                {t.counterChoose}: {p.name}
              </a>
            </h2>
            <p class="result-meta">
              {p.field.name}
              {p.nationalCode ? ` · ${p.nationalCode}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface CounterValues extends ApplicantValues {
  agencyId: string;
  form: Record<string, string>;
  papers: string[];
  /** Why papers are received outside working time (issue 23); asked for once the counter refuses. */
  outsideHoursReason: string;
  /** The guidance (Mẫu 02) or the reason for refusal (Mẫu 03) when the dossier is not received. */
  intakeNote: string;
}

export function CounterFormPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  values: CounterValues;
  communes: Commune[];
  places?: PlaceLists | undefined;
  problems?: Problem[] | undefined;
  /** "Lấy từ CSDL dân cư" (exchange module): the button, or the note that the data came from the register. */
  applicantSource?: ComponentChildren;
}) {
  const { ctx, procedure, values: v, problems } = props;
  const t = ctx.t;
  const err = (name: string) => errorFor(problems, name);
  return (
    <Layout
      ctx={ctx}
      title={`${t.counterTitle} — ${procedure.name}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href="/workspace/tiep-nhan" />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">{t.counterTitle}</span>
      <h1>{procedure.name}</h1>
      <PostForm ctx={ctx} action={counterHref(procedure)} txn>
        {procedure.agencies.length > 1 ? (
          <Select
            ctx={ctx}
            name="agencyId"
            label={t.agencies}
            value={v.agencyId}
            error={err('agencyId')}
            options={procedure.agencies.map((a) => ({ value: a.id, label: a.name }))}
          />
        ) : null}
        <h2>{t.applicantSection}</h2>
        {props.applicantSource}
        <ApplicantFields ctx={ctx} procedure={procedure} values={v} problems={problems} filledBy="officer" />
        <h2>{t.formSection}</h2>
        <EformFields
          ctx={ctx}
          procedure={procedure}
          values={v.form}
          communes={props.communes}
          places={props.places}
          problems={problems}
          sectionLevel={3}
        />
        <h2>{t.papersReceived}</h2>
        <ChoiceGroup
          ctx={ctx}
          name="papers"
          label={t.papersReceived}
          hint={t.papersReceivedHint}
          multiple
          error={err('papers')}
          values={v.papers}
          options={procedure.papers.map((p, i) => ({
            value: String(i),
            label: p.required ? p.name : `${p.name} ${t.optional}`,
          }))}
        />
        {v.outsideHoursReason || err('outsideHoursReason') ? (
          <Textarea
            ctx={ctx}
            name="outsideHoursReason"
            label={t.outsideHoursReasonLabel}
            value={v.outsideHoursReason}
            error={err('outsideHoursReason')}
          />
        ) : null}
        <Button>{t.receiveButton}</Button>
        <h2>{t.counterNotReceivableTitle}</h2>
        <p>{t.counterNotReceivableLead}</p>
        <Textarea
          ctx={ctx}
          name="intakeNote"
          label={t.counterIntakeNoteLabel}
          hint={t.counterIntakeNoteHint}
          value={v.intakeNote}
          error={err('intakeNote')}
        />
        <div class="button-group">
          <Button variant="secondary" name="intake" value="guide">
            {t.counterGuideButton}
          </Button>
          <Button variant="warning" name="intake" value="refuse">
            {t.counterRefuseButton}
          </Button>
        </div>
      </PostForm>
    </Layout>
  );
}

/** A slip to print, in a new tab (issue 13.10): the PDF opens beside the counter's page. */
function PrintSlipLink({ ctx, href, label }: { ctx: PageContext; href: string; label: string }) {
  return (
    <a class="button button-primary" href={href} target="_blank" rel="noopener">
      {label} <span class="visually-hidden">{ctx.t.opensInNewTab}</span>
    </a>
  );
}

/** Not received at the counter: the guidance slip (Mẫu 02) or the refusal slip (Mẫu 03) to print. */
export function CounterSlipPage(props: {
  ctx: PageContext;
  view: DossierView;
  kind: 'supplement-request' | 'intake-refusal';
}) {
  const { ctx, view, kind } = props;
  const t = ctx.t;
  const title = kind === 'supplement-request' ? t.counterGuidedTitle : t.counterRefusedTitle;
  const name = kind === 'supplement-request' ? t.slipSupplement : t.slipRefusal;
  return (
    <Layout ctx={ctx} title={title}>
      <Panel title={title}>
        {t.dossierCodeLabel}
        <br />
        <strong class="code">{view.code}</strong>
      </Panel>
      <p>{view.procedure.name}</p>
      <p>{t.counterSlipLead}</p>
      <p>
        <PrintSlipLink ctx={ctx} href={slipHref(view.code, kind)} label={t.printSlip(name)} />
      </p>
      <ul class="list-plain">
        <li>
          <a href={staffDossierHref(view.code)}>{t.toDossier}</a>
        </li>
        <li>
          <a href={counterHref(view.procedure)}>{t.counterAnother}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** After reception: print the receipt slip, scan the papers received. */
export function CounterDonePage(props: {
  ctx: PageContext;
  view: DossierView;
  paperNames: string[];
  /** The papers ticked at reception, carried along in the address ("0,1,3"). */
  ticked: string;
  scans: AttachmentView[];
  /** The appointment as the slip writes it: time, session, weekday and date. */
  appointment: string | null;
  problems?: Problem[] | undefined;
}) {
  const { ctx, view, problems } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t.counterDoneTitle} hasErrors={(problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={problems} />
      <Panel title={t.counterDoneTitle}>
        {t.dossierCodeLabel}
        <br />
        <strong class="code">{view.code}</strong>
      </Panel>
      <p>
        {view.procedure.name}
        <br />
        {t.dueAt}: <strong data-appointment>{props.appointment ?? '—'}</strong>
      </p>
      <p>
        <PrintSlipLink ctx={ctx} href={slipHref(view.code, 'receipt')} label={t.printReceipt} />
      </p>
      <h2>{t.scansTitle}</h2>
      {props.scans.length > 0 ? <FilesList ctx={ctx} code={view.code} files={props.scans} /> : null}
      <UploadForm
        ctx={ctx}
        action={`${staffDossierHref(view.code, 'quet')}${props.ticked ? `?giay-to=${props.ticked}` : ''}`}
        fileLabel={t.chooseFile}
        paperNames={props.paperNames}
        problems={problems}
      />
      <p>
        <a href={staffDossierHref(view.code)}>{t.toDossier}</a>
      </p>
    </Layout>
  );
}
