/**
 * /workspace/chu-ky-so: the images a visible signature shows (Decree 30/2020 Annex I). Every
 * officer uploads their own signature image; an administrator uploads the seal image of an
 * agency they administer. PNG (transparent background) or JPEG, checked by content and size
 * (modules/dossiers signing-images.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCaller } from '../../../../platform/auth/index.ts';
import { DomainError } from '../../../../platform/errors.ts';
import { ErrorSummary } from '../../../../web/components/error-summary.tsx';
import { Button, errorFor, FileInput, type Problem, Select } from '../../../../web/components/form.tsx';
import { Inset } from '../../../../web/components/panel.tsx';
import { type PageContext, pageContext } from '../../../../web/context.ts';
import { errorText, seeOther, sendPage } from '../../../../web/http.tsx';
import { Layout } from '../../../../web/layout.tsx';
import { staffOrSignIn } from '../../../../web/staff-gate.ts';
import { uploadedFile } from '../../../../web/uploads.ts';
import { listAgencies } from '../../../directory/index.ts';
import { SIGNATURE_IMAGE_MAX_BYTES, saveSignatureImage, signatureImageOf } from '../../index.ts';
import type { PortalDeps } from '../page-deps.ts';

const PAGE = '/workspace/chu-ky-so';

interface OnFile {
  width: number;
  height: number;
  createdAt: Date;
}

function ImageForm(props: {
  ctx: PageContext;
  action: string;
  label: string;
  agencies?: Array<{ id: string; name: string }>;
  agencyId?: string;
  problems?: Problem[] | undefined;
}) {
  const { ctx, action } = props;
  const t = ctx.t;
  return (
    <form
      method="post"
      action={`${action}?_csrf=${encodeURIComponent(ctx.csrf)}`}
      enctype="multipart/form-data"
      novalidate
    >
      {props.agencies ? (
        <Select
          ctx={ctx}
          name="agencyId"
          label={t.sealAgencyLabel}
          value={props.agencyId}
          options={props.agencies.map((a) => ({ value: a.id, label: a.name }))}
        />
      ) : null}
      <FileInput
        ctx={ctx}
        name="file"
        label={props.label}
        hint={t.signatureImageHint}
        accept="image/png,image/jpeg"
        error={errorFor(props.problems, 'file')}
      />
      <Button variant="secondary">{t.uploadButton}</Button>
    </form>
  );
}

function SignatureImagesPage(props: {
  ctx: PageContext;
  own?: OnFile | undefined;
  seal?: OnFile | undefined;
  agencies?: Array<{ id: string; name: string }>;
  agencyId: string;
  saved?: string | undefined;
  problems?: Problem[] | undefined;
}) {
  const { ctx, own, seal } = props;
  const t = ctx.t;
  const onFile = (image: OnFile | undefined) =>
    image ? t.signatureImageOnFile(image.width, image.height, image.createdAt) : t.signatureImageNone;
  return (
    <Layout ctx={ctx} title={t.signatureImagesTitle} hasErrors={(props.problems?.length ?? 0) > 0}>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      <h1>{t.signatureImagesTitle}</h1>
      {props.saved ? <Inset>{t.signatureImageSaved}</Inset> : null}
      <p>{t.signatureImagesLead}</p>
      <h2>{t.signatureImageOwnTitle}</h2>
      <p data-own-image>{onFile(own)}</p>
      <ImageForm ctx={ctx} action={`${PAGE}/anh-chu-ky`} label={t.signatureImageFile} problems={props.problems} />
      {props.agencies ? (
        <>
          <h2>{t.sealImageTitle}</h2>
          <p data-seal-image>{onFile(seal)}</p>
          <ImageForm
            ctx={ctx}
            action={`${PAGE}/anh-con-dau`}
            label={t.sealImageFile}
            agencies={props.agencies}
            agencyId={props.agencyId}
            problems={props.problems}
          />
        </>
      ) : null}
    </Layout>
  );
}

const isAdmin = (caller: StaffCaller) => caller.roles.includes('admin');

export function signatureImageRoutes(app: FastifyInstance, deps: PortalDeps): void {
  const db = () => app.deps.database.db;
  const { provinceCode } = app.deps.config;
  const imageDeps = { ...deps, maxBytes: SIGNATURE_IMAGE_MAX_BYTES };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: StaffCaller,
    extra: { saved?: string; problems?: Problem[] } = {},
  ) {
    const ctx = pageContext(request, reply, 'workspace');
    const own = await signatureImageOf(db(), { agencyId: caller.agencyId, accountId: caller.id });
    const agencies = isAdmin(caller)
      ? (await listAgencies(db(), caller, { provinceCode })).map((a) => ({ id: a.id, name: a.name }))
      : undefined;
    const seal = agencies ? await signatureImageOf(db(), { agencyId: caller.agencyId }) : undefined;
    return sendPage(
      reply,
      <SignatureImagesPage
        ctx={ctx}
        own={own}
        seal={seal}
        {...(agencies ? { agencies } : {})}
        agencyId={caller.agencyId}
        saved={extra.saved}
        problems={extra.problems}
      />,
      extra.problems ? 422 : 200,
    );
  }

  app.get('/chu-ky-so', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const saved = (request.query as Record<string, unknown>).xong;
    return render(request, reply, caller, typeof saved === 'string' ? { saved } : {});
  });

  async function upload(request: FastifyRequest, reply: FastifyReply, caller: StaffCaller, seal: boolean) {
    const ctx = pageContext(request, reply, 'workspace');
    const file = await uploadedFile(request, imageDeps, ctx);
    if (!file.ok) return render(request, reply, caller, { problems: [{ field: 'file', message: file.message }] });
    const owner = seal
      ? { agencyId: file.fields.agencyId || caller.agencyId }
      : { agencyId: caller.agencyId, accountId: caller.id };
    try {
      await saveSignatureImage(db(), caller, owner, file.bytes);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500 || err.code === 'FORBIDDEN') throw err;
      return render(request, reply, caller, { problems: [{ field: 'file', message: errorText(ctx, err) }] });
    }
    return seeOther(reply, `${PAGE}?xong=${seal ? 'con-dau' : 'chu-ky'}`);
  }

  app.post('/chu-ky-so/anh-chu-ky', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    return upload(request, reply, caller, false);
  });

  app.post('/chu-ky-so/anh-con-dau', async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    // Only administrators set an agency's seal image; the use case checks which agencies.
    if (!isAdmin(caller)) throw new DomainError('FORBIDDEN', { reason: 'seal_image' });
    return upload(request, reply, caller, true);
  });
}
