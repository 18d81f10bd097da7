/**
 * One published answer (§8.2 publication, personal data masked at publication) and the
 * citizens' like / dislike on it (indicator 5.3). Rating is a plain form post: once per
 * signed-in citizen, or once for the sender holding the tracking key, as rateAnswer defines.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.ts';
import { ErrorSummary } from '../../web/components/error-summary.tsx';
import { Button, errorFor, PostForm, type Problem, TextInput } from '../../web/components/form.tsx';
import { formatDateTime } from '../../web/components/format.ts';
import { Banner } from '../../web/components/panel.tsx';
import { type PageContext, pageContext } from '../../web/context.ts';
import { field, formBody, queryOf, seeOther, sendPage, signInPath } from '../../web/http.tsx';
import { Layout } from '../../web/layout.tsx';
import { FEEDBACK_BASE, FEEDBACK_FORM } from './pages-form-view.tsx';
import { getPublishedAnswer, type PublicAnswer, rateAnswer } from './public.ts';

const answerHref = (code: string) => `${FEEDBACK_BASE}/${encodeURIComponent(code)}`;

export function Answer({ ctx, item, full }: { ctx: PageContext; item: PublicAnswer; full: boolean }) {
  const Heading = full ? 'h1' : 'h2';
  return (
    <article class="feedback-answer">
      <Heading>{full ? item.subject : <a href={answerHref(item.code)}>{item.subject}</a>}</Heading>
      <p class="caption">
        <span class="code">{item.code}</span> · {item.categoryName} · {item.agencyName}
      </p>
      {full && item.content ? (
        <>
          <h2>Nội dung phản ánh, kiến nghị</h2>
          <p class="prewrap">{item.content}</p>
        </>
      ) : null}
      {full ? <h2>Trả lời của {item.agencyName}</h2> : <h3>Trả lời của {item.agencyName}</h3>}
      <p class="prewrap">{full ? item.answer : `${item.answer.slice(0, 300)}${item.answer.length > 300 ? '…' : ''}`}</p>
      <p class="caption">
        Người gửi: <span class="feedback-sender">{item.sender}</span> · Gửi ngày{' '}
        {formatDateTime(item.submittedAt, ctx.lang)} · Công khai ngày {formatDateTime(item.publishedAt, ctx.lang)} · Hài
        lòng: <span class="feedback-likes">{item.likes}</span> · Không hài lòng:{' '}
        <span class="feedback-dislikes">{item.dislikes}</span>
      </p>
    </article>
  );
}

function RateForm({ ctx, code, problems }: { ctx: PageContext; code: string; problems?: Problem[] | undefined }) {
  const caller = ctx.caller.kind;
  // Staff speak for agencies, not as citizens: rating is for citizens (indicator 5.3).
  if (caller === 'staff' || caller === 'system') return null;
  const action = `${answerHref(code)}/danh-gia`;
  return (
    <section aria-labelledby="danh-gia" class="feedback-rate">
      <h2 id="danh-gia">Bạn có hài lòng với câu trả lời này không?</h2>
      <PostForm ctx={ctx} action={action}>
        {caller === 'anonymous' ? (
          <>
            <p>
              Người dân đánh giá sau khi <a href={signInPath('portal', answerHref(code))}>đăng nhập</a>. Người gửi phản
              ánh, kiến nghị có thể đánh giá bằng mã tra cứu.
            </p>
            <TextInput
              ctx={ctx}
              name="key"
              label="Mã tra cứu của người gửi"
              width="w10"
              spellcheck={false}
              autocomplete="off"
              error={errorFor(problems, 'key')}
            />
          </>
        ) : null}
        <div class="button-group">
          <Button name="reaction" value="like">
            Hài lòng
          </Button>
          <Button name="reaction" value="dislike" variant="secondary">
            Không hài lòng
          </Button>
        </div>
      </PostForm>
    </section>
  );
}

function AnswerPage(props: {
  ctx: PageContext;
  item: PublicAnswer;
  problems?: Problem[] | undefined;
  rated?: boolean;
}) {
  const { ctx, item, problems } = props;
  return (
    <Layout
      ctx={ctx}
      title={`Trả lời phản ánh, kiến nghị ${item.code}`}
      hasErrors={(problems?.length ?? 0) > 0}
      before={
        <p>
          <a href={FEEDBACK_BASE}>← Trả lời phản ánh, kiến nghị</a>
        </p>
      }
    >
      <ErrorSummary ctx={ctx} problems={problems} />
      {props.rated ? (
        <Banner kind="success" title="Đã ghi nhận đánh giá">
          <p>Cảm ơn bạn đã đánh giá câu trả lời.</p>
        </Banner>
      ) : null}
      <Answer ctx={ctx} item={item} full />
      {props.rated ? null : <RateForm ctx={ctx} code={item.code} problems={problems} />}
      <p>
        <a href={FEEDBACK_FORM}>Gửi phản ánh, kiến nghị</a>
      </p>
    </Layout>
  );
}

export function answerRoutes(app: FastifyInstance): void {
  const province = () => app.deps.config.provinceCode;
  const db = () => app.deps.database.db;
  type Params = { Params: { code: string } };

  async function published(request: FastifyRequest<Params>) {
    const code = request.params.code.trim().toUpperCase();
    if (code.length > 40) throw new DomainError('FEEDBACK_NOT_FOUND');
    return getPublishedAnswer(db(), province(), code);
  }

  app.get<Params>(`${FEEDBACK_BASE}/:code`, { schema: { hide: true } }, async (request, reply) => {
    const item = await published(request);
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(reply, <AnswerPage ctx={ctx} item={item} rated={queryOf(request).xong === 'danh-gia'} />);
  });

  app.post<Params>(`${FEEDBACK_BASE}/:code/danh-gia`, { schema: { hide: true } }, async (request, reply) => {
    const item = await published(request);
    const body = formBody(request);
    const reaction = field(body, 'reaction');
    const key = field(body, 'key').toUpperCase().slice(0, 20);
    const fail = (reply: FastifyReply, problems: Problem[], status: number) => {
      const ctx = pageContext(request, reply, 'portal');
      return sendPage(reply, <AnswerPage ctx={ctx} item={item} problems={problems} />, status);
    };
    if (reaction !== 'like' && reaction !== 'dislike')
      return fail(reply, [{ field: '', message: 'Vui lòng chọn Hài lòng hoặc Không hài lòng.' }], 422);
    if (request.caller.kind === 'anonymous' && !key)
      return fail(
        reply,
        [{ field: 'key', message: 'Vui lòng đăng nhập, hoặc nhập mã tra cứu nếu bạn là người gửi.' }],
        422,
      );
    try {
      await rateAnswer(db(), request.caller, {
        provinceCode: province(),
        code: item.code,
        reaction,
        trackingKey: key || undefined,
      });
      return seeOther(reply, `${answerHref(item.code)}?xong=danh-gia`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const onKey = err.code === 'FEEDBACK_TRACKING_KEY_INVALID';
      return fail(reply, [{ field: onKey ? 'key' : '', message: err.message }], err.status === 409 ? 409 : 422);
    }
  });
}
