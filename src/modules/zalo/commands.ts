/**
 * What a follower asks for in the OA chat, read from free Vietnamese text: with or without
 * diacritics, any case, the keyword first. Pure.
 *
 *   TRA CỨU <mã hồ sơ> <mã tra cứu>
 *   ĐÁNH GIÁ <mã hồ sơ> <mã tra cứu> <1|2|3>     1 rất hài lòng, 2 hài lòng, 3 không hài lòng
 *   PHẢN ÁNH <nội dung>   or   KIẾN NGHỊ <nội dung>
 *   THEO DÕI <mã hồ sơ> <mã tra cứu>    notices about the dossier on Zalo;  HỦY THEO DÕI <mã hồ sơ>
 *
 * A message holding a dossier code and a key without a keyword is a lookup.
 */
import { parseDossierCode, parseTrackingKey } from '../../platform/codes/dossier-code.ts';
import type { RatingLevel } from '../ratings/index.ts';

export type ChatCommand =
  | { kind: 'lookup'; code: string; key: string }
  | { kind: 'rate'; code: string; key: string; level: RatingLevel }
  | { kind: 'feedback'; feedbackKind: 'report' | 'proposal'; content: string }
  | { kind: 'follow'; code: string; key: string }
  | { kind: 'unfollow'; code: string }
  | { kind: 'incomplete'; command: 'lookup' | 'rate' | 'feedback' | 'follow' | 'unfollow' }
  | { kind: 'help' };

/** Folds one character at a time, so that positions in the folded text are positions in the original. */
export function foldVietnamese(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    out += base.length === ch.length ? base : ch;
  }
  return out;
}

const KEYWORDS: Array<{
  pattern: RegExp;
  command: 'lookup' | 'rate' | 'report' | 'proposal' | 'follow' | 'unfollow';
}> = [
  { pattern: /^(huy|ngung|dung)\s*theo\s*doi\b/, command: 'unfollow' },
  { pattern: /^theo\s*doi\b/, command: 'follow' },
  { pattern: /^tra\s*cuu\b/, command: 'lookup' },
  { pattern: /^danh\s*gia\b/, command: 'rate' },
  { pattern: /^(phan\s*anh|pakn)\b/, command: 'report' },
  { pattern: /^(kien\s*nghi|gop\s*y)\b/, command: 'proposal' },
];

const LEVELS: Array<{ pattern: RegExp; level: RatingLevel }> = [
  { pattern: /(^|\s)(3|khong\s+hai\s+long)$/, level: 'unsatisfied' },
  { pattern: /(^|\s)(1|rat\s+hai\s+long)$/, level: 'very_satisfied' },
  { pattern: /(^|\s)(2|hai\s+long)$/, level: 'satisfied' },
];

/** The dossier code and the key among the words, wherever they are. */
function codeAndKey(words: string[]): { code: string; key: string; rest: string[] } | undefined {
  const at = words.findIndex((w) => parseDossierCode(w).ok);
  if (at < 0) return undefined;
  const parsed = parseDossierCode(words[at] ?? '');
  if (!parsed.ok) return undefined;
  const after = words.slice(at + 1);
  // The key is printed as ABCD-EFGH but may be typed as one word or two, after a word or two
  // such as "mã tra cứu".
  for (let start = 0; start < Math.min(after.length, 4); start++) {
    for (const take of [1, 2]) {
      const key = parseTrackingKey(after.slice(start, start + take).join(''));
      if (key.ok) return { code: parsed.value.code, key: key.value.key, rest: after.slice(start + take) };
    }
  }
  return undefined;
}

export function parseChat(text: string): ChatCommand {
  const original = text.normalize('NFC').trim();
  const folded = foldVietnamese(original);
  const keyword = KEYWORDS.find((k) => k.pattern.test(folded));
  if (keyword?.command === 'report' || keyword?.command === 'proposal') {
    const length = folded.match(keyword.pattern)?.[0].length ?? 0;
    const content = original
      .slice(length)
      .replace(/^[\s:.,-]+/, '')
      .trim();
    if (content === '') return { kind: 'incomplete', command: 'feedback' };
    return { kind: 'feedback', feedbackKind: keyword.command, content };
  }
  const body = keyword ? folded.replace(keyword.pattern, '') : folded;
  const words = body.split(/[\s,;:]+/).filter((w) => w !== '');
  const upper = words.map((w) => w.toUpperCase());
  if (keyword?.command === 'unfollow') {
    const code = upper.map((w) => parseDossierCode(w)).find((p) => p.ok);
    return code?.ok ? { kind: 'unfollow', code: code.value.code } : { kind: 'incomplete', command: 'unfollow' };
  }
  const found = codeAndKey(upper);
  if (keyword?.command === 'follow') {
    return found ? { kind: 'follow', code: found.code, key: found.key } : { kind: 'incomplete', command: 'follow' };
  }
  if (keyword?.command === 'rate') {
    const level = found && LEVELS.find((l) => l.pattern.test(found.rest.join(' ').toLowerCase()))?.level;
    if (!found || !level) return { kind: 'incomplete', command: 'rate' };
    return { kind: 'rate', code: found.code, key: found.key, level };
  }
  if (found) return { kind: 'lookup', code: found.code, key: found.key };
  if (keyword?.command === 'lookup') return { kind: 'incomplete', command: 'lookup' };
  return { kind: 'help' };
}
