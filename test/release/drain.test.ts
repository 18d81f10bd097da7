/**
 * SIGTERM under load (issue 19, item 5), on the release build: about twenty clients keep filing
 * dossiers at the counter and reading pages; three filings are held in flight (their headers
 * read by the server — it answered `100 Continue` — their bodies not yet sent); then SIGTERM.
 * The listener closes (a new connection is refused) while the held filings are still open;
 * they are then completed and answered 201; the process exits 0 on its own. Every filing that
 * was answered 201 is in the database exactly once, a filing answered 503 is not in it, none
 * is there twice, and no outbox message was left leased. A request that never ends cannot hold
 * the stop past SHUTDOWN_GRACE_SECONDS, and a second SIGTERM ends it at once.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { csrfFor, signInOfficer } from '../abuse/client.ts';
import {
  emptyDatabase,
  ensureBuilt,
  freePort,
  type ReleaseDatabase,
  type RunningRelease,
  startRelease,
} from './harness.ts';

let database: ReleaseDatabase;
before(async () => {
  ensureBuilt(); // npm run build, unless dist/ is newer than the sources
  database = await emptyDatabase();
});
after(async () => database?.drop());

interface Counter {
  url: string;
  /** Headers of a counter officer's session: cookie and CSRF token. */
  headers: Record<string, string>;
  body: string;
}

/** A receiving officer at the Minh Xuân counter and the body of a birth-registration filing. */
async function counterOf(server: RunningRelease): Promise<Counter> {
  const client = await csrfFor(server.url, await signInOfficer(server.url, 'tiepnhan.minhxuan'));
  const procedure = (await (await fetch(`${server.url}/api/v1/procedures/1.001193`)).json()) as {
    agencies: Array<{ id: string; name: string }>;
    eform: Array<{ key: string; type: string; required: boolean; options?: string[] }>;
  };
  const formData: Record<string, string> = {};
  for (const f of procedure.eform)
    if (f.required)
      formData[f.key] =
        f.type === 'choice' ? (f.options?.[0] ?? '') : f.type === 'date' ? '2026-11-01' : 'Hoàng Văn Páo';
  return {
    url: server.url,
    headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.token },
    body: JSON.stringify({
      procedure: '1.001193',
      agencyId: procedure.agencies.find((a) => /Minh Xuân/.test(a.name))?.id,
      applicant: { type: 'citizen', fullName: 'Hoàng Văn Páo', phone: '0971234567' },
      formData,
    }),
  };
}

/**
 * A filing whose headers are sent and read by the server (it answers `100 Continue` once the
 * request is routed) and whose body waits for `complete()`: a request certainly in flight.
 */
function heldFiling(counter: Counter, key: string) {
  const request = http.request(`${counter.url}/api/v1/dossiers`, {
    method: 'POST',
    agent: false,
    headers: {
      ...counter.headers,
      'idempotency-key': key,
      'content-length': String(Buffer.byteLength(counter.body)),
      expect: '100-continue',
    },
  });
  const answer = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    request.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    request.on('error', reject);
  });
  answer.catch(() => {}); // read by the test; a refused one must not crash the process first
  const continued = once(request, 'continue');
  request.flushHeaders();
  return {
    continued,
    answer,
    complete: () => {
      request.end(counter.body);
      return answer;
    },
  };
}

/** Resolves once a new TCP connection to the server's port is refused. */
async function listenerClosed(url: string): Promise<void> {
  const { port, hostname } = new URL(url);
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Outcome = { key: string; status: number; code?: string } | { key: string; error: string };

test('SIGTERM under load: the listener closes, requests in flight finish, every acknowledged filing is stored once, exit 0', async () => {
  // A bound far above what the drain needs on a loaded machine: this test is about what the drain
  // does; the bound has its own test below.
  const server = await startRelease({
    port: await freePort(),
    database,
    env: { SHUTDOWN_GRACE_SECONDS: '600', LOG_LEVEL: 'info' },
  });
  try {
    const counter = await counterOf(server);
    const run = `drain-${Date.now()}`;
    const outcomes: Outcome[] = [];
    let filings = 0;
    let stopping = false;
    const filer = async () => {
      while (!stopping) {
        const key = `${run}-${filings++}`;
        try {
          const res = await fetch(`${counter.url}/api/v1/dossiers`, {
            method: 'POST',
            headers: { ...counter.headers, 'idempotency-key': key },
            body: counter.body,
          });
          const text = await res.text();
          outcomes.push({
            key,
            status: res.status,
            ...(res.status === 201 ? { code: (JSON.parse(text) as { code: string }).code } : {}),
          });
        } catch (err) {
          outcomes.push({ key, error: String((err as { cause?: unknown }).cause ?? err) });
          await new Promise((resolve) => setTimeout(resolve, 20)); // refused: the server is going
        }
      }
    };
    const reads = ['/', '/thu-tuc/1.001193', '/api/v1/procedures?q=khai%20sinh', '/healthz'];
    let readCount = 0;
    const reader = async () => {
      while (!stopping) {
        const path = reads[readCount++ % reads.length] as string;
        await fetch(`${counter.url}${path}`).then(
          (res) => res.arrayBuffer(),
          () => new Promise((resolve) => setTimeout(resolve, 20)),
        );
      }
    };
    const clients = [...Array.from({ length: 12 }, filer), ...Array.from({ length: 8 }, reader)];
    // Load first: filings keep committing while the signal arrives.
    while (outcomes.filter((o) => 'status' in o && o.status === 201).length < 40) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const held = [0, 1, 2].map((i) => ({ key: `${run}-held-${i}`, ...heldFiling(counter, `${run}-held-${i}`) }));
    await Promise.all(held.map((h) => h.continued));

    assert.ok(server.child.kill('SIGTERM'));
    await listenerClosed(counter.url);
    // Refused: the new connection above. Still owed: the three filings the server had read.
    const answers = await Promise.all(held.map((h) => h.complete()));
    for (const [i, a] of answers.entries()) {
      assert.equal(a.status, 201, `held filing ${i}: ${a.body}`);
      assert.equal(a.connection, 'close', 'an answer during the drain closes its connection');
    }
    const exit = await server.exited;
    stopping = true;
    await Promise.all(clients);
    assert.deepEqual(exit, { code: 0, signal: null }, server.output());
    assert.match(server.output(), /shut down cleanly/);

    const acknowledged = new Map<string, string>();
    for (const o of outcomes) if ('code' in o && o.code) acknowledged.set(o.key, o.code);
    for (const [i, a] of answers.entries()) {
      acknowledged.set(held[i]?.key ?? '', (JSON.parse(a.body) as { code: string }).code);
    }
    const refused = outcomes.filter((o) => 'status' in o && o.status === 503).map((o) => o.key);
    const unexpected = outcomes.filter((o) => 'status' in o && o.status !== 201 && o.status !== 503);
    assert.deepEqual(unexpected, [], 'a filing is acknowledged (201) or turned away while closing (503)');

    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ key: string; codes: string[] }>(
        `select a.transaction_id as key, array_agg(d.code) as codes
           from dossier_actions a join dossiers d on d.id = a.dossier_id
          where a.type = 'receive' and a.transaction_id like $1
          group by a.transaction_id`,
        [`${run}-%`],
      );
      const stored = new Map(rows.map((r) => [r.key, r.codes]));
      for (const [key, code] of acknowledged) assert.deepEqual(stored.get(key), [code], `filing ${key}`);
      for (const key of refused) assert.equal(stored.get(key), undefined, `${key} was answered 503 yet stored`);
      for (const [key, codes] of stored) assert.equal(codes.length, 1, `${key} stored ${codes.length} times`);
      // A dispatch pass that was cut off would leave its rows leased (pushed minutes ahead, not attempted).
      const leased = await c.query(
        `select count(*)::int as n from outbox
          where status = 'pending' and attempts = 0 and next_attempt_at > now() + interval '1 minute'`,
      );
      assert.equal(leased.rows[0].n, 0, 'no outbox message left leased by the stopped dispatcher');
    } finally {
      await c.end();
    }
    console.log(
      `drain: ${acknowledged.size} filings acknowledged (3 held across the signal), ${refused.length} turned away with 503, ` +
        `${outcomes.filter((o) => 'error' in o).length} refused connections or resets, ${readCount} reads`,
    );
  } finally {
    await server.stop();
  }
});

test('a request that never ends does not hold the stop past SHUTDOWN_GRACE_SECONDS', async () => {
  const server = await startRelease({ port: await freePort(), database, env: { SHUTDOWN_GRACE_SECONDS: '2' } });
  try {
    const counter = await counterOf(server);
    const held = heldFiling(counter, `bound-${Date.now()}`);
    await held.continued;
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 1, signal: null }, server.output());
    assert.match(server.output(), /shutdown did not finish in time/);
    await assert.rejects(held.answer, 'the held request was cut off, never acknowledged');
  } finally {
    await server.stop();
  }
});

test('a second SIGTERM while draining exits at once', async () => {
  const server = await startRelease({ port: await freePort(), database, env: { SHUTDOWN_GRACE_SECONDS: '3600' } });
  try {
    const counter = await counterOf(server);
    const held = heldFiling(counter, `second-${Date.now()}`);
    await held.continued;
    server.child.kill('SIGTERM');
    await listenerClosed(counter.url);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.deepEqual(exit, { code: 1, signal: null }, server.output());
    assert.match(server.output(), /second signal while shutting down/);
  } finally {
    await server.stop();
  }
});
