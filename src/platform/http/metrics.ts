import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { registerCounters, registerDatabaseGauges } from '../metrics/index.ts';
import { outboxGauges } from '../notify/metrics.ts';

/**
 * Prometheus metrics of one app: process defaults, request durations by route, the business
 * counters (platform/metrics) and the outbox read from the database; modules add their own.
 */
export function createMetrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerCounters(registry);
  registerDatabaseGauges(registry, () => app.deps.database.db, outboxGauges);
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return { registry };
}
