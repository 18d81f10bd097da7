/**
 * Connectors as configuration: each service the province reaches through the LGSP/NDXP is one
 * entry of a JSON file (EXCHANGE_CONNECTORS) — its id, endpoint, wire format, authentication,
 * limits and who may call it. Secrets are never in the file: it names the files holding them
 * (a client secret, a TLS key), kept with the deployment's other secrets. docs/exchange.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

const FilePath = Type.String({ minLength: 1, maxLength: 1000 });

const ConnectorAuthSchema = Type.Union([
  Type.Object({ kind: Type.Literal('none') }),
  /** OAuth 2.0 client credentials (RFC 6749 §4.4), as LGSP gateways (WSO2 and alike) issue them. */
  Type.Object({
    kind: Type.Literal('oauth2'),
    tokenUrl: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 1000 }),
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecretFile: FilePath,
    scope: Type.Optional(Type.String({ maxLength: 500 })),
  }),
]);

const ConnectorSchema = Type.Object({
  /** Stable id used in the log and the allow-lists, e.g. `population.citizen`. */
  id: Type.String({ pattern: '^[a-z][a-z0-9._-]{1,63}$' }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  register: Type.Union([Type.Literal('population'), Type.Literal('business'), Type.Literal('land')]),
  endpoint: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 1000 }),
  auth: ConnectorAuthSchema,
  /** Mutual TLS where the provider requires it: our certificate and key, and the provider's CA. */
  tls: Type.Optional(Type.Object({ certFile: FilePath, keyFile: FilePath, caFile: Type.Optional(FilePath) })),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
  /** Extra attempts after a failure; only for calls that read (idempotent). */
  retries: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
  /** Consecutive failures that open the circuit, and how long it stays open. */
  circuitFailures: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  circuitOpenSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  /** Which module, with which staff role, may call this service. Nobody else may. */
  allow: Type.Array(
    Type.Object({
      module: Type.String({ pattern: '^[a-z][a-z0-9-]{1,40}$' }),
      roles: Type.Array(Type.String({ pattern: '^[a-z_]{2,40}$' }), { minItems: 1 }),
    }),
  ),
});
type ConnectorConfig = Static<typeof ConnectorSchema>;

const FileSchema = Type.Object({ connectors: Type.Array(ConnectorSchema) });

/** A connector with its secrets read. */
export interface Connector extends ConnectorConfig {
  clientSecret?: string;
  tlsMaterial?: { cert: Buffer; key: Buffer; ca?: Buffer };
}

/** Validates connectors given as data and reads the secret files they name (relative to `baseDir`). */
export function connectorsOf(data: unknown, baseDir = '.'): Connector[] {
  const withDefaults = Value.Default(FileSchema, Value.Clone(data));
  if (!Value.Check(FileSchema, withDefaults)) {
    const first = [...Value.Errors(FileSchema, withDefaults)][0];
    throw new Error(`exchange connectors: ${first?.instancePath ?? ''} ${first?.message ?? 'invalid'}`.trim());
  }
  const read = (file: string) => readFileSync(path.resolve(baseDir, file));
  const seen = new Set<string>();
  return withDefaults.connectors.map((c) => {
    if (seen.has(c.id)) throw new Error(`exchange connectors: ${c.id} is listed twice`);
    seen.add(c.id);
    return {
      ...c,
      ...(c.auth.kind === 'oauth2' ? { clientSecret: read(c.auth.clientSecretFile).toString('utf8').trim() } : {}),
      ...(c.tls
        ? {
            tlsMaterial: {
              cert: read(c.tls.certFile),
              key: read(c.tls.keyFile),
              ...(c.tls.caFile ? { ca: read(c.tls.caFile) } : {}),
            },
          }
        : {}),
    };
  });
}

/** The connectors file of the deployment (EXCHANGE_CONNECTORS); none when unset. */
export function loadConnectors(file: string | undefined): Connector[] {
  if (!file) return [];
  return connectorsOf(JSON.parse(readFileSync(file, 'utf8')), path.dirname(path.resolve(file)));
}
