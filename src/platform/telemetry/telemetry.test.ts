import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { projectRoot } from '../paths.ts';

/**
 * The OpenTelemetry packages a fresh process loads while it builds the whole app and answers a
 * request, with OTEL_EXPORTER_OTLP_ENDPOINT unset or set (a child process: loading is per process).
 */
function packagesLoaded(endpoint: string | undefined): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = new Set();
    registerHooks({ resolve(specifier, context, next) {
      const found = next(specifier, context);
      const m = /node_modules\\/(@opentelemetry\\/[^/]+)/.exec(found.url);
      if (m) loaded.add(m[1]);
      return found;
    } });
    const { buildApp } = await import('./src/app.ts');
    const { loadConfig } = await import('./src/platform/config.ts');
    const { openDatabase } = await import('./src/platform/db/index.ts');
    const { startTracing, stopTracing } = await import('./src/platform/telemetry/index.ts');
    const config = loadConfig(${JSON.stringify(endpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } : {})});
    await startTracing({ endpoint: config.otelEndpoint, serviceName: 'probe' });
    const database = await openDatabase({ dir: 'memory' });
    const app = await buildApp({ config, database, logger: false });
    await app.inject({ url: '/healthz' });
    await app.close();
    await database.close();
    await stopTracing();
    console.log(JSON.stringify([...loaded].sort()));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

test('without OTEL_EXPORTER_OTLP_ENDPOINT no tracing SDK is loaded (only the API, which prom-client imports anyway)', () => {
  // With the endpoint set the SDK is loaded (test/api/tracing.test.ts exports through it).
  assert.deepEqual(packagesLoaded(undefined), ['@opentelemetry/api']);
});
