/**
 * Graceful shutdown of `mocua start` (SIGTERM from systemd or a deployment, SIGINT from a
 * terminal): stop taking work, finish the work taken, then exit 0 — so a restart never cuts a
 * citizen's filing in half or leaves a job or an outbox delivery to be guessed at.
 *
 * 1. at once and together: the HTTP server stops accepting connections and answers the
 *    requests it has read (new requests on kept-alive connections get 503 and `Connection:
 *    close`, so a load balancer retries them on another node); the job runner stops fetching
 *    and waits for the jobs it runs; the outbox dispatcher stops polling and finishes the pass
 *    it started;
 * 2. then the database is closed, and the process exits 0.
 *
 * Bounded: past `graceMs`, or at a second signal, the process exits 1 at once. What was not
 * finished is not lost: an unanswered request was never acknowledged (its Idempotency-Key
 * retry is safe), a job still running is failed and retried by pg-boss, an outbox message
 * stays leased until its lease ends and another process sends it.
 */
import type { FastifyInstance } from 'fastify';

export interface ShutdownSteps {
  /** Stops accepting and resolves when every request read has been answered. */
  http(): Promise<void>;
  /** Stops the job runner; running jobs get `timeoutMs` to finish. */
  jobs(timeoutMs: number): Promise<void>;
  /** Stops the outbox dispatcher and waits for the pass it started. */
  background(): Promise<void>;
  database(): Promise<void>;
}

export interface ShutdownLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** What the database close leaves of the bound to the job runner: it is the last step. */
const DATABASE_CLOSE_MS = 2000;

/**
 * Returns the signal handler: the first call shuts down within `graceMs`, a later one forces
 * the exit. `exit` is process.exit outside the tests.
 */
export function gracefulShutdown(options: {
  graceMs: number;
  steps: () => Partial<ShutdownSteps>;
  log: ShutdownLog;
  exit: (code: number) => void;
}): (signal: string) => void {
  const { graceMs, log, exit } = options;
  let started = false;
  let bound: NodeJS.Timeout | undefined;
  return (signal) => {
    if (started) {
      log.error({ signal }, 'second signal while shutting down: exiting now');
      clearTimeout(bound);
      exit(1);
      return;
    }
    started = true;
    log.info({ signal, graceSeconds: graceMs / 1000 }, 'shutting down: draining requests and jobs');
    bound = setTimeout(() => {
      log.error({ graceSeconds: graceMs / 1000 }, 'shutdown did not finish in time: exiting now');
      exit(1);
    }, graceMs);
    // The steps as they are now: a signal during start-up finds no job runner yet.
    const steps = options.steps();
    const drain = async () => {
      const stopped = await Promise.allSettled([
        steps.http?.(),
        steps.jobs?.(Math.max(1000, graceMs - DATABASE_CLOSE_MS)),
        steps.background?.(),
      ]);
      // The database closes even when a step failed: what finished is committed.
      await steps.database?.();
      for (const s of stopped) if (s.status === 'rejected') throw s.reason;
    };
    drain().then(
      () => {
        clearTimeout(bound);
        log.info({ signal }, 'shut down cleanly');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(bound);
        log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
}

/**
 * The HTTP step, prepared before the server listens (hooks cannot be added later). A connection
 * kept alive would hold `server.close()` until its keep-alive timeout, so while draining every
 * response says `Connection: close` (a proxy then does not reuse the connection), and the
 * connections left idle are closed every half second until the last request is answered.
 */
export function httpDrain(app: FastifyInstance): () => Promise<void> {
  let draining = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  return async () => {
    draining = true;
    const reaper = setInterval(() => app.server.closeIdleConnections(), 500);
    try {
      await app.close();
    } finally {
      clearInterval(reaper);
    }
  };
}
