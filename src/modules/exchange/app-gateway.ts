/**
 * One gateway per application process (its circuits, tokens and connection pools are the
 * process's), built from the deployment's connectors file and the province's signer, its
 * figures added to the app's /metrics.
 */
import type { FastifyInstance } from 'fastify';
import type { Signer } from '../../platform/pdf/index.ts';
import { loadConnectors } from './connectors.ts';
import { Gateway } from './gateway.ts';
import { createGatewayMetrics } from './metrics.ts';

// Keyed by the app's deps, the one object every encapsulated scope of an app shares.
const gateways = new WeakMap<object, Gateway>();
const SIGNER_TTL_MS = 5 * 60_000;

/** The province's signer, read from the database at most every few minutes (a new key is picked up). */
function cachedSigner(load: () => Promise<Signer | undefined>, now = Date.now): () => Promise<Signer | undefined> {
  let cached: { signer: Signer | undefined; until: number } | undefined;
  return async () => {
    if (cached && cached.until > now()) return cached.signer;
    const signer = await load();
    cached = { signer, until: now() + SIGNER_TTL_MS };
    return signer;
  };
}

/** The app's gateway; built at the first call (the module's routes call it while registering). */
export function gatewayOf(app: FastifyInstance): Gateway {
  const existing = gateways.get(app.deps);
  if (existing) return existing;
  const { config, services, database } = app.deps;
  const gateway = new Gateway({
    provinceCode: config.provinceCode,
    connectors: loadConnectors(config.exchangeConnectors),
    signer: cachedSigner(async () => services.signing?.province(database.db)),
    metrics: createGatewayMetrics(app.metricsRegistry),
  });
  gateways.set(app.deps, gateway);
  return gateway;
}

/** Whether the deployment connects the population register (pages show "Lấy từ CSDL dân cư" only then). */
export const populationConnected = (app: FastifyInstance): boolean =>
  gatewayOf(app)
    .services()
    .some((c) => c.register === 'population');
