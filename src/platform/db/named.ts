/**
 * Named statements: PostgreSQL parses, analyses and plans a named statement once per connection
 * and then only binds and executes it, where an unnamed one pays all of it on every call (about
 * 45 % of a backend's CPU over a filing's short statements: bench/README.md, issue 19 item 6).
 *
 * Opt-in, statement by statement: after five executions PostgreSQL may keep a generic plan for a
 * named statement (`plan_cache_mode = auto`), which is right for a look-up by key or an insert and
 * wrong where the best plan depends on the value (a search's words, an agency holding a quarter of
 * the dossiers). Name only statements whose plan is the same for every value.
 *
 * The name given is a family: the driver adds a digest of the text (`nameByText`), so a call site
 * whose text varies (a column left to its default, a list of several ids) gets one statement per
 * shape instead of node-postgres's "Prepared statements must be unique". PGlite ignores names.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

interface Preparable<T> {
  prepare(name: string): { execute(): Promise<T> };
}

/** Runs a drizzle query as the named statement `family` (a short, unique, lower-case name). */
export function named<T>(family: string, query: Preparable<T>): Promise<T> {
  return query.prepare(family).execute();
}

/**
 * PostgreSQL keeps statement names in a table keyed by at most 63 bytes; a longer name would be
 * cut and two families could meet. 40 + '_' + 16 stays under it.
 */
const FAMILY_MAX = 40;

/** The statement's name on the wire: its family and a digest of its text. */
export function statementName(family: string, text: string): string {
  const digest = createHash('sha1').update(text).digest('base64url').slice(0, 16);
  return `${family.slice(0, FAMILY_MAX)}_${digest}`;
}

type QueryFn = pg.PoolClient['query'];

/**
 * How many named statements one connection keeps. Each holds its parse tree and plan in the
 * backend for the connection's life; a family whose text carried values instead of parameters
 * would otherwise grow without end. Past it, new texts go unnamed (parsed each time, as before).
 */
const NAMED_PER_CONNECTION = 200;

/** Each new connection of the pool names its statements by family and text (see above). */
export function nameByText(pool: pg.Pool, limit = NAMED_PER_CONNECTION): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const prepared = new Set<string>();
    client.query = ((config: unknown, ...rest: unknown[]) => {
      if (!isNamedConfig(config)) return query(config, ...rest);
      const name = statementName(config.name, config.text);
      if (!prepared.has(name)) {
        if (prepared.size >= limit) return query({ ...config, name: undefined }, ...rest);
        prepared.add(name);
      }
      return query({ ...config, name }, ...rest);
    }) as QueryFn;
  });
}

function isNamedConfig(config: unknown): config is { name: string; text: string } {
  if (typeof config !== 'object' || config === null) return false;
  const { name, text, submit } = config as { name?: unknown; text?: unknown; submit?: unknown };
  // A submittable (a pg.Query, a cursor) keeps its own prototype: passed through as it is.
  return typeof name === 'string' && name !== '' && typeof text === 'string' && typeof submit !== 'function';
}
