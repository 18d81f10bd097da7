/**
 * Starting against a database that does not answer prints one line an operator can act on
 * (where, and why in a word), not a stack trace (issue 11, "lower"). The URL's password is
 * never printed.
 */
import type { Config } from '../platform/config.ts';
import type { DbHandle } from '../platform/db/index.ts';

/** EX_UNAVAILABLE (sysexits.h): a service the program needs is not available. */
export const EXIT_DATABASE_UNREACHABLE = 69;

function whereOf(config: Config): string {
  if (!config.databaseUrl) return `PGlite ${config.dbDir}`;
  const url = new URL(config.databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const first = err.message.split('\n')[0] ?? '';
  return typeof code === 'string' && !first.includes(code) ? `${code} ${first}` : first;
}

/** Undefined when the database answers; otherwise the one line to print. */
export async function unreachableDatabase(database: DbHandle, config: Config): Promise<string | undefined> {
  try {
    await database.ping();
    return undefined;
  } catch (err) {
    const reason = reasonOf(err) || 'no answer';
    return `Không kết nối được cơ sở dữ liệu / cannot reach the database (${whereOf(config)}): ${reason}`;
  }
}
