/**
 * Masking of personal data for publication (DOMAIN.md §8.2 "personal data is masked";
 * ARCHITECTURE.md data rules). Pure. Names become initials, phones and e-mails keep a few
 * characters, CCCD / CMND numbers keep the last three digits.
 */

/** "Nguyễn Văn An" → "N.V.A"; "đỗ thị hà" → "Đ.T.H". */
export function initials(fullName: string): string {
  return fullName
    .normalize('NFC')
    .split(/[\s.]+/)
    .filter((w) => w.length > 0)
    .map((w) => (w[0] ?? '').toLocaleUpperCase('vi'))
    .join('.');
}

/** The national form 0xxxxxxxxx of a Vietnamese number written +84…, 84… or 0…. */
function nationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+84') || (digits.startsWith('84') && digits.length >= 11)) return `0${digits.slice(2)}`;
  return digits;
}

/** "0912345678" → "09******78". */
export function maskPhone(phone: string): string {
  const digits = nationalDigits(phone);
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/** "an.nguyen@gmail.com" → "a***@gmail.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** "001090012345" → "*********345". */
export function maskIdNumber(id: string): string {
  const digits = id.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 3))}${digits.slice(-3)}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Vietnamese phones: mobile 0[35789]x xxx xxxx and landline 02xx xxx xxxx, written with
// +84 / 84 / 0 and with spaces, dots or dashes between groups.
const PHONE = /(?<![\d+])(?:\+84|84|0)(?:[\s.-]?\d){9,10}(?!\d)/g;
// Personal id numbers (§4.4): CCCD 12 digits; the old CMND 9 digits.
const PERSONAL_ID = /(?<!\d)(?:\d{12}|\d{9})(?!\d)/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Masks what a published text must not show: e-mail addresses, phone numbers, CCCD/CMND
 * numbers, and the given names of people (the sender, the official a report is about).
 * Names match as whole words, ignoring case.
 */
export function maskText(text: string, names: readonly string[] = []): string {
  let out = text.normalize('NFC');
  out = out.replace(EMAIL, (m) => maskEmail(m));
  out = out.replace(PHONE, (m) => {
    const digits = nationalDigits(m);
    return digits.length >= 10 && digits.length <= 11 ? maskPhone(m) : m;
  });
  out = out.replace(PERSONAL_ID, (m) => maskIdNumber(m));
  const wanted = [...new Set(names.map((n) => n.normalize('NFC').trim().replace(/\s+/g, ' ')))]
    .filter((n) => n.split(' ').length >= 2)
    // Longest first: "Nguyễn Văn An" before "Văn An".
    .sort((a, b) => b.length - a.length);
  for (const name of wanted) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${name.split(' ').map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`,
      'giu',
    );
    out = out.replace(pattern, initials(name));
  }
  return out;
}
