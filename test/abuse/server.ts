/** A real server on loopback with the seeded demo province, for abuse and crash tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { TestDb } from '../../src/platform/db/testing.ts';
import { demoProvinceDb } from '../../src/web/testing.ts';
import { clientFetch, csrfFor } from './client.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  db: TestDb;
  close(): Promise<void>;
  /** Signs in and returns the session cookie header. */
  signIn(login: string, password?: string): Promise<string>;
}

/**
 * `logLines`, when given, receives every log line the server writes (at LOG_LEVEL, info by
 * default), so a test can look at what the logs would have said.
 */
export async function startSeededServer(
  env: Record<string, string> = {},
  options: { logLines?: string[] } = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-abuse-'));
  const db = await demoProvinceDb();
  const config = loadConfig({
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '100000',
    // The real clock: the counter stays open at any hour here (issue 23's rule has its own tests).
    COUNTER_OUTSIDE_HOURS: 'allow',
    ...env,
  });
  const lines = options.logLines;
  const logger = lines ? { level: config.logLevel, stream: { write: (line: string) => void lines.push(line) } } : false;
  const app = await buildApp({ config, database: db, logger });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: address,
    db,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    signIn: async (login, password = 'MoCua@2026') => {
      const anonymous = await csrfFor(address);
      const res = await clientFetch(address, anonymous)('/api/v1/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]);
      return cookie.join('; ');
    },
  };
}
