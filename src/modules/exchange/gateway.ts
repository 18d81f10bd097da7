/**
 * The data-sharing gateway: every call to a register goes through `call`, which
 * 1. refuses a caller missing from the service's allow-list (module and role), logged;
 * 2. refuses at once while the service's circuit is open, so the counter falls back to "nhập tay";
 * 3. authenticates (OAuth 2.0 client credentials from the token cache; mutual TLS per connector);
 * 4. sends with a timeout and retries failures of idempotent calls with a short backoff;
 * 5. writes a signed record of the message log (who, service, purpose, dossier, sizes, time, result),
 *    committed no later than the answer's use: in the caller's transaction when the call runs inside
 *    `transaction`, else committed (group commit) before `call` returns (log-writer.ts);
 * 6. records latency, errors and volume for /metrics.
 * The gateway is built once per process (circuits and tokens are per process).
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Signer } from '../../platform/pdf/index.ts';
import { Circuit } from './circuit.ts';
import type { Connector } from './connectors.ts';
import './errors.ts';
import { insertRecords, type MessageFacts, type SignedRecord, signRecord } from './log-message.ts';
import { LogWriter } from './log-writer.ts';
import type { GatewayMetrics } from './metrics.ts';
import { TokenCache, TokenError } from './oauth-tokens.ts';
import type { ExchangeResult } from './schema.ts';
import { type Agents, createAgents, send, TransportError, type WireResponse } from './transport.ts';

export interface GatewayCaller {
  actorId: string;
  roles: readonly string[];
  /** The module asking (its name in the allow-lists), e.g. `dossiers`. */
  module: string;
}

export interface ServiceRequest {
  method: 'GET' | 'POST';
  /** Appended to the connector's endpoint. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** A read: safe to send again after a failure. */
  idempotent: boolean;
}

export interface CallPurpose {
  /** Why the data is needed, in words the log keeps (e.g. "Tiếp nhận hồ sơ 1.001193"). */
  purpose: string;
  dossierRef?: string | undefined;
}

export interface ServiceAnswer extends WireResponse {
  messageId: string;
  attempts: number;
}

export interface GatewayOptions {
  provinceCode: string;
  connectors: readonly Connector[];
  /** The province's signer (cached by the caller); undefined writes unsigned records. */
  signer: () => Promise<Signer | undefined>;
  metrics?: GatewayMetrics | undefined;
  now?: () => number;
  /** Pause between attempts (ms); attempt n waits n × this. */
  backoffMs?: number;
}

interface Lane {
  connector: Connector;
  circuit: Circuit;
  agents: Agents;
}

const sha256hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const EMPTY = new Uint8Array(0);

export class Gateway {
  readonly tokens: TokenCache;
  readonly #lanes = new Map<string, Lane>();
  readonly #now: () => number;
  readonly #writer = new LogWriter();
  /** Transactions opened by `transaction`, with the records written in each. */
  readonly #open = new WeakMap<object, { root: Executor; written: SignedRecord[]; signer: Signer | undefined }>();

  constructor(private readonly options: GatewayOptions) {
    this.#now = options.now ?? Date.now;
    this.tokens = new TokenCache(this.#now);
    for (const connector of options.connectors) {
      this.#lanes.set(connector.id, {
        connector,
        circuit: new Circuit(connector.circuitFailures, connector.circuitOpenSeconds * 1000, this.#now),
        agents: createAgents(connector.tlsMaterial),
      });
    }
  }

  /** The configured services (for pages: which buttons to show). */
  services(): Connector[] {
    return [...this.#lanes.values()].map((l) => l.connector);
  }

  circuitOf(serviceId: string) {
    return this.#lanes.get(serviceId)?.circuit.state;
  }

  /** Whether this caller may call the service at all (pages hide what would be refused). */
  mayCall(serviceId: string, caller: Pick<GatewayCaller, 'module' | 'roles'>): string | undefined {
    const lane = this.#lanes.get(serviceId);
    const rule = lane?.connector.allow.find((a) => a.module === caller.module);
    return rule?.roles.find((r) => caller.roles.includes(r));
  }

  /**
   * Runs `work` in a transaction of `db` in which gateway calls write their records (no commit of
   * their own). If the transaction does not commit, the records it held are committed on their
   * own before the error goes on: the registers did answer.
   */
  async transaction<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
    const written: SignedRecord[] = [];
    // Loaded before the transaction opens: loading it may read the database outside the
    // transaction, which on PGlite (one connection) would wait for the transaction to end.
    const signer = await this.options.signer();
    try {
      const result = await db.transaction((tx) => {
        this.#open.set(tx, { root: db, written, signer });
        return work(tx);
      });
      this.#writer.committed(db, written);
      return result;
    } catch (err) {
      if (written.length) await this.#writer.write(db, written);
      throw err;
    }
  }

  /** Commits the record before the answer goes back: in the caller's transaction, or on its own. */
  async #log(db: Executor, record: SignedRecord): Promise<void> {
    if (db instanceof PgTransaction) {
      const open = this.#open.get(db);
      await insertRecords(db, [record], open && this.#writer.committedCertificates(open.root));
      open?.written.push(record);
      return;
    }
    await this.#writer.write(db, [record]);
  }

  async call(
    db: Executor,
    caller: GatewayCaller,
    serviceId: string,
    request: ServiceRequest,
    why: CallPurpose,
  ): Promise<ServiceAnswer> {
    const lane = this.#lanes.get(serviceId);
    if (!lane) throw new DomainError('EXCHANGE_SERVICE_UNKNOWN', { service: serviceId });
    // A transaction the gateway does not follow could roll the record back with the caller's work.
    if (db instanceof PgTransaction && !this.#open.has(db))
      throw new Error('Gateway.call inside a transaction not opened by Gateway.transaction');
    const started = performance.now();
    const body = request.body ?? EMPTY;
    const record = async (result: ExchangeResult, extra: Partial<MessageFacts> = {}) => {
      const latencyMs = Math.round(performance.now() - started);
      const signed = await signRecord(
        {
          provinceCode: this.options.provinceCode,
          at: new Date(this.#now()),
          actorId: caller.actorId,
          actorRole: role ?? caller.roles.join(','),
          callerModule: caller.module,
          serviceId,
          purpose: why.purpose,
          dossierRef: why.dossierRef,
          requestBytes: body.byteLength,
          responseBytes: 0,
          requestDigest: sha256hex(body),
          result,
          latencyMs,
          attempts: 0,
          ...extra,
        },
        db instanceof PgTransaction ? this.#open.get(db)?.signer : await this.options.signer(),
      );
      await this.#log(db, signed);
      const messageId = signed.row.id;
      this.options.metrics?.observe(
        serviceId,
        result,
        (performance.now() - started) / 1000,
        body.byteLength,
        extra.responseBytes ?? 0,
      );
      this.options.metrics?.circuit(serviceId, lane.circuit.state);
      return messageId;
    };

    const role = this.mayCall(serviceId, caller);
    if (!role) {
      await record('refused', { errorCode: 'EXCHANGE_ACCESS_DENIED' });
      throw new DomainError('EXCHANGE_ACCESS_DENIED', { service: serviceId, module: caller.module });
    }
    if (!lane.circuit.allow()) {
      await record('circuit_open', { errorCode: 'EXCHANGE_REGISTER_UNAVAILABLE' });
      throw new DomainError('EXCHANGE_REGISTER_UNAVAILABLE', { service: serviceId, circuit: 'open' });
    }

    const { connector } = lane;
    const maxAttempts = request.idempotent ? 1 + connector.retries : 1;
    let attempts = 0;
    let refreshedToken = false;
    let failure: { result: ExchangeResult; code: string } = { result: 'error', code: 'EXCHANGE_REGISTER_UNAVAILABLE' };
    while (attempts < maxAttempts) {
      attempts++;
      try {
        const headers: Record<string, string> = { ...request.headers };
        if (connector.auth.kind === 'oauth2') {
          headers.authorization = `Bearer ${await this.tokens.get(
            connector.id,
            {
              tokenUrl: connector.auth.tokenUrl,
              clientId: connector.auth.clientId,
              clientSecret: connector.clientSecret ?? '',
              scope: connector.auth.scope,
              timeoutMs: connector.timeoutMs,
            },
            lane.agents,
          )}`;
        }
        const url = new URL(connector.endpoint + (request.path ?? ''));
        for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
        const answer = await send(lane.agents, {
          method: request.method,
          url: url.toString(),
          headers,
          ...(request.body ? { body: request.body } : {}),
          timeoutMs: connector.timeoutMs,
        });
        if (answer.status === 401 && connector.auth.kind === 'oauth2' && !refreshedToken) {
          // An expired or revoked token: fetch a new one and try again, once, whatever the method.
          this.tokens.invalidate(connector.id);
          refreshedToken = true;
          attempts--;
          continue;
        }
        if (answer.status >= 500 || answer.status === 429) {
          failure = { result: 'error', code: `HTTP_${answer.status}` };
        } else {
          lane.circuit.success();
          const messageId = await record('ok', {
            responseBytes: answer.body.byteLength,
            responseDigest: sha256hex(answer.body),
            attempts,
            ...(answer.status >= 400 ? { errorCode: `HTTP_${answer.status}` } : {}),
          });
          return { ...answer, messageId, attempts };
        }
      } catch (err) {
        if (err instanceof TransportError) {
          failure = err.timedOut
            ? { result: 'timeout', code: 'TIMEOUT' }
            : { result: 'error', code: 'CONNECTION_FAILED' };
        } else if (err instanceof TokenError) {
          failure = { result: 'error', code: 'TOKEN_FAILED' };
        } else throw err;
      }
      if (attempts < maxAttempts) await sleep((this.options.backoffMs ?? 100) * attempts);
    }
    lane.circuit.failure();
    await record(failure.result, { errorCode: failure.code, attempts });
    throw new DomainError('EXCHANGE_REGISTER_UNAVAILABLE', { service: serviceId, reason: failure.code });
  }

  /** Closes the kept-alive connections (tests, shutdown). */
  close(): void {
    for (const lane of this.#lanes.values()) {
      lane.agents.http.destroy();
      lane.agents.https.destroy();
    }
  }
}
