import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import Fastify from 'fastify';
import { gracefulShutdown, httpDrain, type ShutdownSteps } from './shutdown.ts';

function recorder() {
  const lines: string[] = [];
  const log = {
    info: (_: Record<string, unknown>, message: string) => void lines.push(message),
    error: (_: Record<string, unknown>, message: string) => void lines.push(message),
  };
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => {
    exited = resolve;
  });
  return { lines, log, exit, onExit: (code: number) => exited(code) };
}

test('a signal stops HTTP, jobs and the outbox together, then closes the database, then exits 0', async () => {
  const r = recorder();
  const done: string[] = [];
  let openRequests: () => void = () => {};
  const steps: ShutdownSteps = {
    http: () =>
      new Promise<void>((resolve) => {
        openRequests = () => {
          done.push('http');
          resolve();
        };
      }),
    jobs: async (timeoutMs) => {
      assert.ok(timeoutMs >= 1000 && timeoutMs < 60_000, 'the jobs get the bound less the database close');
      done.push('jobs');
    },
    background: async () => void done.push('background'),
    database: async () => void done.push('database'),
  };
  const shutdown = gracefulShutdown({ graceMs: 60_000, steps: () => steps, log: r.log, exit: r.onExit });
  shutdown('SIGTERM');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(done.sort(), ['background', 'jobs'], 'jobs and outbox stop while requests drain');
  openRequests();
  assert.equal(await r.exit, 0);
  assert.equal(done.at(-1), 'database', 'the database closes last');
});

test('a second signal while draining exits 1 at once', async () => {
  const r = recorder();
  const shutdown = gracefulShutdown({
    graceMs: 3_600_000,
    steps: () => ({ http: () => new Promise<void>(() => {}) }),
    log: r.log,
    exit: r.onExit,
  });
  shutdown('SIGTERM');
  shutdown('SIGTERM');
  assert.equal(await r.exit, 1);
  assert.ok(r.lines.includes('second signal while shutting down: exiting now'));
});

test('past the bound the process exits 1 even if a request never ends', async () => {
  const r = recorder();
  const shutdown = gracefulShutdown({
    graceMs: 50,
    steps: () => ({ http: () => new Promise<void>(() => {}) }),
    log: r.log,
    exit: r.onExit,
  });
  shutdown('SIGINT');
  assert.equal(await r.exit, 1);
  assert.ok(r.lines.includes('shutdown did not finish in time: exiting now'));
});

test('a failed step still closes the database and exits 1', async () => {
  const r = recorder();
  let closed = false;
  const shutdown = gracefulShutdown({
    graceMs: 60_000,
    steps: () => ({
      jobs: async () => {
        throw new Error('pg-boss refused');
      },
      database: async () => {
        closed = true;
      },
    }),
    log: r.log,
    exit: r.onExit,
  });
  shutdown('SIGTERM');
  assert.equal(await r.exit, 1);
  assert.ok(closed);
});

/** GET on a kept-alive agent; resolves with the answer's Connection header once its body is read. */
function get(port: number, path: string, agent: http.Agent): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers.connection));
      })
      .on('error', reject);
  });
}

test('the HTTP drain answers the request in flight with Connection: close and does not wait for kept-alive connections', async () => {
  // A keep-alive timeout longer than the test runner's timeout: a drain that waited for it fails.
  const app = Fastify({ keepAliveTimeout: 3_600_000 });
  let release: () => void = () => {};
  let started: () => void = () => {};
  const inFlight = new Promise<void>((resolve) => {
    started = resolve;
  });
  app.get('/fast', async () => 'ok');
  app.get('/slow', async () => {
    started();
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return 'ok';
  });
  const drain = httpDrain(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  try {
    assert.equal(await get(address.port, '/fast', agent), 'keep-alive');
    const slow = get(address.port, '/slow', agent);
    await inFlight;
    const drained = drain();
    release();
    assert.equal(await slow, 'close', 'the answer during the drain closes its connection');
    await drained;
    assert.equal(app.server.listening, false);
  } finally {
    agent.destroy();
  }
});
