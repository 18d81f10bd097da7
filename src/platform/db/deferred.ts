/**
 * Rows written before the identity of their record is known (a dossier's code, taken by the
 * last statement of its filing so that the counter row is locked for as short a time as
 * possible: dossiers/pending-code.ts). They carry a unique placeholder where the identity goes;
 * the last statement resolves it from a relation of one row with a text column `identity`.
 *
 * Platform/audit (`DeferredAuditChain`) and platform/notify (`DeferredOutbox`) build their part
 * of that statement; this file holds the one rule they share for putting the identity in.
 * Neither the placeholder nor the identity needs escaping in JSON (letters, digits, `.`, `-`,
 * `_`), so replacing it in the serialised JSON (in SQL, fast: `resolvedJsonb`) and in every
 * string of the value, keys included (in TypeScript: `resolveIdentity`), give the same document.
 */
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';

/** ASCII, never a valid code nor a UUID, unique: stands for the identity until the last statement. */
export function newPlaceholder(kind: string): string {
  return `pending-${kind}-${randomUUID()}`;
}

/** What an identity may hold: nothing JSON escapes. */
const IDENTITY_PATTERN = /^[A-Za-z0-9._-]+$/;

/** `value` with `identity` in every string where the placeholder was, keys included (as the SQL text replace does). */
export function resolveIdentity<T>(value: T, placeholder: string, identity: string): T {
  if (!IDENTITY_PATTERN.test(identity)) throw new Error('An identity must need no escaping in JSON');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll(placeholder, identity);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date) return v;
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll(placeholder, identity), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** The JSON text of `value` as jsonb will store it (no undefined, Dates as ISO text). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** SQL: `text` (an SQL text expression) with `identity` (an SQL text expression) for the placeholder. */
export function resolvedText(text: SQL, placeholder: string, identity: SQL): SQL {
  return sql`replace(${text}, ${placeholder}::text, ${identity})`;
}

/** SQL: the jsonb of `value` with the identity where the placeholder was (see the top for why the text replace is exact). */
export function resolvedJsonb(value: unknown, placeholder: string, identity: SQL): SQL {
  return sql`${resolvedText(sql`${jsonText(value)}::text`, placeholder, identity)}::jsonb`;
}
