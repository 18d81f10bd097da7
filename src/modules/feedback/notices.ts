/**
 * Messages to the sender when an item is refused or more information is asked for. The
 * platform's templates (data/notify/templates.json) have only `feedback.received` and
 * `feedback.answered`; these two live here until that file gains the keys
 * `feedback.refused` and `feedback.infoRequested` (then this file goes).
 */

import type { Executor } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { contactOf, type FeedbackContext, trackingUrl } from './core.ts';
import type { FeedbackRow } from './schema.ts';

type NoticeKey = 'feedback.refused' | 'feedback.infoRequested';

function wording(key: NoticeKey, v: Record<string, string>) {
  if (key === 'feedback.refused') {
    return {
      subject: `Phản ánh, kiến nghị ${v.feedbackCode} không thuộc phạm vi xử lý`,
      text: `Kính gửi ông/bà ${v.recipientName},\n\n${v.agencyName} không tiếp nhận phản ánh, kiến nghị ${v.feedbackCode}: “${v.feedbackTitle}” vì: ${v.reason}\n\nChi tiết tại: ${v.trackingUrl}\n\nTrân trọng.`,
      sms: `Phản ánh, kiến nghị ${v.feedbackCode} không thuộc phạm vi xử lý. Xem: ${v.trackingUrl}`,
    };
  }
  return {
    subject: `Phản ánh, kiến nghị ${v.feedbackCode} cần bổ sung thông tin`,
    text: `Kính gửi ông/bà ${v.recipientName},\n\n${v.agencyName} đề nghị ông/bà bổ sung thông tin cho phản ánh, kiến nghị ${v.feedbackCode}: “${v.feedbackTitle}”.\n\nNội dung cần bổ sung: ${v.reason}\n\nBổ sung tại: ${v.trackingUrl}\n\nTrân trọng.`,
    sms: `Phản ánh, kiến nghị ${v.feedbackCode} cần bổ sung thông tin. Xem: ${v.trackingUrl}`,
  };
}

export async function noticeToSender(
  tx: Executor,
  ctx: FeedbackContext,
  row: FeedbackRow,
  key: NoticeKey,
  seq: number,
  values: { agencyName: string; reason: string },
): Promise<void> {
  const contact = contactOf(row);
  if (!contact) return;
  const data = {
    recipientName: row.sender.fullName,
    feedbackCode: row.code,
    feedbackTitle: row.subject,
    agencyName: values.agencyName,
    reason: values.reason,
    trackingUrl: trackingUrl(ctx, row),
  };
  const w = wording(key, data);
  const payload =
    contact.channel === 'email'
      ? { subject: w.subject, text: w.text }
      : { text: (contact.channel === 'sms' ? w.sms : w.text).normalize('NFC') };
  await enqueue(tx, {
    provinceCode: row.provinceCode,
    channel: contact.channel,
    topic: key,
    recipient: contact.recipient,
    payload: { templateKey: key, data, ...payload },
    dedupeKey: `feedback:${row.id}:${seq}:${key}:${contact.channel}`,
  });
}
