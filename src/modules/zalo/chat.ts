/**
 * The province's Zalo Official Account as a Vietnamese chat: look up a dossier, send feedback,
 * rate a delivered dossier, a welcome on follow. Runs in the background, after the webhook
 * has answered 200: the event arrives through the outbox (topic `zalo.event`), so a failure
 * here is retried with backoff and nothing the webhook accepted is lost. Every step is
 * idempotent under a retry: feedback is filed with the event's key as its transaction id,
 * a rating with the same answers changes nothing, and each reply has a dedupe key.
 */
import { eq, sql } from 'drizzle-orm';
import { systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { subscribe, unsubscribe } from '../../platform/notify/preferences.ts';
import { formatVietnamDateTime } from '../../platform/notify/templates.ts';
import { type ZaloEvent, zaloEventKey } from '../../platform/notify/zalo/signature.ts';
import { trackDossier } from '../dossiers/index.ts';
import { submitFeedback } from '../feedback/index.ts';
import { rateDossier } from '../ratings/index.ts';
import { type ChatCommand, parseChat } from './commands.ts';
import { type PendingFeedback, zaloFollowers } from './schema.ts';

export interface ZaloChatContext {
  provinceCode: string;
  publicUrl?: string;
  ratingChangeWindowDays?: number;
  now?: Date;
}

const HELP_TEXT = [
  'Cổng dịch vụ công xin hướng dẫn ông/bà:',
  '• Tra cứu hồ sơ: gửi TRA CỨU <mã số hồ sơ> <mã tra cứu> (hai mã in trên giấy tiếp nhận).',
  '• Phản ánh, kiến nghị: gửi PHẢN ÁNH <nội dung> hoặc KIẾN NGHỊ <nội dung>.',
  '• Nhận thông báo về hồ sơ qua Zalo: gửi THEO DÕI <mã số hồ sơ> <mã tra cứu>; để dừng, gửi HỦY THEO DÕI <mã số hồ sơ>.',
  '• Đánh giá hồ sơ đã trả kết quả: gửi ĐÁNH GIÁ <mã số hồ sơ> <mã tra cứu> <1, 2 hoặc 3> (1: Rất hài lòng, 2: Hài lòng, 3: Không hài lòng).',
].join('\n');

const WELCOME_TEXT = `Cảm ơn ông/bà đã quan tâm Cổng dịch vụ công.\n\n${HELP_TEXT}`;

const INCOMPLETE: Record<'lookup' | 'rate' | 'feedback' | 'follow' | 'unfollow', string> = {
  follow: 'Để nhận thông báo về hồ sơ qua Zalo, vui lòng gửi: THEO DÕI <mã số hồ sơ> <mã tra cứu>.',
  unfollow: 'Để dừng nhận thông báo, vui lòng gửi: HỦY THEO DÕI <mã số hồ sơ>.',
  lookup:
    'Để tra cứu, vui lòng gửi: TRA CỨU <mã số hồ sơ> <mã tra cứu>, ví dụ: TRA CỨU 000.17.22.H56-261130-0001 ABCD-EFGH.',
  rate: 'Để đánh giá, vui lòng gửi: ĐÁNH GIÁ <mã số hồ sơ> <mã tra cứu> <1, 2 hoặc 3> (1: Rất hài lòng, 2: Hài lòng, 3: Không hài lòng).',
  feedback: 'Vui lòng gửi nội dung sau chữ PHẢN ÁNH hoặc KIẾN NGHỊ, ví dụ: PHẢN ÁNH Đường vào xã bị sạt lở.',
};

const LEVEL_LABEL = { very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', unsatisfied: 'Không hài lòng' } as const;

/** The phone as Zalo's form sends it (often 84…) in the form the feedback rules read. */
function zaloPhone(raw: string): string {
  const digits = raw.replace(/[^\d+]/g, '');
  if (/^\+?84\d{9,10}$/.test(digits)) return `0${digits.replace(/^\+?84/, '')}`;
  return digits;
}

const userOf = (event: ZaloEvent): string | undefined =>
  event.event_name === 'follow' || event.event_name === 'unfollow' ? event.follower?.id : event.sender?.id;

export async function handleZaloEvent(db: Executor, event: ZaloEvent, ctx: ZaloChatContext): Promise<void> {
  const userId = userOf(event);
  // OA echoes (`oa_send_*`) and events without a follower are kept in the outbox, not answered.
  if (!userId || event.event_name.startsWith('oa_')) return;
  const key = zaloEventKey(event);
  const reply = (text: string, n = 0) => send(db, ctx, userId, `${key}:${n}`, { text });
  const now = ctx.now ?? new Date();

  switch (event.event_name) {
    case 'follow':
      await upsertFollower(db, ctx, userId, { followedAt: now });
      return reply(WELCOME_TEXT);
    case 'unfollow':
      await db.update(zaloFollowers).set({ followedAt: null, updatedAt: now }).where(eq(zaloFollowers.userId, userId));
      return;
    case 'user_submit_info':
      return contactShared(db, ctx, userId, event, reply);
    case 'user_send_text':
      return answer(db, ctx, userId, key, parseChat(event.message?.text ?? ''), reply);
    default:
      if (event.event_name.startsWith('user_send_')) return reply(HELP_TEXT);
  }
}

type Reply = (text: string, n?: number) => Promise<void>;

async function answer(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  key: string,
  command: ChatCommand,
  reply: Reply,
): Promise<void> {
  switch (command.kind) {
    case 'help':
      return reply(HELP_TEXT);
    case 'incomplete':
      return reply(INCOMPLETE[command.command]);
    case 'lookup':
      return reply(await lookupText(db, command.code, command.key));
    case 'rate':
      return reply(await rateText(db, ctx, command));
    case 'follow':
      return reply(await followText(db, ctx, userId, command.code, command.key));
    case 'unfollow': {
      const had = await unsubscribe(db, { subject: `dossier:${command.code}`, channel: 'zalo', recipient: userId });
      return reply(
        had
          ? `Ông/bà đã dừng nhận thông báo về hồ sơ ${command.code} qua Zalo.`
          : `Ông/bà chưa đăng ký nhận thông báo về hồ sơ ${command.code}.`,
      );
    }
    case 'feedback': {
      const pending: PendingFeedback = { kind: command.feedbackKind, content: command.content, eventKey: key };
      const follower = await upsertFollower(db, ctx, userId, {});
      if (follower.fullName && follower.phone) return fileFeedback(db, ctx, userId, follower, pending, reply);
      // §8.1: no feedback without the sender's name and a way to reach them. Keep the text and ask.
      await db
        .update(zaloFollowers)
        .set({ pendingFeedback: pending, updatedAt: ctx.now ?? new Date() })
        .where(eq(zaloFollowers.userId, userId));
      return send(db, ctx, userId, `${key}:ask`, {
        requestUserInfo: {
          title: 'Thông tin người gửi phản ánh, kiến nghị',
          subtitle:
            'Theo quy định, phản ánh, kiến nghị cần họ tên và số điện thoại người gửi. Vui lòng bấm để gửi thông tin; nội dung ông/bà vừa gửi sẽ được chuyển ngay sau đó.',
        },
      });
    }
  }
}

async function lookupText(db: Executor, code: string, trackingKey: string): Promise<string> {
  try {
    const view = await trackDossier(db, code, trackingKey);
    const lines = [`Hồ sơ ${view.code}: ${view.procedureName}.`, `Tình trạng: ${view.stateLabel}.`];
    if (view.dueAt && !view.deliveredAt) lines.push(`Hẹn trả kết quả: ${formatVietnamDateTime(new Date(view.dueAt))}.`);
    if (view.stepsTotal > 0) lines.push(`Đã xử lý ${view.stepsDone.length}/${view.stepsTotal} bước.`);
    if (view.deliveredAt) lines.push(`Đã trả kết quả lúc ${formatVietnamDateTime(new Date(view.deliveredAt))}.`);
    return lines.join('\n');
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

/** Subscribes the follower to the dossier's notices once the key proves they hold the receipt. */
async function followText(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  code: string,
  trackingKey: string,
): Promise<string> {
  try {
    const view = await trackDossier(db, code, trackingKey);
    await subscribe(db, {
      provinceCode: ctx.provinceCode,
      subject: `dossier:${view.code}`,
      channel: 'zalo',
      recipient: userId,
    });
    return `Ông/bà sẽ nhận thông báo về hồ sơ ${view.code} (${view.procedureName}) qua Zalo. Tình trạng hiện nay: ${view.stateLabel}.`;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

async function rateText(
  db: Executor,
  ctx: ZaloChatContext,
  command: Extract<ChatCommand, { kind: 'rate' }>,
): Promise<string> {
  try {
    const rating = await rateDossier(
      db,
      systemCaller('zalo'),
      { code: command.code, trackingKey: command.key, level: command.level, channel: 'zalo' },
      {
        ...(ctx.now ? { now: ctx.now } : {}),
        ...(ctx.ratingChangeWindowDays ? { changeWindowDays: ctx.ratingChangeWindowDays } : {}),
      },
    );
    return `Cảm ơn ông/bà đã đánh giá hồ sơ ${rating.dossierCode}: ${LEVEL_LABEL[rating.level]}. Ông/bà có thể đổi đánh giá đến ${formatVietnamDateTime(new Date(rating.changeableUntil))}.`;
  } catch (err) {
    if (err instanceof DomainError) return err.message;
    throw err;
  }
}

async function contactShared(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  event: ZaloEvent,
  reply: Reply,
): Promise<void> {
  const info = (event.info ?? {}) as Record<string, unknown>;
  const text = (field: string) => (typeof info[field] === 'string' ? (info[field] as string).trim() : '');
  const address = ['address', 'ward', 'district', 'city']
    .map(text)
    .filter((part) => part !== '')
    .join(', ');
  const follower = await upsertFollower(db, ctx, userId, {
    fullName: text('name') || null,
    phone: text('phone') ? zaloPhone(text('phone')) : null,
    address: address || null,
  });
  const pending = follower.pendingFeedback;
  if (!pending) return reply('Cảm ơn ông/bà đã cung cấp thông tin liên hệ.');
  await fileFeedback(db, ctx, userId, follower, pending, reply);
}

async function fileFeedback(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  follower: { fullName: string | null; phone: string | null; address: string | null },
  pending: PendingFeedback,
  reply: Reply,
): Promise<void> {
  try {
    // The receipt reaches the follower as the `feedback.received` notice, on Zalo.
    await submitFeedback(
      db,
      systemCaller('zalo'),
      {
        channel: 'zalo',
        kind: pending.kind,
        content: pending.content,
        sender: {
          fullName: follower.fullName ?? undefined,
          phone: follower.phone ?? undefined,
          address: follower.address ?? undefined,
          zaloUserId: userId,
        },
      },
      { transactionId: `zalo:${pending.eventKey}` },
      { provinceCode: ctx.provinceCode, ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}) },
    );
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // A rule refused it (too short, sender details incomplete): say why, in the chat.
    await clearPending(db, userId, pending);
    return reply(err.message);
  }
  await clearPending(db, userId, pending);
}

async function clearPending(db: Executor, userId: string, pending: PendingFeedback): Promise<void> {
  await db
    .update(zaloFollowers)
    .set({ pendingFeedback: null })
    .where(
      sql`${zaloFollowers.userId} = ${userId} and ${zaloFollowers.pendingFeedback}->>'eventKey' = ${pending.eventKey}`,
    );
}

async function upsertFollower(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  set: Partial<{ fullName: string | null; phone: string | null; address: string | null; followedAt: Date }>,
) {
  const now = ctx.now ?? new Date();
  const [row] = await db
    .insert(zaloFollowers)
    .values({ userId, provinceCode: ctx.provinceCode, ...set, updatedAt: now })
    .onConflictDoUpdate({ target: zaloFollowers.userId, set: { ...set, updatedAt: now } })
    .returning();
  if (!row) throw new Error('zalo follower vanished');
  return row;
}

async function send(
  db: Executor,
  ctx: ZaloChatContext,
  userId: string,
  dedupe: string,
  payload: { text: string } | { requestUserInfo: { title: string; subtitle: string } },
): Promise<void> {
  await enqueue(db, {
    provinceCode: ctx.provinceCode,
    channel: 'zalo',
    topic: 'zalo.reply',
    recipient: userId,
    payload: { userId, ...payload },
    dedupeKey: `zalo-reply:${dedupe}`,
  });
}
