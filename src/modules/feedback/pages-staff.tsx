/**
 * Workspace routes for feedback (/workspace/phan-anh-kien-nghi…): the list, one item, and
 * the action posts. Pages call the use-cases with the signed-in staff member: listFeedback
 * and getFeedback decide what they may see (conduct reports: the agency's leaders and the
 * inspectors only), getFeedback audits the read of the sender's details, takeFeedbackAction
 * decides what they may do. Nothing here bypasses them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import type { Problem } from '../../web/components/form.tsx';
import { pageContext } from '../../web/context.ts';
import { field, formBody, queryOf, seeOther, sendPage, transactionIdOf } from '../../web/http.tsx';
import { staffOrSignIn } from '../../web/staff-gate.ts';
import { getAgency } from '../directory/index.ts';
import { takeFeedbackAction } from './actions.ts';
import {
  STAFF_ACTIONS,
  STAFF_BASE,
  type StaffActionType,
  StaffFeedbackList,
  StaffFeedbackPage,
  staffActionOfPath,
  staffFeedbackHref,
} from './pages-staff-view.tsx';
import type { FeedbackAction } from './states.ts';
import { getFeedback, listFeedback } from './views.ts';

const PAGE = 25;
type Params = { Params: { code: string; action?: string } };

/** The form field each action reads, and its action for the service. */
function actionOf(type: StaffActionType, text: string): FeedbackAction {
  switch (type) {
    case 'draft_answer':
    case 'answer':
      return { type, answer: text };
    case 'return_answer':
      return { type, reason: text };
    case 'publish':
      // The leader's checked (and maybe edited) masked text (issue 13.13); empty keeps the answer.
      return { type, ...(text.trim() ? { publicAnswer: text } : {}) };
    case 'request_info':
      return { type, message: text };
    case 'refuse':
      return { type, reason: text };
  }
}
const TEXT_FIELD: Record<StaffActionType, string> = {
  draft_answer: 'answer',
  answer: 'answer',
  return_answer: 'reason',
  publish: 'publicAnswer',
  request_info: 'message',
  refuse: 'reason',
};

/** Routes inside a scope prefixed with /workspace. */
export function staffFeedbackRoutes(app: FastifyInstance): void {
  const { config } = app.deps;
  const db = () => app.deps.database.db;
  const feedbackContext = () => ({
    provinceCode: config.provinceCode,
    publicUrl: app.deps.services.publicUrl,
  });
  const local = (path: string) => path.replace(/^\/workspace/, '');

  app.get(local(STAFF_BASE), { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const page = Math.max(1, Math.min(10_000, Number.parseInt(queryOf(request).trang ?? '1', 10) || 1));
    const [list, agency] = await Promise.all([
      // Open items first, then by the answer deadline (the service's order).
      listFeedback(db(), caller, {
        provinceCode: config.provinceCode,
        // Inspectors handle conduct reports of every agency (§8.1, indicator 5.1).
        ...(caller.roles.includes('inspector') ? {} : { agencyId: caller.agencyId }),
        limit: PAGE,
        offset: (page - 1) * PAGE,
      }),
      getAgency(db(), caller, caller.agencyId).catch(() => null),
    ]);
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(
      reply,
      <StaffFeedbackList
        ctx={ctx}
        agencyName={agency?.name ?? ''}
        items={list.items}
        total={list.total}
        page={page}
        pages={Math.max(1, Math.ceil(list.total / PAGE))}
      />,
    );
  });

  async function render(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    extra: { problems?: Problem[]; values?: Record<string, string>; done?: string } = {},
    status = 200,
  ) {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const code = request.params.code.trim().toUpperCase().slice(0, 40);
    // Audited by the service when it shows the sender's contact details.
    const view = await getFeedback(db(), caller, config.provinceCode, code);
    const ctx = pageContext(request, reply, 'workspace');
    return sendPage(reply, <StaffFeedbackPage ctx={ctx} view={view} {...extra} />, status);
  }

  app.get<Params>(`${local(STAFF_BASE)}/:code`, { schema: { hide: true } }, async (request, reply) => {
    const xong = staffActionOfPath(queryOf(request).xong ?? '');
    return render(request, reply, xong ? { done: STAFF_ACTIONS[xong].done } : {});
  });

  // One photo the sender attached, for the staff who read the sender (getFeedback audits the read).
  app.get<{ Params: { code: string; n: string } }>(
    `${local(STAFF_BASE)}/:code/anh/:n`,
    { schema: { hide: true } },
    async (request, reply) => {
      const caller = staffOrSignIn(request, reply);
      if (!caller) return reply;
      const code = request.params.code.trim().toUpperCase().slice(0, 40);
      const n = /^[1-9]$/.test(request.params.n) ? Number(request.params.n) : 0;
      const view = await getFeedback(db(), caller, config.provinceCode, code);
      const photo = view.attachments.filter((a) => a.kind === 'blob')[n - 1];
      if ('display' in view.sender || !photo) throw new DomainError('NOT_FOUND');
      const bytes = await app.deps.services.blobs.get(photo.key);
      if (!bytes) throw new DomainError('NOT_FOUND');
      return reply
        .type(photo.mime ?? 'application/octet-stream')
        .header('content-disposition', 'inline')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );

  app.post<Params>(`${local(STAFF_BASE)}/:code/:action`, { schema: { hide: true } }, async (request, reply) => {
    const caller = staffOrSignIn(request, reply);
    if (!caller) return reply;
    const type = staffActionOfPath(request.params.action ?? '');
    if (!type) throw new DomainError('NOT_FOUND');
    const body = formBody(request);
    const textField = TEXT_FIELD[type];
    const text = textField ? field(body, textField).slice(0, 8000) : '';
    const code = request.params.code.trim().toUpperCase().slice(0, 40);
    try {
      await takeFeedbackAction(
        db(),
        caller,
        code,
        actionOf(type, text),
        { transactionId: transactionIdOf(body) },
        feedbackContext(),
      );
      return seeOther(reply, `${staffFeedbackHref(code)}?xong=${STAFF_ACTIONS[type].path}`);
    } catch (err) {
      // Permission and visibility errors go to the error pages; a missing text is a form problem.
      if (!(err instanceof DomainError) || err.status >= 403 || !textField) throw err;
      return render(
        request,
        reply,
        { problems: [{ field: textField, message: err.message }], values: { [textField]: text } },
        422,
      );
    }
  });
}
