/**
 * Work file routes (/workspace/van-ban/ho-so…): the agency's files of a year, opening one with
 * its retention period chosen from the schedule, a file's page with its document index,
 * filing a document, and closing. The use cases (work-files.ts) keep files to their agency
 * (404 elsewhere) and documents to those who may see them.
 */
import type { FastifyInstance } from 'fastify';
import { localDateOf } from '../../../platform/calendar/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import type { Problem } from '../../../web/components/form.tsx';
import { pageContext } from '../../../web/context.ts';
import { type FormBody, field, formBody, queryOf, seeOther, sendPage } from '../../../web/http.tsx';
import { staffOrSignIn } from '../../../web/staff-gate.ts';
import { staffByAccount } from '../../directory/index.ts';
import type { StaffCaller } from '../context.ts';
import { resolveRetention, retentionChoices, retentionItemOf, scheduleOn } from '../retention.ts';
import {
  addToWorkFile,
  closeWorkFile,
  documentsOfFile,
  getWorkFile,
  listWorkFiles,
  openWorkFile,
} from '../work-files.ts';
import { fileHref, WorkFilePage, WorkFilesPage } from './work-file-pages.tsx';

type FileParams = { Params: { workFileId: string } };
const NOTATION = /^[0-9]{1,4}\.[\p{L}0-9-]{1,15}$/u;
const doneLabels: Record<string, string> = {
  lap: 'Đã lập hồ sơ.',
  them: 'Đã đưa văn bản vào hồ sơ.',
  dong: 'Đã kết thúc hồ sơ.',
};

/** Who files documents: the people who handle and draft them (Art. 28: each handler keeps files). */
const handles = (caller: StaffCaller) =>
  caller.roles.some((r) => r === 'specialist' || r === 'leader' || r === 'clerk');

export function workFileRoutes(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  const now = () => app.deps.services.now();
  const today = () => localDateOf(now());
  const yearOf = (raw: string | undefined) => {
    const y = Number.parseInt(raw ?? '', 10);
    return y >= 2000 && y <= 2100 ? y : Number(today().slice(0, 4));
  };

  app.get('/van-ban/ho-so', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const q = queryOf(request);
    const year = yearOf(q.nam);
    const schedule = scheduleOn(today());
    return sendPage(
      reply,
      <WorkFilesPage
        ctx={pageContext(request, reply, 'workspace')}
        year={year}
        files={await listWorkFiles(db(), caller, year)}
        choices={retentionChoices(today())}
        schedule={schedule}
        canOpen={handles(caller)}
        {...(doneLabels[q.xong ?? ''] ? { done: doneLabels[q.xong ?? ''] } : {})}
      />,
    );
  });

  app.post('/van-ban/ho-so', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!handles(caller)) throw new DomainError('DOCUMENT_FORBIDDEN');
    const body = formBody(request);
    const problems: Problem[] = [];
    const notation = field(body, 'notation').trim();
    const title = field(body, 'title').trim();
    const description = field(body, 'description').trim();
    if (!NOTATION.test(notation))
      problems.push({ field: 'notation', message: 'Nhập số và ký hiệu hồ sơ dạng 01.TCCB (tối đa 20 ký tự).' });
    if (!title || title.length > 500)
      problems.push({ field: 'title', message: 'Nhập tiêu đề hồ sơ (tối đa 500 ký tự).' });
    if (description.length > 500) problems.push({ field: 'description', message: 'Ghi chú tối đa 500 ký tự.' });
    const retention = resolveRetention(field(body, 'retention'), today());
    if (!retention) problems.push({ field: 'retention', message: 'Chọn thời hạn bảo quản.' });
    const retry = async (list: Problem[]) => {
      const year = yearOf(undefined);
      return sendPage(
        reply,
        <WorkFilesPage
          ctx={pageContext(request, reply, 'workspace')}
          year={year}
          files={await listWorkFiles(db(), caller, year)}
          choices={retentionChoices(today())}
          schedule={scheduleOn(today())}
          canOpen
          problems={list}
          values={valuesOf(body)}
        />,
        422,
      );
    };
    if (problems.length || !retention) return retry(problems);
    try {
      const file = await openWorkFile(
        db(),
        caller,
        { notation, title, ...retention, ...(description ? { description } : {}) },
        now(),
      );
      return seeOther(reply, `${fileHref(file.id)}?xong=lap`);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'WORK_FILE_DUPLICATE')
        return retry([{ field: 'notation', message: err.message }]);
      throw err;
    }
  });

  app.post('/van-ban/ho-so/them', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!handles(caller)) throw new DomainError('DOCUMENT_FORBIDDEN');
    const body = formBody(request);
    const documentId = field(body, 'documentId');
    if (!/^[0-9a-f-]{36}$/u.test(documentId)) throw new DomainError('DOCUMENT_NOT_FOUND');
    const fileId = field(body, 'workFile');
    await addToWorkFile(db(), caller, fileId, documentId, now());
    return seeOther(reply, `${fileHref(fileId)}?xong=them`);
  });

  app.get<FileParams>('/van-ban/ho-so/:workFileId', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const file = await getWorkFile(db(), caller, request.params.workFileId);
    const [documents, creator] = await Promise.all([
      documentsOfFile(db(), caller, file.id),
      staffByAccount(db(), file.creatorId),
    ]);
    const done = doneLabels[queryOf(request).xong ?? ''];
    return sendPage(
      reply,
      <WorkFilePage
        ctx={pageContext(request, reply, 'workspace')}
        file={file}
        item={retentionItemOf(file.retentionItem)}
        documents={documents}
        creatorName={creator?.fullName ?? '—'}
        canClose={file.creatorId === caller.id || caller.roles.includes('leader')}
        {...(done ? { done } : {})}
      />,
    );
  });

  app.post<FileParams>('/van-ban/ho-so/:workFileId/dong', { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    if (!handles(caller)) throw new DomainError('DOCUMENT_FORBIDDEN');
    formBody(request);
    const file = await closeWorkFile(db(), caller, request.params.workFileId, now());
    return seeOther(reply, `${fileHref(file.id)}?xong=dong`);
  });
}

function valuesOf(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['notation', 'title', 'retention', 'description']) out[key] = field(body, key).slice(0, 600);
  return out;
}
