/**
 * A unique index refused the row (SQLSTATE 23505), on either driver: node-postgres puts the
 * code on the error, drizzle wraps it in a `cause`. The walk is bounded and stops on a
 * self-referencing cause, which an error may have (a loop there once hung the process).
 */
export function isUniqueViolation(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; typeof e === 'object' && e !== null && !seen.has(e) && seen.size < 16; ) {
    seen.add(e);
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
