/**
 * The business figures of /metrics (the HTTP ones are in http/metrics.ts). Two kinds, chosen by
 * where the truth is:
 *
 * - **Events counted by the process that saw them commit** (`defineCounter`): filings, dossier
 *   actions, feedback items, job failures. Each process exposes its own total since it started;
 *   Prometheus adds the processes up (`sum by (channel) (increase(mocua_filings_total[1h]))`),
 *   and a restart is a counter reset its functions already handle. Counting these in the
 *   database would scan the biggest tables at every scrape.
 * - **States read from the database at scrape time** (`DatabaseGauge`): outbox lag and dead
 *   letters, the national portal's unsent changes. Every process answers the same, whichever
 *   wrote the rows. Each read is a cheap indexed query, cached a few seconds so that several
 *   scrapers (or a scraper per process) do not multiply the work.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Executor } from '../db/index.ts';
import { forgetBetweenTests } from '../process-state.ts';

interface CounterDefinition {
  name: string;
  help: string;
  label: string;
  counts: Map<string, number>;
}

const counters = new Map<string, CounterDefinition>();
forgetBetweenTests(() => {
  for (const c of counters.values()) c.counts.clear();
});

export interface BusinessCounter {
  inc(labelValue: string): void;
}

/** A counter of one process's committed events, with one label (defined once, at import). */
export function defineCounter(name: string, help: string, label: string): BusinessCounter {
  const existing = counters.get(name);
  const definition = existing ?? { name, help, label, counts: new Map<string, number>() };
  counters.set(name, definition);
  return {
    inc(labelValue) {
      definition.counts.set(labelValue, (definition.counts.get(labelValue) ?? 0) + 1);
    },
  };
}

const jobFailures = defineCounter(
  'mocua_job_failures_total',
  'Background job runs that threw (pg-boss retries them), by job; per process',
  'job',
);

export function countJobFailure(job: string): void {
  jobFailures.inc(job);
}

/** One gauge read from the database: every series it has now, with its labels. */
export interface DatabaseGauge {
  name: string;
  help: string;
  labelNames?: readonly string[];
  read(db: Executor): Promise<ReadonlyArray<{ labels?: Record<string, string>; value: number }>>;
}

/** How long a database reading serves scrapes before it is read again. */
const GAUGE_CACHE_MS = 5000;

/** Adds every defined counter to an app's registry. */
export function registerCounters(registry: Registry): void {
  for (const definition of counters.values()) {
    new Counter({
      name: definition.name,
      help: definition.help,
      labelNames: [definition.label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, count] of definition.counts) this.inc({ [definition.label]: value }, count);
      },
    });
  }
}

/** Adds gauges read from the database at scrape time (cached GAUGE_CACHE_MS) to an app's registry. */
export function registerDatabaseGauges(registry: Registry, db: () => Executor, gauges: readonly DatabaseGauge[]): void {
  for (const gauge of gauges) {
    let cached: { at: number; reading: Promise<Awaited<ReturnType<DatabaseGauge['read']>>> } | undefined;
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      labelNames: gauge.labelNames ?? [],
      registers: [registry],
      async collect() {
        const now = Date.now();
        if (!cached || now - cached.at > GAUGE_CACHE_MS) cached = { at: now, reading: gauge.read(db()) };
        const reading = cached.reading;
        let series: Awaited<typeof reading>;
        try {
          series = await reading;
        } catch {
          // An unreachable database shows as missing series (readyz says why), not as a failed scrape.
          cached = undefined;
          this.reset();
          return;
        }
        this.reset();
        for (const s of series) {
          if (s.labels) this.set(s.labels, s.value);
          else this.set(s.value);
        }
      },
    });
  }
}
