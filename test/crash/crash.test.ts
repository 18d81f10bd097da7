/**
 * Crash: submissions under load, `kill -9` of the server midway, restart. Every submission
 * that was answered 201 exists exactly once, none exists twice (retries with the same
 * Idempotency-Key included), and `mocua verify-audit` passes. Runs on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { freePort, startServer, stop } from '../../bench/lib.ts';
import { testEnv } from '../../src/platform/config.ts';
import { csrfFor, signInOfficer } from '../abuse/client.ts';

const adminUrl = testEnv().testDatabaseUrl;

async function freshDatabase() {
  const name = `crash_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: adminUrl });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

test('a kill -9 under load loses no acknowledged submission and duplicates none', { timeout: 600_000 }, async () => {
  const db = await freshDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-crash-'));
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The real clock: the counter stays open at any hour (issue 23's rule has its own tests).
    COUNTER_OUTSIDE_HOURS: 'allow',
    // The demo officers on PostgreSQL: their published password is changed at the first sign-in.
    SEED_DEMO: 'true',
  };
  // node directly (not npm): the kill must hit the server process itself.
  const command = [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start']] as const;
  let server = await startServer(command[0], [...command[1]], env, `${base}/readyz`, 180_000);
  try {
    // A script client: the session's CSRF token on every state change (docs/security.md).
    const client = await csrfFor(base, await signInOfficer(base, 'tiepnhan.minhxuan'));
    const cookie = client.cookie;
    const procedure = (await (await fetch(`${base}/api/v1/procedures/1.001193`)).json()) as {
      agencies: Array<{ id: string; name: string }>;
      eform: Array<{ key: string; type: string; required: boolean; options?: string[] }>;
    };
    const agencyId = procedure.agencies.find((a) => /Minh Xuân/.test(a.name))?.id;
    const formData: Record<string, string> = {};
    for (const f of procedure.eform)
      if (f.required)
        formData[f.key] =
          f.type === 'choice' ? (f.options?.[0] ?? '') : f.type === 'date' ? '2026-11-01' : 'Hoàng Văn Páo';
    const submit = (key: string) =>
      fetch(`${base}/api/v1/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': client.token, 'idempotency-key': key },
        body: JSON.stringify({
          procedure: '1.001193',
          agencyId,
          applicant: { type: 'citizen', fullName: 'Hoàng Văn Páo', phone: '0971234567' },
          formData,
        }),
      });

    const answered = new Map<string, string>();
    const keys = Array.from({ length: 400 }, (_, i) => `crash-${String(i).padStart(4, '0')}-${Date.now()}`);
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++] as string;
        if (!killed && answered.size >= 120 && server.child.pid) {
          killed = true;
          process.kill(server.child.pid, 'SIGKILL');
        }
        try {
          const res = await submit(key);
          if (res.status === 201) answered.set(key, ((await res.json()) as { code: string }).code);
        } catch {
          // connection refused or reset: the server is down; the key is retried after restart
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.ok(killed, 'the server was killed mid-load');
    assert.ok(answered.size >= 120);

    server = await startServer(command[0], [...command[1]], env, `${base}/readyz`, 180_000);
    // Retry every key that got no answer, and a sample of answered ones: nothing may double.
    for (const key of keys) {
      if (answered.has(key) && Number(key.slice(6, 10)) % 10 !== 0) continue;
      const res = await submit(key);
      assert.equal(res.status, 201, await res.clone().text());
      const code = ((await res.json()) as { code: string }).code;
      const first = answered.get(key);
      if (first) assert.equal(code, first, `a retry of ${key} returned another dossier`);
      answered.set(key, code);
    }

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const perKey = await c.query(
      `select transaction_id, count(distinct dossier_id)::int as n from dossier_actions
        where transaction_id = any($1) and type = 'receive' group by transaction_id`,
      [keys],
    );
    const dossiersTotal = await c.query(`select count(*)::int as n, count(distinct code)::int as codes from dossiers`);
    await c.end();
    assert.equal(perKey.rows.length, keys.length, 'every key has its dossier');
    assert.ok(
      perKey.rows.every((r: { n: number }) => r.n === 1),
      'no key made two dossiers',
    );
    assert.equal(dossiersTotal.rows[0].n, keys.length, 'exactly one dossier per submission');
    assert.equal(dossiersTotal.rows[0].codes, keys.length, 'codes are unique');
    console.log(
      `crash: ${answered.size} submissions, server killed after ${120}+ answers, ${dossiersTotal.rows[0].n} dossiers, no duplicate`,
    );

    await stop(server.child);
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify-audit'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: \d+ entries/m);
  } finally {
    await stop(server.child);
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
