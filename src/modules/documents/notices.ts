/**
 * Notices to the people a document waits for (the issue, item 6: a leader gets a notice when
 * a document waits for signature). Written to the outbox in the action's transaction: an
 * in-process event (`event` channel, topic `documents.<what>`) that other channels (Zalo)
 * subscribe to, and an e-mail when the person has an address in the staff list.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/notify/index.ts';
import { staffByAccount } from '../directory/index.ts';
import { documentAssignments, documentReaders } from './schema.ts';

export type NoticeKind =
  | 'awaiting_approval'
  | 'awaiting_signature'
  | 'assigned'
  | 'presented'
  | 'returned_draft'
  | 'recalled'
  | 'replaced'
  | 'updated'
  | 'recall_agreed'
  | 'recall_refused'
  | 'update_agreed'
  | 'update_refused';

const subjects: Record<NoticeKind, string> = {
  awaiting_approval: 'Văn bản chờ anh/chị duyệt',
  awaiting_signature: 'Văn bản chờ anh/chị ký số',
  assigned: 'Văn bản đến được phân công cho anh/chị xử lý',
  presented: 'Văn bản đến chờ anh/chị cho ý kiến chỉ đạo',
  returned_draft: 'Dự thảo văn bản được trả lại để chỉnh sửa',
  recalled: 'Văn bản đến anh/chị đang xử lý đã bị nơi gửi thu hồi',
  replaced: 'Văn bản đến anh/chị đang xử lý đã được nơi gửi thay thế bằng văn bản khác',
  updated: 'Văn bản đến anh/chị đang xử lý đã được nơi gửi cập nhật',
  recall_agreed: 'Nơi nhận đã đồng ý thu hồi văn bản do cơ quan phát hành',
  recall_refused: 'Nơi nhận từ chối thu hồi hoặc không có văn bản để thu hồi',
  update_agreed: 'Nơi nhận đã đồng ý cập nhật văn bản do cơ quan phát hành',
  update_refused: 'Nơi nhận từ chối cập nhật văn bản do cơ quan phát hành',
};

/**
 * A notice to everyone named on the document (document_readers: the clerk who registered or
 * issued it, drafter, approver, leader it was presented to) and everyone assigned to it.
 */
export async function noticeToPeopleOn(
  tx: Executor,
  doc: { id: string; provinceCode: string; subject: string },
  kind: NoticeKind,
  at: Date,
): Promise<number> {
  const [readers, assignees] = await Promise.all([
    tx
      .select({ accountId: documentReaders.accountId })
      .from(documentReaders)
      .where(eq(documentReaders.documentId, doc.id)),
    tx
      .select({ accountId: documentAssignments.assigneeId })
      .from(documentAssignments)
      .where(eq(documentAssignments.documentId, doc.id)),
  ]);
  const people = new Set([...readers, ...assignees].map((r) => r.accountId));
  for (const accountId of people) {
    await noticeTo(tx, {
      provinceCode: doc.provinceCode,
      accountId,
      kind,
      documentId: doc.id,
      subject: doc.subject,
      at,
    });
  }
  return people.size;
}

export async function noticeTo(
  tx: Executor,
  input: {
    provinceCode: string;
    accountId: string;
    kind: NoticeKind;
    documentId: string;
    subject: string;
    at: Date;
    publicUrl?: string;
    dueDate?: string | null;
  },
): Promise<void> {
  const key = `documents.${input.kind}:${input.documentId}:${input.accountId}:${input.at.toISOString()}`;
  await enqueue(tx, {
    provinceCode: input.provinceCode,
    channel: 'event',
    topic: `documents.${input.kind}`,
    recipient: input.accountId,
    payload: { documentId: input.documentId, accountId: input.accountId, dueDate: input.dueDate ?? null },
    dedupeKey: key,
  });
  const person = await staffByAccount(tx, input.accountId);
  if (!person?.email) return;
  const link = `${input.publicUrl ?? ''}/workspace/van-ban/${input.documentId}`;
  const due = input.dueDate ? `\nHạn xử lý: ${input.dueDate.split('-').reverse().join('/')}.` : '';
  await enqueue(tx, {
    provinceCode: input.provinceCode,
    channel: 'email',
    topic: `documents.${input.kind}`,
    recipient: person.email,
    payload: {
      subject: subjects[input.kind],
      text: `Kính gửi ${person.fullName},\n\n${subjects[input.kind]}: “${input.subject}”.${due}\nXem văn bản: ${link}\n`,
    },
    dedupeKey: `${key}:email`,
  });
}
