/**
 * What the account messages say, by e-mail or SMS through the notify outbox. A login is either
 * an e-mail or a phone (staff usernames have no address and get nothing: their administrator
 * resets them). Full diacritics; the secret travels only in the link.
 */

import type { Executor } from '../db/index.ts';
import { enqueue } from '../notify/index.ts';
import { parseLogin } from './login.ts';

export type AccountMessage = 'passwordReset' | 'registration' | 'registrationExists';

const SUBJECT: Record<AccountMessage, string> = {
  passwordReset: 'Đặt lại mật khẩu tài khoản Mở Cửa',
  registration: 'Xác nhận đăng ký tài khoản Mở Cửa',
  registrationExists: 'Có người vừa đăng ký tài khoản Mở Cửa bằng địa chỉ của bạn',
};

function body(kind: AccountMessage, vars: { link?: string; minutes?: number }): string {
  if (kind === 'passwordReset')
    return (
      `Bạn (hoặc ai đó) vừa yêu cầu đặt lại mật khẩu tài khoản Mở Cửa. Mở đường dẫn sau trong ${vars.minutes} phút để đặt mật khẩu mới: ${vars.link}\n\n` +
      'Đường dẫn chỉ dùng được một lần. Nếu bạn không yêu cầu, hãy bỏ qua tin này; mật khẩu của bạn không thay đổi.'
    );
  if (kind === 'registration')
    return (
      `Để hoàn tất đăng ký tài khoản Mở Cửa, mở đường dẫn sau trong ${Math.round((vars.minutes ?? 0) / 60)} giờ: ${vars.link}\n\n` +
      'Nếu bạn không đăng ký, hãy bỏ qua tin này.'
    );
  return (
    'Có người vừa đăng ký tài khoản Mở Cửa bằng địa chỉ này, nhưng địa chỉ đã có tài khoản. Không có tài khoản mới nào được tạo.\n\n' +
    `Nếu đó là bạn và bạn quên mật khẩu, hãy đặt lại tại: ${vars.link}`
  );
}

/**
 * Queues the message to the login's own address, in the caller's transaction, and returns its
 * text (shown on screen only by the embedded demo, which has no e-mail or SMS); undefined when
 * the login has no address.
 */
export async function sendToLogin(
  tx: Executor,
  input: { provinceCode: string; login: string; kind: AccountMessage; link: string; minutes?: number; key: string },
): Promise<string | undefined> {
  const login = parseLogin(input.login);
  if (!login || login.kind === 'username') return undefined;
  const text = body(input.kind, input);
  await enqueue(tx, {
    provinceCode: input.provinceCode,
    channel: login.kind === 'email' ? 'email' : 'sms',
    topic: `account.${input.kind}`,
    recipient: login.value,
    payload: login.kind === 'email' ? { subject: SUBJECT[input.kind], text } : { text: text.replace(/\s+/g, ' ') },
    dedupeKey: `account:${input.key}`,
  });
  return text;
}
