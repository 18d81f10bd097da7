/**
 * Workspace routes of the documents module (/workspace/van-ban…). Pages call the use cases with
 * the signed-in staff member; the use cases decide what they may see (secret documents: only
 * the people named on them, 404 to anyone else) and do. Form fields are checked here against
 * the Annex VI lengths; what is wrong comes back as a form problem.
 */
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateOf } from '../../../platform/calendar/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { Problem } from '../../../web/components/form.tsx';
import { pageContext } from '../../../web/context.ts';
import {
  type FormBody,
  field,
  formBody,
  PAGE_COMPRESSION,
  pageErrorHandler,
  queryOf,
  seeOther,
  sendPage,
  transactionIdOf,
} from '../../../web/http.tsx';
import { staffOrSignIn } from '../../../web/staff-gate.ts';
import { agencyByCode, agencyById, staffOfAgency } from '../../directory/index.ts';
import type { StaffCaller } from '../context.ts';
import { getDocumentView } from '../document-view.ts';
import { createDraft } from '../draft-document.ts';
import { readBlob } from '../files.ts';
import { inboxesFor, inboxKinds, listInbox, searchDocuments } from '../inboxes.ts';
import { registerIncomingDocument } from '../register-incoming-document.ts';
import { followUpBook, registerEntries, registerWorkbook } from '../registers.ts';
import { documentFiles } from '../schema.ts';
import { listWorkFiles, workFilesOfDocument } from '../work-files.ts';
import { DocumentPage } from './document-page.tsx';
import { DraftForm, RegisterIncomingForm } from './form-pages.tsx';
import { ACTION_PATHS, actionOfPath } from './labels.ts';
import { DocumentsHome, FollowUpPage, RegisterPage } from './list-pages.tsx';
import { parseDraft, parseIncoming } from './parse-forms.ts';
import { runAction } from './run-action.ts';
import { scanOf, scanRoutes } from './scan-routes.tsx';
import { workFileRoutes } from './work-file-routes.tsx';

type IdParams = { Params: { id: string; action?: string; fileId?: string } };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

export async function documentPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(
    async (scope) => {
      await scope.register(compress, PAGE_COMPRESSION);
      if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);
      scope.setErrorHandler(pageErrorHandler('workspace'));
      routes(scope);
      workFileRoutes(scope);
      scanRoutes(scope);
    },
    { prefix: '/workspace' },
  );
}

function routes(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  const ctxOf = () => ({
    now: app.deps.services.now(),
    blobs: app.deps.services.blobs,
    publicUrl: app.deps.services.publicUrl,
  });
  const yearOf = (raw: string | undefined) => {
    const y = Number.parseInt(raw ?? '', 10);
    return y >= 2000 && y <= 2100 ? y : Number(localDateOf(app.deps.services.now()).slice(0, 4));
  };

  app.get('/van-ban', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const q = queryOf(request);
    const boxes = inboxesFor(caller);
    const search = {
      q: (q.q ?? '').slice(0, 200),
      from: ISO_DATE.test(q.tu ?? '') ? (q.tu ?? '') : '',
      to: ISO_DATE.test(q.den ?? '') ? (q.den ?? '') : '',
    };
    const box =
      q.hop === 'search'
        ? 'search'
        : (inboxKinds.find((k) => k === q.hop && boxes.includes(k)) ?? boxes[0] ?? 'to_handle');
    const items =
      box === 'search'
        ? await searchDocuments(db(), caller, {
            q: search.q,
            ...(search.from ? { from: search.from } : {}),
            ...(search.to ? { to: search.to } : {}),
          })
        : await listInbox(db(), caller, box, { now: app.deps.services.now() });
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(
      reply,
      <DocumentsHome
        ctx={ctx}
        boxes={boxes}
        box={box}
        items={items}
        query={search}
        canRegister={caller.roles.includes('clerk')}
        year={yearOf(undefined)}
      />,
    );
  });

  app.get('/van-ban/so', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const q = queryOf(request);
    const direction = q.loai === 'di' ? 'outgoing' : 'incoming';
    const year = yearOf(q.nam);
    const [entries, agency] = await Promise.all([
      registerEntries(db(), caller, { year, direction }),
      agencyById(db(), caller.agencyId),
    ]);
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(
      reply,
      <RegisterPage ctx={ctx} direction={direction} year={year} agencyName={agency?.name ?? ''} entries={entries} />,
    );
  });

  app.get('/van-ban/so.xlsx', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const q = queryOf(request);
    const direction = q.loai === 'di' ? 'outgoing' : 'incoming';
    const year = yearOf(q.nam);
    const [entries, agency] = await Promise.all([
      registerEntries(db(), caller, { year, direction }),
      agencyById(db(), caller.agencyId),
    ]);
    const bytes = await registerWorkbook(entries, { direction, year, agencyName: agency?.name ?? '' });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="so-van-ban-${q.loai === 'di' ? 'di' : 'den'}-${year}.xlsx"`)
      .send(Buffer.from(bytes));
  });

  app.get('/van-ban/theo-doi', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const year = yearOf(queryOf(request).nam);
    const rows = await followUpBook(db(), caller, { year, now: app.deps.services.now() });
    return sendPage(reply, <FollowUpPage ctx={pageContext(request, reply, 'workspace')} year={year} rows={rows} />);
  });

  app.get('/van-ban/vao-so', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!caller.roles.includes('clerk')) throw new DomainError('DOCUMENT_FORBIDDEN');
    return sendPage(reply, <RegisterIncomingForm ctx={pageContext(request, reply, 'workspace')} />);
  });

  app.post('/van-ban/vao-so', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    // The role before the fields: someone who may not register learns nothing from the form's checks.
    if (!caller.roles.includes('clerk')) throw new DomainError('DOCUMENT_FORBIDDEN');
    const body = formBody(request);
    const parsed = parseIncoming(body);
    const retry = (problems: Problem[]) =>
      sendPage(
        reply,
        <RegisterIncomingForm
          ctx={pageContext(request, reply, 'workspace')}
          problems={problems}
          values={valuesOf(body)}
        />,
        422,
      );
    if (!parsed.ok) return retry(parsed.problems);
    const scan = await scanOf(body, app.deps.services.blobs, app.deps.config.uploadMaxBytes);
    const receipt = await registerIncomingDocument(
      db(),
      caller,
      scan ? { ...parsed.value, source: scan.source, files: [scan.file] } : parsed.value,
      { transactionId: transactionIdOf(body) },
      ctxOf(),
    );
    return seeOther(reply, `/workspace/van-ban/${receipt.id}?xong=vao-so`);
  });

  app.get('/van-ban/du-thao', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const answers = queryOf(request).tra_loi ?? '';
    const values: Record<string, string> = /^[0-9a-f-]{36}$/u.test(answers) ? { answers } : {};
    return sendPage(reply, <DraftForm ctx={pageContext(request, reply, 'workspace')} values={values} />);
  });

  app.post('/van-ban/du-thao', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!caller.roles.some((r) => r === 'specialist' || r === 'leader' || r === 'clerk')) {
      throw new DomainError('DOCUMENT_FORBIDDEN');
    }
    const body = formBody(request);
    const retry = (problems: Problem[]) =>
      sendPage(
        reply,
        <DraftForm ctx={pageContext(request, reply, 'workspace')} problems={problems} values={valuesOf(body)} />,
        422,
      );
    const code = field(body, 'recipientCode');
    const agency = code ? await agencyByCode(db(), code) : undefined;
    const parsed = parseDraft(body, agency);
    if (!parsed.ok) return retry(parsed.problems);
    const draft = await createDraft(db(), caller, parsed.value, { transactionId: transactionIdOf(body) }, ctxOf());
    return seeOther(reply, `/workspace/van-ban/${draft.id}?xong=du-thao`);
  });

  async function render(
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    caller: StaffCaller,
    extra: { problems?: Problem[]; values?: Record<string, string>; done?: string } = {},
    status = 200,
  ) {
    const view = await getDocumentView(db(), caller, request.params.id, {
      blobs: app.deps.services.blobs,
      now: app.deps.services.now(),
    });
    const [staff, filedIn, files] = await Promise.all([
      staffOfAgency(db(), view.doc.agencyId),
      workFilesOfDocument(db(), caller, view.doc.id),
      listWorkFiles(db(), caller, yearOf(undefined)),
    ]);
    const people = staff
      .filter((p) => p.active && p.accountId)
      .map((p) => ({ accountId: p.accountId ?? '', name: p.fullName, roles: p.roles }));
    const filing = { filedIn, openFiles: files.filter((f) => f.state === 'open') };
    return sendPage(
      reply,
      <DocumentPage
        ctx={pageContext(request, reply, 'workspace')}
        view={view}
        people={people}
        filing={filing}
        {...extra}
      />,
      status,
    );
  }

  app.get<IdParams>('/van-ban/:id', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const xong = queryOf(request).xong ?? '';
    const action = actionOfPath(xong);
    const done = action ? ACTION_PATHS[action]?.done : xong === 'du-thao' ? 'Đã lưu dự thảo.' : undefined;
    return render(request, reply, caller, done ? { done } : {});
  });

  app.get<IdParams>('/van-ban/:id/tep/:fileId', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    // The page's own check first: the file of a document the caller may not see does not exist.
    await getDocumentView(db(), caller, request.params.id, { blobs: app.deps.services.blobs, verify: false });
    const fileId = request.params.fileId ?? '';
    if (!/^[0-9a-f-]{36}$/u.test(fileId)) throw new DomainError('DOCUMENT_NOT_FOUND');
    const [file] = await db()
      .select()
      .from(documentFiles)
      .where(and(eq(documentFiles.id, fileId), eq(documentFiles.documentId, request.params.id)));
    if (!file) throw new DomainError('DOCUMENT_NOT_FOUND');
    const bytes = await readBlob(app.deps.services.blobs, file.blobKey);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(Buffer.from(bytes));
  });

  app.post<IdParams>('/van-ban/:id/:action', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const action = actionOfPath(request.params.action ?? '');
    if (!action) throw new DomainError('NOT_FOUND');
    const body = formBody(request);
    try {
      await runAction(db(), caller, request.params.id, action, body, { transactionId: transactionIdOf(body) }, ctxOf());
      return seeOther(reply, `/workspace/van-ban/${request.params.id}?xong=${ACTION_PATHS[action]?.path ?? ''}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status === 403 || err.status === 404 || err.status === 401) throw err;
      const findings = Array.isArray(err.details.findings) ? (err.details.findings as string[]) : [];
      const problems = (findings.length ? findings : [err.message]).map((message) => ({ field: 'text', message }));
      return render(request, reply, caller, { problems, values: valuesOf(body) }, 422);
    }
  });
}

function valuesOf(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(body)) if (key !== '_csrf' && key !== 'txn') out[key] = field(body, key).slice(0, 4000);
  return out;
}
