import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, readmeWithSettings, settingsTable } from './config.ts';
import { projectRoot } from './paths.ts';

test('defaults give a runnable embedded setup', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.dbDir, /var[/\\]db$/);
  assert.equal(c.uploadMaxBytes, 10 * 1024 * 1024);
});

for (const [env, variable, problem] of [
  [{ PORT: 'abc' }, 'PORT', /whole number/],
  [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:/],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /not a valid URL/],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
  [{ PROVINCE_CODE: '8' }, 'PROVINCE_CODE', /two digits/],
  [{ UPLOAD_MAX_BYTES: 'big' }, 'UPLOAD_MAX_BYTES', /size/],
  [{ OIDC_ISSUER: 'https://id.example.vn' }, 'OIDC_CLIENT_ID', /must be set/],
] as const) {
  test(`a bad ${variable} (${JSON.stringify(env)}) is named with what is wrong`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable && problem.test(err.message),
    );
  });
}

test('the process stops with one line naming the variable', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
    env: { ...process.env, PORT: 'eighty' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 78);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /PORT: must be a whole number, got "eighty"/);
});

test('every setting appears in the README table', () => {
  assert.match(settingsTable(), /\| `DATA_DIR` \| `\.\/var` \|/);
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithSettings(readme), 'README is stale: npm exec -- tsx scripts/readme-settings.ts');
});

test('production refuses to start without PUBLIC_URL, the demo starts without it', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /PUBLIC_URL: must be set in production/);
  assert.throws(() => loadConfig({ TRUST_PROXY: '1' }), /PUBLIC_URL: must be set in production/);
  assert.equal(
    loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://dvc.example.vn' }).publicUrl,
    'https://dvc.example.vn',
  );
  assert.equal(loadConfig({}).publicUrl, undefined);
});
