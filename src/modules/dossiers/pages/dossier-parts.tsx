/** Pieces of a dossier's pages that the citizen's portal and the officers' workspace share. */
import type { ComponentChildren } from 'preact';
import { Button, errorFor, FileInput, type Problem, Select, TextInput } from '../../../web/components/form.tsx';
import { Banner } from '../../../web/components/panel.tsx';
import type { PageContext } from '../../../web/context.ts';
import type { DossierView } from '../index.ts';

/** The top of a dossier's page: what was just done (if anything), the procedure, the code. */
export function DossierHeading({
  ctx,
  view,
  done,
}: {
  ctx: PageContext;
  view: DossierView;
  done?: string | undefined;
}) {
  return (
    <>
      {done ? (
        <Banner kind="success" title={done}>
          <p>{done}</p>
        </Banner>
      ) : null}
      <span class="caption">{view.procedure.name}</span>
      <h1>
        {ctx.t.dossierWord} <span class="code">{view.code}</span>
      </h1>
    </>
  );
}

/**
 * One file per post, multipart, so it works without script; the CSRF token rides in the
 * address since the body is read after the check. With `paperNames`, the sender says which
 * paper the file is.
 */
export function UploadForm(props: {
  ctx: PageContext;
  /** Where the form posts; may carry a query already. */
  action: string;
  fileLabel: ComponentChildren;
  paperNames?: string[] | undefined;
  /** The paper chosen beforehand (the one the request asks for and not yet sent). */
  selected?: string | undefined;
  /** A result's document number, entered with the draft (issue 13.11). */
  resultNumber?: boolean | undefined;
  problems?: Problem[] | undefined;
}) {
  const { ctx, action } = props;
  const t = ctx.t;
  const csrf = `${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(ctx.csrf)}`;
  return (
    <form method="post" action={`${action}${csrf}`} enctype="multipart/form-data" novalidate>
      {props.paperNames ? (
        <Select
          ctx={ctx}
          name="paperName"
          label={t.paperForSupplement}
          value={props.selected}
          options={props.paperNames.map((n) => ({ value: n, label: n }))}
        />
      ) : null}
      {props.resultNumber ? (
        <TextInput ctx={ctx} name="resultNumber" label={t.resultNumberLabel} hint={t.resultNumberHint} width="w20" />
      ) : null}
      <FileInput ctx={ctx} name="file" label={props.fileLabel} error={errorFor(props.problems, 'file')} />
      <Button variant="secondary">{t.uploadButton}</Button>
    </form>
  );
}
