/** The pages of online filing: task list, where to file, applicant, papers, check answers. */
import type { ComponentChildren } from 'preact';
import type { VerifiedIdentity } from '../../../../platform/auth/index.ts';
import { BackLink } from '../../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import { Button, ChoiceGroup, errorFor, FileInput, PostForm, type Problem } from '../../../../web/components/form.tsx';
import { formatSize } from '../../../../web/components/format.ts';
import { SummaryList, type SummaryRow } from '../../../../web/components/summary-list.tsx';
import { type Task, TaskList } from '../../../../web/components/task-list.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { applicantTypeLabel } from '../../../../web/labels.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { ProcedureView } from '../../../catalog/index.ts';
import type { ReusablePaper } from '../../../papers/index.ts';
import { ApplicantFields, type ApplicantValues } from '../applicant-fields.tsx';
import { formValue } from '../dossier-text.ts';
import type { Draft } from './draft.ts';
import { canOpen, type FilingStep, formFields, isStepDone, stepsOf, uploadables } from './filing-flow.ts';

export const stepHref = (code: string, step: FilingStep | '') =>
  `/nop-ho-so/${encodeURIComponent(code)}${step ? `/${step}` : ''}`;
export const procedureKey = (p: ProcedureView) => p.nationalCode ?? p.id;

export function FilingFrame(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  title: string;
  back: string;
  problems?: Problem[] | undefined;
  children: ComponentChildren;
}) {
  const { ctx, procedure, title, back, problems, children } = props;
  return (
    <Layout
      ctx={ctx}
      title={`${title} — ${procedure.name}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={back} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">{procedure.name}</span>
      {children}
    </Layout>
  );
}

export function TaskListPage({ ctx, procedure, draft }: { ctx: PageContext; procedure: ProcedureView; draft: Draft }) {
  const t = ctx.t;
  const key = procedureKey(procedure);
  const titles: Record<FilingStep, string> = {
    'noi-nop': t.taskAgency,
    'nguoi-nop': t.taskApplicant,
    'to-khai': t.taskForm,
    'giay-to': t.taskPapers,
    'kiem-tra': t.taskCheck,
  };
  const tasks: Task[] = stepsOf(procedure).map((step) => {
    const open = canOpen(procedure, draft, step);
    const done = isStepDone(procedure, draft, step);
    return {
      id: step,
      title: titles[step],
      ...(open ? { href: stepHref(key, step) } : {}),
      status: done ? 'done' : open ? 'todo' : 'blocked',
      statusLabel: done ? t.statusDone : open ? t.statusTodo : t.statusBlocked,
    };
  });
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.filingTitle} back={`/thu-tuc/${encodeURIComponent(key)}`}>
      <h1>{t.filingTitle}</h1>
      <p class="lead">{t.taskListLead}</p>
      <TaskList tasks={tasks} />
    </FilingFrame>
  );
}

export function AgencyPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  value: string | undefined;
  problems?: Problem[];
  back: string;
  action: string;
}) {
  const { ctx, procedure, problems } = props;
  const t = ctx.t;
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.taskAgency} back={props.back} problems={problems}>
      <PostForm ctx={ctx} action={props.action}>
        <ChoiceGroup
          ctx={ctx}
          name="agencyId"
          label={t.agencyQuestion}
          hint={t.agencyHint}
          asHeading
          error={errorFor(problems, 'agencyId')}
          values={props.value ? [props.value] : []}
          options={procedure.agencies.map((a) => ({ value: a.id, label: a.name }))}
        />
        <Button>{t.continue}</Button>
      </PostForm>
    </FilingFrame>
  );
}

export function ApplicantPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  values: ApplicantValues;
  problems?: Problem[];
  back: string;
  action: string;
  verified?: VerifiedIdentity | undefined;
  /** "Lấy từ CSDL dân cư" or what came from it (exchange module), when the register is connected. */
  source?: ComponentChildren;
}) {
  const { ctx, procedure, values: v, problems } = props;
  const t = ctx.t;
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.applicantTitle} back={props.back} problems={problems}>
      <h1>{t.applicantTitle}</h1>
      {props.source}
      <PostForm ctx={ctx} action={props.action}>
        <ApplicantFields
          ctx={ctx}
          procedure={procedure}
          values={v}
          problems={problems}
          filledBy="applicant"
          verified={props.verified}
        />
        <Button>{t.continue}</Button>
      </PostForm>
    </FilingFrame>
  );
}

/** One upload form per paper: plain forms, so they work without script (multipart, CSRF token in the URL). */
/** "Có thể dùng lại từ kho dữ liệu": the citizen's matching papers, each taken with one button, no upload. */
function ReuseOffer(props: { ctx: PageContext; action: string; offers: readonly ReusablePaper[] | undefined }) {
  const { ctx, offers } = props;
  const t = ctx.t;
  if (!offers || offers.length === 0) return null;
  return (
    <div class="inset">
      <p>{t.reuseFromStore}</p>
      <ul class="list-plain">
        {offers.map((o) => (
          <li key={o.paperId}>
            {o.fileName} ({t.reuseFrom(o.dossierCode)}
            {o.signed ? `, ${t.reuseSigned}` : ''}
            {o.validUntil ? `, ${t.reuseValidUntil(o.validUntil.split('-').reverse().join('/'))}` : ''}){' '}
            <PostForm ctx={ctx} action={props.action} class="inline-form">
              <input type="hidden" name="paperId" value={o.paperId} />
              <Button variant="secondary">
                {t.reuseButton}
                <span class="visually-hidden"> — {o.fileName}</span>
              </Button>
            </PostForm>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PapersPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  draft: Draft;
  problems?: Problem[];
  back: string;
  maxMb: number;
  /** The citizen's papers that may stand for each reusable paper (papers module), by paper index. */
  offers?: ReadonlyMap<number, readonly ReusablePaper[]>;
}) {
  const { ctx, procedure, draft, problems } = props;
  const t = ctx.t;
  const key = procedureKey(procedure);
  const presented = procedure.papers.filter((p) => p.form === 'presented');
  const declaration = procedure.papers.find((p) => p.eform === true);
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.papersTitle} back={props.back} problems={problems}>
      <h1>{t.papersTitle}</h1>
      <p>{t.papersLead(props.maxMb)}</p>
      {declaration ? <p class="inset">{t.declarationByEform(declaration.name)}</p> : null}
      {uploadables(procedure).map((u) => {
        const files = draft.files.filter((f) => f.paper === u.paper);
        const name = `file-${u.paper < 0 ? `e${-1 - u.paper}` : u.paper}`;
        return (
          <section class="paper-upload" key={u.paper} aria-labelledby={`${name}-title`}>
            <h2 id={`${name}-title`} class="h3">
              {u.name} {u.required ? null : <span class="optional">{t.optional}</span>}
            </h2>
            {files.length === 0 ? (
              <p class="muted">{t.noFileYet}</p>
            ) : (
              <ul class="list-plain">
                {files.map((f) => (
                  <li key={f.id}>
                    <span class="tag tag-green">{f.reused ? t.reusedTag : t.statusDone}</span> {f.fileName} (
                    {formatSize(f.size, ctx.lang)}){' '}
                    <PostForm ctx={ctx} action={`${stepHref(key, 'giay-to')}/xoa`} class="inline-form">
                      <input type="hidden" name="id" value={f.id} />
                      <input type="hidden" name="paper" value={String(f.paper)} />
                      <button type="submit" class="button button-link">
                        {t.remove}
                        <span class="visually-hidden"> {f.fileName}</span>
                      </button>
                    </PostForm>
                  </li>
                ))}
              </ul>
            )}
            {files.length === 0 ? (
              <ReuseOffer
                ctx={ctx}
                action={`${stepHref(key, 'giay-to')}/dung-lai/${u.paper}`}
                offers={props.offers?.get(u.paper)}
              />
            ) : null}
            <form
              method="post"
              action={`${stepHref(key, 'giay-to')}/tai-len/${u.paper}?_csrf=${encodeURIComponent(ctx.csrf)}`}
              enctype="multipart/form-data"
              novalidate
            >
              <FileInput
                ctx={ctx}
                name={name}
                label={<span class="visually-hidden">{t.uploadFor(u.name)}</span>}
                error={errorFor(problems, name)}
                accept=".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png"
              />
              <Button variant="secondary">
                {t.uploadButton}
                <span class="visually-hidden"> — {u.name}</span>
              </Button>
            </form>
          </section>
        );
      })}
      {presented.length > 0 ? (
        <>
          <p>{t.presentedNote}</p>
          <ul class="list-bullet">
            {presented.map((p) => (
              <li key={p.name}>{p.name}</li>
            ))}
          </ul>
        </>
      ) : null}
      <PostForm ctx={ctx} action={stepHref(key, 'giay-to')}>
        <Button>{t.continue}</Button>
      </PostForm>
    </FilingFrame>
  );
}

export function CheckPage(props: {
  ctx: PageContext;
  procedure: ProcedureView;
  draft: Draft;
  agencyName: string;
  problems?: Problem[];
  back: string;
}) {
  const { ctx, procedure, draft, problems } = props;
  const t = ctx.t;
  const key = procedureKey(procedure);
  const a = draft.applicant;
  const again = '?sua=1';
  const change = (step: FilingStep) => `${stepHref(key, step)}${again}`;
  const applicantRows: SummaryRow[] = a
    ? [
        {
          key: t.applicantType,
          value: applicantTypeLabel(ctx, a.type),
          changeHref: change('nguoi-nop'),
          changeLabel: t.applicantType,
        },
        { key: t.fullNameLabel, value: a.fullName, changeHref: change('nguoi-nop'), changeLabel: t.fullNameLabel },
        ...(a.personalId
          ? [
              {
                key: t.personalIdLabel,
                value: a.personalId,
                changeHref: change('nguoi-nop'),
                changeLabel: t.personalIdLabel,
              },
            ]
          : []),
        ...(a.phone
          ? [{ key: t.phoneLabel, value: a.phone, changeHref: change('nguoi-nop'), changeLabel: t.phoneLabel }]
          : []),
        ...(a.email
          ? [{ key: t.emailLabel, value: a.email, changeHref: change('nguoi-nop'), changeLabel: t.emailLabel }]
          : []),
        ...(a.address
          ? [{ key: t.addressLabel, value: a.address, changeHref: change('nguoi-nop'), changeLabel: t.addressLabel }]
          : []),
      ]
    : [];
  const formRows: SummaryRow[] = formFields(procedure).map((f) => ({
    key: f.label,
    value: formValue(f, draft.formData?.[f.key], ctx.lang) || t.none,
    changeHref: change('to-khai'),
    changeLabel: f.label,
  }));
  const paperRows: SummaryRow[] = uploadables(procedure).map((u) => {
    const files = draft.files.filter((f) => f.paper === u.paper);
    return {
      key: u.name,
      value: files.length === 0 ? t.noFileYet : files.map((f) => f.fileName).join(', '),
      changeHref: change('giay-to'),
      changeLabel: u.name,
    };
  });
  return (
    <FilingFrame ctx={ctx} procedure={procedure} title={t.checkTitle} back={props.back} problems={problems}>
      <h1>{t.checkTitle}</h1>
      <h2>{t.procedure}</h2>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t.procedure, value: procedure.name },
          {
            key: t.whereToFile,
            value: props.agencyName,
            ...(procedure.agencies.length > 1 ? { changeHref: change('noi-nop'), changeLabel: t.whereToFile } : {}),
          },
        ]}
      />
      <h2>{t.taskApplicant}</h2>
      <SummaryList ctx={ctx} rows={applicantRows} />
      {formRows.length > 0 ? (
        <>
          <h2>{t.taskForm}</h2>
          <SummaryList ctx={ctx} rows={formRows} />
        </>
      ) : null}
      <h2>{t.taskPapers}</h2>
      <SummaryList ctx={ctx} rows={paperRows} />
      <h2>{t.declarationTitle}</h2>
      <p>{t.declaration}</p>
      <PostForm ctx={ctx} action={stepHref(key, 'kiem-tra')}>
        <Button>{t.submitButton}</Button>
      </PostForm>
    </FilingFrame>
  );
}
