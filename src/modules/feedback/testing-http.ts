/**
 * An HTTP app for the feedback route tests: the platform app, sessions resolved by the
 * directory, and this module's routes (API, Open311, pages) — independent of src/app.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { authPlugin } from '../../platform/auth/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { apiClient } from '../../platform/http/testing.ts';
import { ownAuthenticationRoutes } from '../../site/routes.ts';
import { DEMO_PASSWORD, directoryCallerResolver } from '../directory/index.ts';
import { open311Routes } from './open311.ts';
import { feedbackPageRoutes } from './pages.tsx';
import { feedbackRoutes } from './routes.ts';
import type { FeedbackTestbed } from './testing.ts';

export async function feedbackApp(tb: FeedbackTestbed): Promise<FastifyInstance> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-feedback-'));
  const config = loadConfig({
    DATA_DIR: dir,
    RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_URL: 'https://dichvucong.example.vn',
  });
  const app = await createHttpApp({
    config,
    database: tb.t,
    logger: false,
    ownAuthentication: ownAuthenticationRoutes,
  });
  await authPlugin(app, { resolveCaller: directoryCallerResolver(() => tb.t.db) });
  await feedbackRoutes(app);
  await open311Routes(app);
  await feedbackPageRoutes(app);
  await app.ready();
  return apiClient(app);
}

/** The session cookie of a demo staff login. */
export async function signIn(app: FastifyInstance, login: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login, password: DEMO_PASSWORD },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
