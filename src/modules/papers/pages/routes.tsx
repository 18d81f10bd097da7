/**
 * The papers module's pages: "Giấy tờ của tôi" for citizens (portal), and at the counter the
 * digitisation of a dossier's paper and the applicant's papers (workspace). Each side is its
 * own scope with HTML error pages and compression; the use cases check every permission.
 */
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../../platform/auth/caller.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { Problem } from '../../../web/components/form.tsx';
import { vietnamDay } from '../../../web/components/format.ts';
import { pageContext } from '../../../web/context.ts';
import {
  errorText,
  field,
  fieldList,
  formBody,
  PAGE_COMPRESSION,
  pageErrorHandler,
  queryOf,
  seeOther,
  sendPage,
  signInPath,
} from '../../../web/http.tsx';
import { uploadedFile } from '../../../web/uploads.ts';
import { assertMayDigitise, digitisePaper } from '../digitise-paper.ts';
import { listMyPapers } from '../list-papers.ts';
import { readApplicantPapers } from '../read-applicant-papers.ts';
import { removePaper } from '../remove-paper.ts';
import { reusePaperAtCounter } from '../reuse-at-counter.ts';
import { ApplicantPapersPage, applicantPapersHref, DigitisePage, digitiseHref } from './counter-papers.tsx';
import { MY_PAPERS } from './labels.ts';
import { MyPapersPage } from './my-papers.tsx';

type Code = { Params: { code: string } };
type Id = { Params: { id: string } };

/** The signed-in citizen, or a redirect (staff to their workspace, anyone else to sign in). */
function citizenOrSignIn(request: FastifyRequest, reply: FastifyReply): Caller | null {
  const caller = request.caller;
  if (caller.kind === 'citizen') return caller;
  void seeOther(reply, caller.kind === 'staff' ? '/workspace' : signInPath('portal', request.url));
  return null;
}

function staffOrSignIn(request: FastifyRequest, reply: FastifyReply): Caller | null {
  if (request.caller.kind === 'staff') return request.caller;
  void seeOther(reply, signInPath('workspace', request.url));
  return null;
}

function citizenPages(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  app.get(MY_PAPERS, { schema: { hide: true } }, async (request, reply) => {
    const caller = citizenOrSignIn(request, reply);
    if (!caller) return reply;
    const papers = await listMyPapers(db(), caller);
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(reply, <MyPapersPage ctx={ctx} papers={papers} removed={queryOf(request)['da-xoa'] === '1'} />);
  });
  app.post<Id>(`${MY_PAPERS}/:id/xoa`, { schema: { hide: true } }, async (request, reply) => {
    const caller = citizenOrSignIn(request, reply);
    if (!caller) return reply;
    await removePaper(db(), caller, request.params.id);
    return seeOther(reply, `${MY_PAPERS}?da-xoa=1`);
  });
}

function counterPages(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  const { blobs } = app.deps.services;
  const maxBytes = app.deps.config.uploadMaxBytes;
  const empty = { paperName: '', validUntil: '' };
  // What the portal's upload reader needs: the store and the limit (no dossier is filed here).
  const uploadDeps = {
    blobs,
    maxBytes,
    maxMb: maxBytes / (1024 * 1024),
    dossierContext: () => {
      throw new Error('no filing from the digitisation page');
    },
  };

  app.get<Code>('/ho-so/:code/so-hoa', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'workspace');
    const { code } = request.params;
    // The same check as the post: only the receiving one-stop's receiver sees the form.
    await assertMayDigitise(db(), caller, code);
    return sendPage(
      reply,
      <DigitisePage ctx={ctx} code={code} values={empty} done={queryOf(request)['da-so-hoa'] === '1'} />,
    );
  });

  app.post<Code>('/ho-so/:code/so-hoa', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'workspace');
    const { code } = request.params;
    const upload = await uploadedFile(request, uploadDeps, ctx);
    const values = upload.ok
      ? { paperName: (upload.fields.paperName ?? '').slice(0, 200), validUntil: upload.fields.validUntil ?? '' }
      : empty;
    const problems: Problem[] = [];
    if (!upload.ok) problems.push({ field: 'file', message: upload.message });
    if (!values.paperName) problems.push({ field: 'paperName', message: 'Vui lòng nhập tên giấy tờ.' });
    if (upload.ok && problems.length === 0) {
      try {
        await digitisePaper(
          db(),
          blobs,
          caller,
          {
            dossierCode: code,
            paperName: values.paperName,
            fileName: upload.fileName,
            scan: upload.bytes,
            ...(values.validUntil ? { validUntil: values.validUntil } : {}),
          },
          { maxBytes },
        );
        return seeOther(reply, `${digitiseHref(code)}?da-so-hoa=1`);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
        const field = err.code === 'PAPER_VALID_UNTIL_INVALID' ? 'validUntil' : 'file';
        problems.push({ field, message: errorText(ctx, err) });
      }
    }
    return sendPage(reply, <DigitisePage ctx={ctx} code={code} values={values} problems={problems} />, 422);
  });

  app.get<Code>('/ho-so/:code/giay-to-cong-dan', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const ctx = pageContext(request, reply, 'workspace');
    const papers = await readApplicantPapers(db(), caller, request.params.code);
    const today = vietnamDay(new Date());
    const reused = queryOf(request)['da-dung-lai'] === '1';
    return sendPage(
      reply,
      <ApplicantPapersPage ctx={ctx} code={request.params.code} papers={papers} today={today} reused={reused} />,
    );
  });

  // Issue 18: a paper of the applicant's store taken for this dossier, with the applicant's consent.
  app.post<Code>('/ho-so/:code/giay-to-cong-dan/dung-lai', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const { code } = request.params;
    const body = formBody(request);
    const paperId = field(body, 'paperId').slice(0, 36);
    const today = vietnamDay(new Date());
    try {
      await reusePaperAtCounter(db(), caller, {
        dossierCode: code,
        paperId,
        consent: fieldList(body, 'consent').includes('yes'),
        today,
      });
      return seeOther(reply, `${applicantPapersHref(code)}?da-dung-lai=1`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500 || err.status === 403) throw err;
      const ctx = pageContext(request, reply, 'workspace');
      const name = err.code === 'PAPER_REUSE_CONSENT_REQUIRED' ? 'consent' : 'paperId';
      const papers = await readApplicantPapers(db(), caller, code);
      return sendPage(
        reply,
        <ApplicantPapersPage
          ctx={ctx}
          code={code}
          papers={papers}
          today={today}
          chosen={paperId}
          problems={[{ field: name, message: errorText(ctx, err) }]}
        />,
        422,
      );
    }
  });
}

export async function paperPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(compress, PAGE_COMPRESSION);
    scope.setErrorHandler(pageErrorHandler('portal'));
    citizenPages(scope);
  });
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      // The portal may have registered it on an enclosing scope already.
      if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      counterPages(scope);
    },
    { prefix: '/workspace' },
  );
}
