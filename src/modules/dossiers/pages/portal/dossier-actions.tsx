/** What a citizen does on a dossier: add the papers asked for, withdraw it (rating is the ratings module's /danh-gia page). */
import type { ComponentChildren } from 'preact';
import { BackLink } from '../../../../web/components/breadcrumbs.tsx';
import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import { Button, PostForm, type Problem, Textarea } from '../../../../web/components/form.tsx';
import { Inset, Warning } from '../../../../web/components/panel.tsx';
import type { PageContext } from '../../../../web/context.ts';
import { Layout } from '../../../../web/layout.tsx';
import type { AttachmentView, DossierView } from '../../index.ts';
import { UploadForm } from '../dossier-parts.tsx';
import type { MissingPaperText } from '../dossier-text.ts';
import { slipHref } from '../dossier-text.ts';
import { dossierHref, FilesList, slipLabel } from './my-dossiers.tsx';

/** The frame of a citizen's action on a dossier: back to the dossier, errors first, then the title. */
function DossierActionFrame(props: {
  ctx: PageContext;
  view: DossierView;
  title: string;
  problems?: Problem[] | undefined;
  children: ComponentChildren;
}) {
  const { ctx, view, title, problems } = props;
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={(problems?.length ?? 0) > 0}
      before={<BackLink ctx={ctx} href={dossierHref(view.code)} />}
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      <span class="caption">
        {view.procedure.name} — <span class="code">{view.code}</span>
      </span>
      <h1>{title}</h1>
      {props.children}
    </Layout>
  );
}

export function SupplementPage(props: {
  ctx: PageContext;
  view: DossierView;
  missing: MissingPaperText[];
  note: string;
  /** What an uploaded file may be (the missing papers, else the procedure's papers). */
  paperNames: string[];
  added: AttachmentView[];
  /** The paper the upload form starts on. */
  selected?: string | undefined;
  problems?: Problem[];
  maxMb: number;
}) {
  const { ctx, view, missing, added, problems } = props;
  const t = ctx.t;
  return (
    <DossierActionFrame ctx={ctx} view={view} title={t.supplementTitle} problems={problems}>
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
      <UploadForm
        ctx={ctx}
        action={`${dossierHref(view.code, 'bo-sung')}/tai-len`}
        fileLabel={t.chooseFile}
        paperNames={props.paperNames}
        selected={props.selected}
        problems={problems}
      />
      <h2>{t.supplementFiles}</h2>
      {added.length === 0 ? <p class="muted">{t.noFileYet}</p> : <FilesList ctx={ctx} code={view.code} files={added} />}
      <PostForm ctx={ctx} action={dossierHref(view.code, 'bo-sung')} txn>
        <Button>{t.sendSupplement}</Button>
      </PostForm>
    </DossierActionFrame>
  );
}

export function WithdrawPage({ ctx, view, problems }: { ctx: PageContext; view: DossierView; problems?: Problem[] }) {
  const t = ctx.t;
  return (
    <DossierActionFrame ctx={ctx} view={view} title={t.withdrawTitle} problems={problems}>
      <Warning label={t.warning}>{t.withdrawWarning}</Warning>
      <PostForm ctx={ctx} action={dossierHref(view.code, 'rut')} txn>
        <Textarea ctx={ctx} name="reason" label={t.withdrawReason} optional />
        <Button variant="warning">{t.withdrawButton}</Button>
      </PostForm>
    </DossierActionFrame>
  );
}
