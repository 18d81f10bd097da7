/**
 * The release build against a fresh PostgreSQL database (issue 19, item 1): `node dist/mocua.js
 * start` from a folder holding only what a release ships (test/release/harness.ts) migrates the
 * empty database, seeds, and serves — health, the portal with its style sheet and script, a
 * procedure page, a citizen's filing through the public API and its tracking, an officer's
 * sign-in, reception and signed receipt — and its CLI works on the same database. The files of
 * deploy/ agree with the settings the server reads.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sessionClient } from '../../client/index.ts';
import { createAccount } from '../../src/platform/auth/accounts.ts';
import { loadConfig, settingsTable } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { projectRoot } from '../../src/platform/paths.ts';
import { signInOfficer } from '../abuse/client.ts';
import { birthFilingParts } from '../api/filing-kit.ts';
import {
  emptyDatabase,
  ensureBuilt,
  freePort,
  type ReleaseDatabase,
  type RunningRelease,
  release,
  runRelease,
  startRelease,
} from './harness.ts';

let database: ReleaseDatabase;
let server: RunningRelease;
const work = mkdtempSync(path.join(tmpdir(), 'mocua-release-test-'));

before(
  async () => {
    ensureBuilt(); // npm run build, unless dist/ is newer than the sources
    database = await emptyDatabase();
    server = await startRelease({ port: await freePort(), database });
  },
  { timeout: 600_000 },
);
after(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(work, { recursive: true, force: true });
});

test('the release is plain JavaScript run by node: no tsx, no loader, type stripping off, no src/', () => {
  const pid = server.child.pid;
  assert.ok(pid);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  assert.deepEqual(argv, [
    process.execPath,
    '--no-experimental-strip-types',
    path.join(release(), 'dist', 'mocua.js'),
    'start',
  ]);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  assert.ok(!environ.some((v) => v.startsWith('NODE_OPTIONS=')), 'no NODE_OPTIONS (--import tsx) reaches it');
  // Nothing the bundle could fall back on: node_modules holds only the production dependencies.
  assert.ok(!existsSync(path.join(release(), 'node_modules', 'tsx')));
  assert.ok(!existsSync(path.join(release(), 'src')));
});

test('health and readiness answer', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200, await ready.text());
});

test('the portal home serves its style sheet and script from the bundle, and a procedure page renders', async () => {
  const home = await fetch(`${server.url}/`);
  assert.equal(home.status, 200);
  const html = await home.text();
  assert.match(html, /<html lang="vi"/);
  for (const [asset, file] of [
    ['/assets/site.css', 'src/web/assets/site.css'],
    ['/assets/enhance.js', 'src/web/assets/enhance.js'],
  ] as const) {
    const href = new RegExp(`"(${asset.replaceAll('.', '\\.')}\\?v=[0-9a-f]+)"`).exec(html)?.[1];
    assert.ok(href, `the home page links ${asset}`);
    const res = await fetch(`${server.url}${href}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), readFileSync(path.join(projectRoot, file), 'utf8'));
  }
  const kiosk = await fetch(`${server.url}/kiosk/assets/kiosk.css`);
  assert.equal(kiosk.status, 200);
  assert.equal(
    await kiosk.text(),
    readFileSync(path.join(projectRoot, 'src/modules/ratings/assets/kiosk.css'), 'utf8'),
  );

  const procedure = (await (await fetch(`${server.url}/api/v1/procedures/1.001193`)).json()) as { name: string };
  const page = await fetch(`${server.url}/thu-tuc/1.001193`);
  assert.equal(page.status, 200);
  assert.ok((await page.text()).includes(procedure.name), 'the procedure page shows its name');
});

let filed: { code: string; trackingKey: string } | undefined;

test('a citizen files a dossier through the public API, once for a retried key, and tracks it', async () => {
  const login = 'cong.dan@example.vn';
  const password = 'Cong-dan-2026!';
  const db = await openDatabase({ url: database.url, poolSize: 1 });
  try {
    await createAccount(db.db, { provinceCode: '08', kind: 'citizen', login, password, displayName: 'Hà Thị Lan' });
  } finally {
    await db.close();
  }
  const api = sessionClient(server.url);
  const signedIn = await api.POST('/api/v1/auth/sign-in', { body: { login, password } });
  assert.equal(signedIn.response.status, 200, JSON.stringify(signedIn.error));
  const { procedure, agency, papers, formData } = await birthFilingParts(api, 'Hà Thị Mai');
  const body = {
    procedure: '1.001193',
    agencyId: agency.id,
    applicant: { type: 'citizen' as const, fullName: 'Hà Thị Lan', phone: '0912345678', address: 'Tổ 3, Minh Xuân' },
    formData,
    papers,
  };
  const key = randomUUID();
  const first = await api.POST('/api/v1/dossiers', { params: { header: { 'idempotency-key': key } }, body });
  assert.equal(first.response.status, 201, JSON.stringify(first.error));
  assert.ok(first.data?.trackingKey);
  const again = await api.POST('/api/v1/dossiers', { params: { header: { 'idempotency-key': key } }, body });
  assert.equal(again.data?.code, first.data.code, 'a retry with the same key is the same dossier');
  filed = { code: first.data.code, trackingKey: first.data.trackingKey };

  const tracked = await sessionClient(server.url).GET('/api/v1/track/{code}', {
    params: { path: { code: filed.code }, query: { key: filed.trackingKey } },
  });
  assert.equal(tracked.response.status, 200, JSON.stringify(tracked.error));
  assert.equal(tracked.data?.procedureName, procedure.name);
  const page = await fetch(`${server.url}/tra-cuu/${filed.code}?key=${filed.trackingKey}`);
  assert.equal(page.status, 200);
  assert.ok((await page.text()).includes(filed.code));
});

test('an officer signs in, receives the dossier and prints the receipt sealed by the agency', async () => {
  assert.ok(filed, 'the citizen filed first');
  // The demo officer's published password is changed at the first sign-in (SEED_DEMO on PostgreSQL).
  const cookie = await signInOfficer(server.url, 'tiepnhan.minhxuan');
  const workspace = await fetch(`${server.url}/workspace`, { headers: { cookie } });
  assert.equal(workspace.status, 200);
  const officer = sessionClient(server.url, { cookie });
  const received = await officer.POST('/api/v1/dossiers/{code}/actions/receive', {
    params: { path: { code: filed.code } },
    body: {},
  });
  assert.equal(received.response.status, 200, JSON.stringify(received.error));
  const slip = await fetch(`${server.url}/api/v1/dossiers/${filed.code}/slips/receipt.pdf?signed=true`, {
    headers: { cookie },
  });
  assert.equal(slip.status, 200);
  const file = path.join(work, 'receipt.pdf');
  writeFileSync(file, new Uint8Array(await slip.arrayBuffer()));
  // Set in the fonts the release found in its node_modules, Vietnamese included.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
  assert.match(text, /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/i);
  assert.match(text, /Hà Thị Lan/);
  const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  assert.match(sig.stdout, /Signature is Valid\./);
  // The release's own verifier: intact, but the demo seal's root is not a trust anchor (exit 3).
  const verified = runRelease(['verify-pdf', file], server.env);
  assert.equal(verified.status, 3, verified.stdout + verified.stderr);
});

test('the release’s CLI works on the same database from another folder', () => {
  const audit = runRelease(['verify-audit'], server.env);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, /^OK: \d+ entries in \d+ chains verified\./m);
  const migrate = runRelease(['migrate'], server.env);
  assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr);
  const unknown = runRelease(['no-such-command'], server.env);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stdout, /Cách dùng \/ usage: mocua/);
});

/** The settings of deploy/mocua.env.example: name → value, commented-out lines included. */
function exampleSettings(): Map<string, { value: string; active: boolean }> {
  const text = readFileSync(path.join(projectRoot, 'deploy', 'mocua.env.example'), 'utf8');
  const settings = new Map<string, { value: string; active: boolean }>();
  for (const line of text.split('\n')) {
    const m = /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) settings.set(m[2] ?? '', { value: m[3] ?? '', active: m[1] === '' });
  }
  return settings;
}

test('deploy/mocua.env.example lists every setting and, its secrets filled in, is a valid production configuration', () => {
  const listed = exampleSettings();
  const names = [...settingsTable().matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? '');
  assert.ok(names.length > 50);
  // The owner's URL is left out on purpose: only `mocua migrate` gets it.
  const missing = names.filter((n) => !listed.has(n) && n !== 'DATABASE_OWNER_URL');
  assert.deepEqual(missing, [], 'settings missing from deploy/mocua.env.example');
  assert.ok(!listed.has('DATABASE_OWNER_URL'));
  const env: Record<string, string> = {};
  for (const [name, { value, active }] of listed) if (active) env[name] = value;
  assert.equal(env.NODE_ENV, 'production');
  assert.throws(() => loadConfig(env), /SIGNING_KEY_SECRET/, 'the placeholder secret is refused, not used');
  const config = loadConfig({ ...env, SIGNING_KEY_SECRET: 'a'.repeat(64) });
  assert.equal(config.trustProxy, 1);
  assert.match(config.publicUrl ?? '', /^https:/);
});

test('the systemd unit runs the release and waits longer than the server’s shutdown bound', () => {
  const unit = readFileSync(path.join(projectRoot, 'deploy', 'systemd', 'mocua.service'), 'utf8');
  const directive = (name: string) => [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]);
  assert.match(directive('ExecStart')[0] ?? '', /\bnode\b.* dist\/mocua\.js start$/);
  assert.deepEqual(directive('KillSignal'), ['SIGTERM']);
  assert.deepEqual(directive('EnvironmentFile'), ['/etc/mocua/mocua.env']);
  assert.deepEqual(directive('NoNewPrivileges'), ['yes']);
  assert.deepEqual(directive('ProtectSystem'), ['strict']);
  const grace = loadConfig({}).shutdownGraceSeconds;
  const stopAfter = Number(directive('TimeoutStopSec')[0]);
  assert.ok(stopAfter > grace, `TimeoutStopSec ${stopAfter} must exceed SHUTDOWN_GRACE_SECONDS ${grace}`);
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

test('systemd accepts the unit', { skip: !systemdAnalyze && 'systemd-analyze is not installed' }, () => {
  // The unit names the production paths; only its syntax and directives are checked here.
  const unit = readFileSync(path.join(projectRoot, 'deploy', 'systemd', 'mocua.service'), 'utf8');
  const envFile = path.join(work, 'mocua.env');
  writeFileSync(envFile, '');
  const copy = path.join(work, 'mocua.service');
  writeFileSync(copy, unit.replace('/etc/mocua/mocua.env', envFile).replace('/usr/bin/node', process.execPath));
  const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.equal(verify.stderr.trim(), '', verify.stderr);
});
