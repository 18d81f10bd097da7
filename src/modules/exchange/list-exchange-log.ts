/**
 * The message log as administrators and inspectors read it: newest first, filtered by service,
 * result, period and dossier, with whether each record is sealed and time-stamped yet; and the
 * figures per service and result over the same filter (calls, median and slowest latency).
 */
import { and, desc, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { requireLogReader } from './policies.ts';
import { type ExchangeResult, exchangeBatches, exchangeMessages } from './schema.ts';

export interface LogFilter {
  serviceId?: string | undefined;
  result?: ExchangeResult | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  dossierRef?: string | undefined;
  /** Keyset paging: records older than this seq. */
  before?: number | undefined;
}

export interface LogRow {
  seq: number;
  at: Date;
  actorId: string;
  actorRole: string;
  callerModule: string;
  serviceId: string;
  purpose: string;
  dossierRef: string | null;
  requestBytes: number;
  responseBytes: number;
  result: ExchangeResult;
  errorCode: string | null;
  latencyMs: number;
  attempts: number;
  signed: boolean;
  state: 'pending' | 'sealed' | 'stamped';
}

export interface LogFigures {
  serviceId: string;
  result: string;
  calls: number;
  medianMs: number;
  maxMs: number;
  bytes: number;
}

const PAGE = 50;

function where(provinceCode: string, f: LogFilter): SQL | undefined {
  return and(
    eq(exchangeMessages.provinceCode, provinceCode),
    f.serviceId ? eq(exchangeMessages.serviceId, f.serviceId) : undefined,
    f.result ? eq(exchangeMessages.result, f.result) : undefined,
    f.from ? gte(exchangeMessages.at, f.from) : undefined,
    f.to ? lte(exchangeMessages.at, f.to) : undefined,
    f.dossierRef ? eq(exchangeMessages.dossierRef, f.dossierRef) : undefined,
  );
}

export async function listExchangeLog(
  db: Executor,
  caller: Caller,
  provinceCode: string,
  filter: LogFilter,
): Promise<{ rows: LogRow[]; next: number | undefined; figures: LogFigures[] }> {
  requireLogReader(caller, provinceCode);
  const rows = await db
    .select({ m: exchangeMessages, token: exchangeBatches.timestampToken })
    .from(exchangeMessages)
    .leftJoin(exchangeBatches, eq(exchangeBatches.id, exchangeMessages.batchId))
    .where(and(where(provinceCode, filter), filter.before ? lt(exchangeMessages.seq, filter.before) : undefined))
    .orderBy(desc(exchangeMessages.seq))
    .limit(PAGE + 1);
  const figures = await db
    .select({
      serviceId: exchangeMessages.serviceId,
      result: exchangeMessages.result,
      calls: sql<number>`count(*)::int`,
      medianMs: sql<number>`coalesce(percentile_cont(0.5) within group (order by ${exchangeMessages.latencyMs}), 0)::float`,
      maxMs: sql<number>`coalesce(max(${exchangeMessages.latencyMs}), 0)::int`,
      bytes: sql<number>`coalesce(sum(${exchangeMessages.requestBytes} + ${exchangeMessages.responseBytes}), 0)::float`,
    })
    .from(exchangeMessages)
    .where(where(provinceCode, filter))
    .groupBy(exchangeMessages.serviceId, exchangeMessages.result)
    .orderBy(exchangeMessages.serviceId, exchangeMessages.result);
  const page = rows.slice(0, PAGE).map(
    ({ m, token }): LogRow => ({
      seq: m.seq,
      at: m.at,
      actorId: m.actorId,
      actorRole: m.actorRole,
      callerModule: m.callerModule,
      serviceId: m.serviceId,
      purpose: m.purpose,
      dossierRef: m.dossierRef,
      requestBytes: m.requestBytes,
      responseBytes: m.responseBytes,
      result: m.result,
      errorCode: m.errorCode,
      latencyMs: m.latencyMs,
      attempts: m.attempts,
      signed: m.signature !== null,
      state: m.batchId === null ? 'pending' : token ? 'stamped' : 'sealed',
    }),
  );
  return { rows: page, next: rows.length > PAGE ? page.at(-1)?.seq : undefined, figures };
}
