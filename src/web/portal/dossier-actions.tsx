/** What a citizen does on a dossier: add the papers asked for, withdraw it (rating is the ratings module's /danh-gia page). */
import type { AttachmentView, DossierView } from '../../modules/dossiers/index.ts';
import { BackLink } from '../components/breadcrumbs.tsx';
import { ErrorSummary } from '../components/error-summary.tsx';
import { Button, errorFor, FileInput, PostForm, type Problem, Select, Textarea } from '../components/form.tsx';
import { Inset, Warning } from '../components/panel.tsx';
import type { PageContext } from '../context.ts';
import type { MissingPaperText } from '../dossier-text.ts';
import { slipHref } from '../dossier-text.ts';
import { Layout } from '../layout.tsx';
import { dossierHref, FilesList, slipLabel } from './my-dossiers.tsx';

export function SupplementPage(props: {
  ctx: PageContext;
  view: DossierView;
  missing: MissingPaperText[];
  note: string;
  /** What an uploaded file may be (the missing papers, else the procedure's papers). */
  paperNames: string[];
  added: AttachmentView[];
  problems?: Problem[];
  maxMb: number;
}) {
  const { ctx, view, missing, added, problems } = props;
  const t = ctx.t;
  return (
    <Layout
      ctx={ctx}
      title={t.supplementTitle}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={dossierHref(view.code)} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">
        {view.procedure.name} — <span class="code">{view.code}</span>
      </span>
      <h1>{t.supplementTitle}</h1>
      <h2>{t.missingPapersHeading}</h2>
      {missing.length > 0 ? (
        <ul class="list-bullet">
          {missing.map((m) => (
            <li key={m.name}>
              <strong>{m.name}</strong>
              {m.reason ? `: ${m.reason}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          {t.missingSeeSlip}{' '}
          <a href={slipHref(view.code, 'supplement-request')}>
            {slipLabel(ctx, 'supplement-request')} ({t.pdf})
          </a>
        </p>
      )}
      {props.note ? <Inset>{props.note}</Inset> : null}
      <p>{t.papersLead(props.maxMb)}</p>
      <form
        method="post"
        action={`${dossierHref(view.code, 'bo-sung')}/tai-len?_csrf=${encodeURIComponent(ctx.csrf)}`}
        enctype="multipart/form-data"
        novalidate
      >
        <Select
          ctx={ctx}
          name="paperName"
          label={t.paperForSupplement}
          options={props.paperNames.map((n) => ({ value: n, label: n }))}
        />
        <FileInput ctx={ctx} name="file" label={t.chooseFile} error={errorFor(problems, 'file')} />
        <Button variant="secondary">{t.uploadButton}</Button>
      </form>
      <h2>{t.supplementFiles}</h2>
      {added.length === 0 ? <p class="muted">{t.noFileYet}</p> : <FilesList ctx={ctx} code={view.code} files={added} />}
      <PostForm ctx={ctx} action={dossierHref(view.code, 'bo-sung')} txn>
        <Button>{t.sendSupplement}</Button>
      </PostForm>
    </Layout>
  );
}

export function WithdrawPage({ ctx, view, problems }: { ctx: PageContext; view: DossierView; problems?: Problem[] }) {
  const t = ctx.t;
  return (
    <Layout
      ctx={ctx}
      title={t.withdrawTitle}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={dossierHref(view.code)} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">
        {view.procedure.name} — <span class="code">{view.code}</span>
      </span>
      <h1>{t.withdrawTitle}</h1>
      <Warning label={t.warning}>{t.withdrawWarning}</Warning>
      <PostForm ctx={ctx} action={dossierHref(view.code, 'rut')} txn>
        <Textarea ctx={ctx} name="reason" label={t.withdrawReason} optional />
        <Button variant="warning">{t.withdrawButton}</Button>
      </PostForm>
    </Layout>
  );
}
