/**
 * The sender's details that DOMAIN.md §8.1 requires (Decree 20/2008/NĐ-CP as amended):
 * name, address and a phone number or e-mail; anonymous feedback is not processed. Pure.
 */
import { normaliseEmail, normalisePhone } from '../../platform/auth/login.ts';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import type { FeedbackSender } from './schema.ts';

export interface SenderInput {
  fullName?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
  zaloUserId?: string | undefined;
}

interface FieldProblem {
  field: string;
  message: string;
}

const clean = (value: string | undefined): string => (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');

/** "+84912345678" → "0912345678": the form people read and type. */
function nationalPhone(e164: string): string {
  return `0${e164.slice(3)}`;
}

/**
 * The checked sender, or a FEEDBACK_SENDER_INCOMPLETE error (400) whose message names
 * every missing or unreadable detail at once, and whose `fields` point at them.
 */
export function validateSender(input: SenderInput, options: { requireAddress: boolean }): FeedbackSender {
  const problems: FieldProblem[] = [];
  const missing: string[] = [];
  const fullName = clean(input.fullName);
  if (fullName.length < 2) {
    missing.push('họ và tên');
    problems.push({ field: 'sender.fullName', message: 'Vui lòng nhập họ và tên người gửi.' });
  }
  const address = clean(input.address);
  if (options.requireAddress && address.length < 3) {
    missing.push('địa chỉ');
    problems.push({ field: 'sender.address', message: 'Vui lòng nhập địa chỉ liên hệ của người gửi.' });
  }
  const rawPhone = clean(input.phone);
  const rawEmail = clean(input.email);
  const phone = rawPhone ? normalisePhone(rawPhone) : undefined;
  const email = rawEmail ? normaliseEmail(rawEmail) : undefined;
  if (rawPhone && !phone) {
    problems.push({ field: 'sender.phone', message: 'Số điện thoại không đúng định dạng (ví dụ 0912345678).' });
  }
  if (rawEmail && !email) {
    problems.push({ field: 'sender.email', message: 'Địa chỉ thư điện tử không đúng định dạng.' });
  }
  if (!phone && !email) {
    missing.push('số điện thoại hoặc thư điện tử');
    if (!rawPhone && !rawEmail) {
      problems.push({
        field: 'sender.phone',
        message: 'Vui lòng nhập số điện thoại hoặc thư điện tử để nhận kết quả.',
      });
    }
  }
  if (problems.length > 0) {
    const message =
      missing.length > 0
        ? `Phản ánh, kiến nghị phải có thông tin người gửi (Nghị định 20/2008/NĐ-CP); phản ánh, kiến nghị nặc danh không được xử lý. Còn thiếu hoặc chưa đúng: ${missing.join(', ')}.`
        : 'Thông tin liên hệ của người gửi chưa đúng định dạng. Vui lòng kiểm tra lại.';
    throw new DomainError('FEEDBACK_SENDER_INCOMPLETE', { missing, fields: problems }, message);
  }
  const sender: FeedbackSender = { fullName };
  if (phone) sender.phone = nationalPhone(phone);
  if (email) sender.email = email;
  if (address) sender.address = address;
  const zalo = clean(input.zaloUserId);
  if (zalo) sender.zaloUserId = zalo;
  return sender;
}
