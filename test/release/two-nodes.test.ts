/**
 * Two nodes behind nginx (issue 19.3): two built `node dist/mocua.js start` processes on one
 * fresh PostgreSQL database and one Redis, behind Debian's nginx running deploy/nginx/mocua.conf
 * (rendered with local ports and a test certificate) over HTTPS. Officers and a citizen file
 * and process dossiers through nginx with Idempotency-Keys, node A is killed with SIGKILL
 * mid-load, the load goes on through nginx, and then:
 * - every filing and action is in the database exactly once (clients retry after a connection
 *   error or a 502 with the same Idempotency-Key, as docs/integrators.md tells them to);
 * - the dossier codes are gap-free per receiving agency and day;
 * - every outbox message was delivered once to the stand-in SMS gateway, and each cron tick of
 *   the every-minute job ran on one node only;
 * - a staff session opened on node A works when only node B is left;
 * - the rate limit is one budget across both nodes (Redis), whatever X-Forwarded-For says;
 * - plain HTTP is redirected to HTTPS and `mocua verify-audit` passes.
 * Run alone: `TEST_DB=postgres npm test -- test/release/two-nodes.test.ts`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import pg from 'pg';
import { testEnv } from '../../src/platform/config.ts';

// ---- The release under test: built once, started as a child (fold into test/release/harness.ts).

/** Newest modification time (ms) of the files under `dir`. */
function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/mocua.js is missing or older than a file of src/. */
function ensureBuilt(): string {
  const bundle = path.resolve('dist/mocua.js');
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {}
  if (built < newestIn('src')) {
    const run = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `npm run build failed:\n${run.stdout}${run.stderr}`);
  }
  return bundle;
}

/** A TCP port nobody listens on now (the kernel's pick). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Node {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** `node dist/mocua.js start` (node itself is the child, so SIGKILL hits the server); resolves once /readyz answers. */
async function startNode(bundle: string, env: Record<string, string>): Promise<Node> {
  const port = Number(env.PORT);
  const child = spawn(process.execPath, [bundle, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  // The first start migrates and seeds the demo province: minutes on a loaded 2-core machine.
  for (const deadline = Date.now() + 480_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`node on ${port} exited:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) return { child, port, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`node on ${port} not ready:\n${output}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// ---- nginx with the committed site, on local ports.

/** Debian's nginx, installed by scripts/preflight.mjs (NGINX there). */
const NGINX = '/usr/sbin/nginx';

/** The committed site with its placeholders replaced; each one must be there, or the file drifted from this test. */
function renderSite(
  dir: string,
  ports: { http: number; https: number; nodes: [number, number] },
  tls: { cert: string; key: string },
) {
  let site = readFileSync('deploy/nginx/mocua.conf', 'utf8');
  const replace = (from: string | RegExp, to: string) => {
    const next = site.replaceAll(from, to);
    assert.notEqual(next, site, `deploy/nginx/mocua.conf no longer holds ${from}`);
    site = next;
  };
  replace('dichvucong.example.gov.vn', 'localhost');
  replace('/etc/ssl/mocua/fullchain.pem', tls.cert);
  replace('/etc/ssl/mocua/privkey.pem', tls.key);
  replace('server 10.0.0.11:3000 ', `server 127.0.0.1:${ports.nodes[0]} `);
  replace('server 10.0.0.12:3000 ', `server 127.0.0.1:${ports.nodes[1]} `);
  replace('listen 80;', `listen 127.0.0.1:${ports.http};`);
  replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`);
  replace(/^\s*listen \[::\]:.*$/gm, '');
  replace('/var/log/nginx/', `${dir}/logs/`);
  return site;
}

async function startNginx(dir: string, site: string, httpsPort: number, ca: string): Promise<ChildProcess> {
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  writeFileSync(path.join(dir, 'mocua.conf'), site);
  // The main context of a Debian nginx.conf, kept to what a non-daemon test instance needs.
  const main = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 512; }
http {
  default_type application/octet-stream;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  include ${dir}/mocua.conf;
}
`;
  writeFileSync(path.join(dir, 'nginx.conf'), main);
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], {
    encoding: 'utf8',
  });
  assert.equal(check.status, 0, `nginx -t refused the site:\n${check.stderr}`);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (d) => {
    errors += d;
  });
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${errors}`);
    const ok = await send(`https://localhost:${httpsPort}/healthz`, { ca }).catch(() => undefined);
    if (ok?.status === 200) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nginx did not answer:\n${errors}`);
}

// ---- A small HTTP(S) client: the test's CA, a chosen source address (127.0.0.0/8 is all loopback).

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agents = new Map<string, http.Agent>();
function agentFor(url: URL, ca: string | undefined): http.Agent {
  const key = `${url.protocol}${ca ? 'ca' : ''}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true, ca }) : new http.Agent({ keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

function send(
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string; from?: string; ca?: string },
): Promise<Answer> {
  const url = new URL(target);
  const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        agent: agentFor(url, init.ca),
        ...(init.from ? { localAddress: init.from } : {}),
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

/** A client of the site: its cookies, its CSRF token, its source address. */
class Session {
  cookies = new Map<string, string>();
  token = '';
  constructor(
    readonly base: string,
    readonly from: string,
    readonly ca: string | undefined,
  ) {}
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const all: Record<string, string> = { cookie: this.cookie, ...headers };
    if (method !== 'GET') all['x-csrf-token'] = this.token;
    let payload: Buffer | undefined;
    if (body instanceof FormData) {
      const request = new Request('http://form.invalid/', { method: 'POST', body });
      payload = Buffer.from(await request.arrayBuffer());
      all['content-type'] = request.headers.get('content-type') ?? '';
    } else if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      all['content-type'] = 'application/json';
    }
    const answer = await send(`${this.base}${path}`, {
      method,
      headers: all,
      ...(payload ? { body: payload } : {}),
      from: this.from,
      ...(this.ca ? { ca: this.ca } : {}),
    });
    for (const line of [answer.headers['set-cookie'] ?? []].flat()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return answer;
  }
  async refreshToken() {
    const res = await this.call('GET', '/api/v1/csrf-token');
    this.token = (JSON.parse(res.text) as { token: string }).token;
  }
  /** Signs a demo officer in, changing the published password at the first sign-in as the officer would. */
  async signIn(login: string, password: string): Promise<void> {
    await this.refreshToken();
    const res = await this.call('POST', '/api/v1/auth/sign-in', { login, password });
    assert.equal(res.status, 200, res.text);
    await this.refreshToken();
    if (!(JSON.parse(res.text) as { account: { mustChangePassword: boolean } }).account.mustChangePassword) return;
    const changed = await this.call('POST', '/api/v1/auth/password', {
      currentPassword: password,
      newPassword: `${password}-${login}`,
    });
    assert.equal(changed.status, 200, changed.text);
    await this.refreshToken();
  }
}

/**
 * Sends until an answer comes that is not a connection error nor a 502/503/504, always with the
 * same body and Idempotency-Key: what a well-behaved client does after a node dies under it.
 */
async function untilAnswered(attempt: () => Promise<Answer>): Promise<{ answer: Answer; retries: number }> {
  for (let retries = 0; retries < 40; retries++) {
    const answer = await attempt().catch(() => undefined);
    if (answer && ![502, 503, 504].includes(answer.status)) return { answer, retries };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no answer after 40 attempts');
}

// ---- The stand-in SMS gateway: every delivery, by the outbox's Idempotency-Key.

async function smsGateway() {
  const deliveries: Array<{ key: string; to: string; text: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; text: string };
      deliveries.push({ key: String(req.headers['idempotency-key']), to: body.to, text: body.text });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/sms`, deliveries, close: () => new Promise((r) => server.close(r)) };
}

async function freshDatabase() {
  const admin = testEnv().testDatabaseUrl;
  const name = `two_nodes_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

async function scannedPaper(): Promise<Blob> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return new Blob([new Uint8Array(await doc.save())], { type: 'application/pdf' });
}

const RATE_LIMIT = 300;
const COUNTER_FILINGS = 96;
const ONLINE_FILINGS = 16;
const WORKERS = 8;

test('two nodes behind nginx: a kill -9 mid-load loses and doubles nothing', { timeout: 1_200_000 }, async () => {
  const bundle = ensureBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-two-nodes-'));
  // nginx's workers run as nobody: they must reach the temporary folders.
  chmodSync(dir, 0o755);
  const db = await freshDatabase();
  const sms = await smsGateway();
  const children: ChildProcess[] = [];
  const [portA, portB, httpPort, httpsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const base = `https://localhost:${httpsPort}`;
  // This run's client addresses, 127.R.S.x: the rate limits in the shared Redis are counted per
  // client address, so another run on this machine never spends this one's budget.
  const net16 = `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  try {
    const tls = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
    const openssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2']
        .concat(['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'])
        .concat(['-keyout', tls.key, '-out', tls.cert]),
      { encoding: 'utf8' },
    );
    assert.equal(openssl.status, 0, openssl.stderr);
    const ca = readFileSync(tls.cert, 'utf8');

    const signingKeySecret = randomBytes(32).toString('hex');
    const env = (port: number) => ({
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      PUBLIC_URL: base,
      TRUST_PROXY: '1',
      // One DATA_DIR for both: the local blob store stands for the shared store (BLOB_URL s3://…).
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      SMS_GATEWAY_URL: sms.url,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      // The same on every node: it seals the signing keys the demo seed imports.
      SIGNING_KEY_SECRET: signingKeySecret,
      COUNTER_OUTSIDE_HOURS: 'allow',
    });
    // One after the other: the first migrates and seeds, the second finds it done.
    const nodeA = await startNode(bundle, env(portA));
    children.push(nodeA.child);
    const nodeB = await startNode(bundle, env(portB));
    children.push(nodeB.child);
    const nginx = await startNginx(
      path.join(dir, 'nginx'),
      renderSite(path.join(dir, 'nginx'), { http: httpPort, https: httpsPort, nodes: [portA, portB] }, tls),
      httpsPort,
      ca,
    );
    children.push(nginx);

    // Plain HTTP only redirects, to the same path on HTTPS.
    const plain = await send(`http://127.0.0.1:${httpPort}/tra-cuu?ma=1`, {});
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, 'https://localhost/tra-cuu?ma=1');
    // Behind the proxy the nodes know they are served over TLS: HSTS, Secure cookies.
    const home = await send(`${base}/api/v1/csrf-token`, { ca, from: `${net16}.1` });
    assert.equal(home.status, 200);
    assert.match(String(home.headers['strict-transport-security']), /max-age=/);
    assert.match(String(home.headers['set-cookie']), /; Secure/);

    // Rate limits are one budget in Redis: from one address, through nginx (which alternates
    // between the nodes), with a forged X-Forwarded-For on every request that must not count.
    const limited = new Session(base, `${net16}.2`, ca);
    let allowed = 0;
    let refused: Answer | undefined;
    for (let i = 0; i < 2 * RATE_LIMIT && !refused; i++) {
      const res = await limited.call('GET', '/api/v1/csrf-token', undefined, {
        'x-forwarded-for': `10.9.${i % 250}.7`,
      });
      if (res.status === 429) refused = res;
      else if (res.status === 200) allowed++;
    }
    assert.ok(refused, 'the limit was reached');
    assert.equal(allowed, RATE_LIMIT, 'both nodes counted into one budget per client address');
    assert.equal(JSON.parse(refused.text).error.code, 'RATE_LIMITED');
    const servedLimited = new Set(
      readFileSync(path.join(dir, 'nginx/logs/mocua.access.log'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`${net16}.2 `))
        .map((l) => /upstream=(\S+)/.exec(l)?.[1]),
    );
    assert.deepEqual(
      [...servedLimited].sort(),
      [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`].sort(),
      'both nodes served the limited client',
    );

    // Staff sessions opened on node A itself (not through nginx): the receiver, the specialist.
    const onA = `http://127.0.0.1:${portA}`;
    const receiver = new Session(onA, `${net16}.3`, undefined);
    await receiver.signIn('tiepnhan.minhxuan', 'MoCua@2026');
    // A citizen registers through nginx: the confirmation link comes by SMS, to PUBLIC_URL.
    const citizen = new Session(base, `${net16}.4`, ca);
    await citizen.refreshToken();
    const phone = '0987654321';
    const registered = await citizen.call('POST', '/api/v1/auth/citizens', {
      login: phone,
      password: 'Hai-nut-2026!',
      displayName: 'Vàng Thị Dợ',
    });
    assert.equal(registered.status, 202, registered.text);
    let link: string | undefined;
    for (let i = 0; i < 100 && !link; i++) {
      link = sms.deliveries.find((d) => d.to.endsWith('987654321'))?.text.match(/https:\/\/\S+/)?.[0];
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(link, 'the confirmation link came by SMS');
    assert.ok(link.startsWith(`${base}/dang-ky/xac-nhan?ma=`), `the link is on PUBLIC_URL: ${link}`);
    const confirmed = await citizen.call('POST', '/api/v1/auth/citizens/confirm', {
      token: new URL(link).searchParams.get('ma'),
    });
    assert.equal(confirmed.status, 201, confirmed.text);
    await citizen.refreshToken();

    const procedure = JSON.parse((await send(`${base}/api/v1/procedures/1.001193`, { ca })).text) as {
      agencies: Array<{ id: string; name: string }>;
      papers: Array<{ name: string; required: boolean; form: string }>;
      eform: Array<{ key: string; type: string; required: boolean; options?: string[] }>;
    };
    const agencyId = procedure.agencies.find((a) => /Minh Xuân/.test(a.name))?.id;
    assert.ok(agencyId);
    const formData: Record<string, string> = {};
    for (const f of procedure.eform.filter((f) => f.required))
      formData[f.key] = f.type === 'choice' ? (f.options?.[0] ?? '') : f.type === 'date' ? '2026-11-01' : 'Vàng A Sử';
    const filing = (papers?: Array<{ attachmentId: string; paperName: string }>) => ({
      procedure: '1.001193',
      agencyId,
      applicant: { type: 'citizen', fullName: 'Vàng Thị Dợ', phone },
      formData,
      ...(papers ? { papers } : {}),
    });
    // Through nginx from here on: the receiver's session (made on A) goes through the proxy.
    const desk = Object.assign(new Session(base, `${net16}.5`, ca), {
      cookies: receiver.cookies,
      token: receiver.token,
    });

    // ---- The load: counter filings then a step completed; online filings then received.
    type Task = { kind: 'counter' | 'online'; key: string; actionKey: string };
    const tasks: Task[] = [
      ...Array.from({ length: COUNTER_FILINGS }, () => ({ kind: 'counter' as const })),
      ...Array.from({ length: ONLINE_FILINGS }, () => ({ kind: 'online' as const })),
    ]
      .map((t) => ({ ...t, key: randomUUID(), actionKey: randomUUID() }))
      .sort(() => Math.random() - 0.5);
    const filed = new Map<string, string>(); // filing key → code from the first 201
    const acted = new Map<string, string>(); // action key → state from the first 200
    let retries = 0;
    let killedAfter = 0;
    const killAt = Math.floor(tasks.length * 0.4);
    const queue = [...tasks];
    const worker = async (n: number) => {
      const from = `${net16}.${10 + n}`;
      const staff = Object.assign(new Session(base, from, ca), { cookies: desk.cookies, token: desk.token });
      const applicant = Object.assign(new Session(base, from, ca), {
        cookies: citizen.cookies,
        token: citizen.token,
      });
      for (let task = queue.shift(); task; task = queue.shift()) {
        if (killedAfter === 0 && filed.size >= killAt) {
          killedAfter = filed.size;
          nodeA.child.kill('SIGKILL');
        }
        const { key, actionKey } = task;
        let body: unknown = filing();
        let by = staff;
        if (task.kind === 'online') {
          by = applicant;
          const papers = [];
          for (const paper of procedure.papers.filter((p) => p.required && p.form !== 'presented')) {
            const form = new FormData();
            form.set('kind', 'paper');
            form.set('paperName', paper.name);
            form.set('file', await scannedPaper(), 'giay-to.pdf');
            const staged = await untilAnswered(() => applicant.call('POST', '/api/v1/attachments', form));
            assert.equal(staged.answer.status, 201, staged.answer.text);
            papers.push({ attachmentId: (JSON.parse(staged.answer.text) as { id: string }).id, paperName: paper.name });
          }
          body = filing(papers);
        }
        const made = await untilAnswered(() => by.call('POST', '/api/v1/dossiers', body, { 'idempotency-key': key }));
        retries += made.retries;
        assert.equal(made.answer.status, 201, made.answer.text);
        const { code, state } = JSON.parse(made.answer.text) as { code: string; state: string };
        filed.set(key, code);
        const action =
          task.kind === 'online'
            ? { path: `/api/v1/dossiers/${code}/actions/receive`, body: {} }
            : { path: `/api/v1/dossiers/${code}/actions/complete_step`, body: { stepIndex: 0 } };
        assert.equal(state, task.kind === 'online' ? 'submitted' : 'received');
        const done = await untilAnswered(() =>
          staff.call('POST', action.path, action.body, { 'idempotency-key': actionKey }),
        );
        retries += done.retries;
        assert.equal(done.answer.status, 200, done.answer.text);
        acted.set(actionKey, (JSON.parse(done.answer.text) as { state: string }).state);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
    assert.ok(killedAfter > 0, 'node A was killed mid-load');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(nodeA.child.signalCode, 'SIGKILL');

    // The session opened on node A, now answered by node B alone.
    const me = await desk.call('GET', '/api/v1/auth/me');
    assert.equal(me.status, 200, me.text);
    assert.equal((JSON.parse(me.text) as { account: { login: string } }).account.login, 'tiepnhan.minhxuan');

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      // Every acknowledged filing exactly once, with the code its first answer gave.
      const filings = await c.query<{ key: string; rows: number; dossiers: number; code: string }>(
        `select a.transaction_id as key, count(*)::int as rows, count(distinct a.dossier_id)::int as dossiers,
                min(d.code) as code
           from dossier_actions a join dossiers d on d.id = a.dossier_id
          where a.transaction_id = any($1) group by a.transaction_id`,
        [tasks.map((t) => t.key)],
      );
      assert.equal(filings.rows.length, tasks.length, 'every filing is in the database');
      for (const row of filings.rows) {
        assert.equal(row.rows, 1, `filing ${row.key} was written ${row.rows} times`);
        assert.equal(row.code, filed.get(row.key), 'the code answered is the code stored');
      }
      const all = await c.query<{ code: string }>('select code from dossiers');
      assert.equal(all.rows.length, tasks.length, 'no dossier besides the filings');
      const actions = await c.query<{ key: string; rows: number }>(
        `select transaction_id as key, count(*)::int as rows from dossier_actions
          where transaction_id = any($1) group by transaction_id`,
        [tasks.map((t) => t.actionKey)],
      );
      assert.equal(actions.rows.length, tasks.length, 'every action is in the database');
      assert.ok(
        actions.rows.every((r) => r.rows === 1),
        'no action twice',
      );

      // Gap-free codes: per receiving agency and day, 1, 2, … n.
      const series = new Map<string, number[]>();
      for (const { code } of all.rows) {
        const m = /^(.+-\d{6})-(\d+)$/.exec(code);
        assert.ok(m?.[1] && m[2], `code ${code}`);
        series.set(m[1], [...(series.get(m[1]) ?? []), Number(m[2])]);
      }
      for (const [prefix, numbers] of series) {
        numbers.sort((a, b) => a - b);
        assert.deepEqual(
          numbers,
          numbers.map((_, i) => i + 1),
          `codes of ${prefix} have a gap`,
        );
      }

      // The outbox: rows the dead node had claimed wait for their lease (5 minutes); move it
      // to now instead of waiting, as the clock would, and let node B deliver everything.
      const leased = await c.query<{ id: string }>(
        `select id::text from outbox where status = 'pending' and next_attempt_at > now() + interval '1 minute'`,
      );
      const maybeTwice = new Set(leased.rows.map((r) => `outbox-${r.id}`));
      await c.query(`update outbox set next_attempt_at = now() where status = 'pending'`);
      // The channels this deployment has: SMS (the stand-in) and the in-process events (read
      // models, the citizen's papers). Messages for channels not configured here (e-mail, Zalo,
      // the national portal) wait in the outbox for them, as they should.
      const undelivered = () =>
        c.query<{ channel: string; status: string; n: number }>(
          `select channel, status, count(*)::int as n from outbox
            where channel in ('sms', 'event') and status <> 'sent' group by channel, status`,
        );
      let left = (await undelivered()).rows;
      for (let i = 0; i < 120 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        left = (await undelivered()).rows;
      }
      assert.deepEqual(left, [], 'every SMS and event was delivered');
      const smsRows = await c.query<{ id: string }>(`select id::text from outbox where channel = 'sms'`);
      assert.ok(smsRows.rows.length > tasks.length, 'the applicant got notices');
      const perKey = new Map<string, number>();
      for (const d of sms.deliveries) perKey.set(d.key, (perKey.get(d.key) ?? 0) + 1);
      for (const { id } of smsRows.rows) {
        const n = perKey.get(`outbox-${id}`) ?? 0;
        // A message the dead node had sent but not yet marked is sent again with the same
        // Idempotency-Key (the gateway keeps one): at least once by design, and only those.
        const most = maybeTwice.has(`outbox-${id}`) ? 2 : 1;
        assert.ok(n >= 1 && n <= most, `outbox-${id} was delivered ${n} times`);
      }
      assert.equal(perKey.size, smsRows.rows.length, 'nothing delivered that is not in the outbox');

      // The every-minute job (exchange-seal): both nodes' clocks ask for each tick, pg-boss keeps
      // one request per tick (`__pgboss__send-it`, a singleton per 60 s), and each kept request
      // made one job that ran on one node, never retried.
      // On a quiet machine the load above takes less than a minute: wait for a tick to be asked
      // for (the clock checks each minute), then for its job to finish, before counting.
      const tickQuery = `select count(*)::int as n from pgboss.job
          where name = '__pgboss__send-it' and data->>'name' = 'exchange-seal'`;
      const doneQuery = `select count(*)::int as n from pgboss.job where name = 'exchange-seal' and state <> 'completed'`;
      for (let waited = 0; waited < 150; waited++) {
        const asked = (await c.query<{ n: number }>(tickQuery)).rows[0]?.n ?? 0;
        const open = (await c.query<{ n: number }>(doneQuery)).rows[0]?.n ?? 0;
        if (
          asked > 0 &&
          open === 0 &&
          (await c.query(`select 1 from pgboss.job where name = 'exchange-seal'`)).rows.length > 0
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const ticks = await c.query<{ tick: string; asked: number }>(
        `select singleton_on::text as tick, count(*)::int as asked from pgboss.job
          where name = '__pgboss__send-it' and data->>'name' = 'exchange-seal' group by singleton_on`,
      );
      const jobs = await c.query<{ state: string; retries: number }>(
        `select state::text, retry_count as retries from pgboss.job where name = 'exchange-seal'`,
      );
      assert.ok(ticks.rows.length >= 1, 'the every-minute job was asked for');
      for (const t of ticks.rows) assert.equal(t.asked, 1, `tick ${t.tick} was asked for ${t.asked} times`);
      assert.equal(jobs.rows.length, ticks.rows.length, 'one job per tick');
      assert.ok(
        jobs.rows.every((j) => j.retries === 0),
        'no job ran twice',
      );
      console.log(
        `two nodes: ${tasks.length} filings and ${tasks.length} actions, node A killed after ${killedAfter}, ` +
          `${retries} client retries, ${sms.deliveries.length} SMS for ${smsRows.rows.length} outbox rows ` +
          `(${maybeTwice.size} leased by the dead node), ${ticks.rows.length} cron ticks (${jobs.rows.map((j) => j.state).join(', ')})`,
      );
    } finally {
      await c.end();
    }

    // The audit chains the two nodes wrote verify as one.
    await stopChild(nodeB.child);
    const verify = spawnSync(process.execPath, [bundle, 'verify-audit'], {
      env: { ...process.env, ...env(portB) },
      encoding: 'utf8',
    });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK: \d+ entries/m);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    for (const agent of agents.values()) agent.destroy();
    agents.clear();
    await sms.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nginx passes a GET to the other node after a failure, never a POST that reached one', {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-nginx-retry-'));
  chmodSync(dir, 0o755);
  // Node A answers until it is told to drop every request once read (a process that dies
  // mid-request); node B always answers. Each records the probes (x-probe) it received.
  const seenA: string[] = [];
  const seenB: string[] = [];
  let dropping = false;
  const nodeA = net.createServer((socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (dropping) {
        seenA.push(/x-probe: (\S+)/i.exec(head)?.[1] ?? '?');
        socket.destroy();
        return;
      }
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
    });
  });
  const nodeB = http.createServer((req, res) => {
    seenB.push(String(req.headers['x-probe']));
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => nodeA.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => nodeB.listen(0, '127.0.0.1', r));
  const ports = [(nodeA.address() as net.AddressInfo).port, (nodeB.address() as net.AddressInfo).port] as [
    number,
    number,
  ];
  let nginx: ChildProcess | undefined;
  try {
    const tls = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
    const openssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2']
        .concat(['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'])
        .concat(['-keyout', tls.key, '-out', tls.cert]),
      { encoding: 'utf8' },
    );
    assert.equal(openssl.status, 0, openssl.stderr);
    const ca = readFileSync(tls.cert, 'utf8');
    const httpsPort = await freePort();
    const nginxDir = path.join(dir, 'nginx');
    const site = renderSite(nginxDir, { http: await freePort(), https: httpsPort, nodes: ports }, tls);
    nginx = await startNginx(nginxDir, site, httpsPort, ca);
    dropping = true;
    const probe = (method: string, n: number) =>
      send(`https://localhost:${httpsPort}/api/v1/dossiers`, {
        method,
        ca,
        headers: { 'x-probe': `${method}-${n}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });

    // A GET that node A dropped is answered by node B.
    let get: Answer | undefined;
    for (let n = 0; n < 6 && seenA.length === 0; n++) get = await probe('GET', n);
    assert.equal(seenA.length, 1, 'a GET reached the dropping node');
    assert.equal(get?.status, 200);
    assert.ok(seenB.includes(seenA[0] ?? ''), 'and was passed to the other node');

    // A POST that node A dropped is NOT passed on: 502, and only the client may retry it.
    let post: Answer | undefined;
    for (let n = 0; n < 6 && seenA.length === 1; n++) post = await probe('POST', n);
    const dropped = seenA[1] ?? '';
    assert.ok(dropped?.startsWith('POST-'), 'a POST reached the dropping node');
    assert.equal(post?.status, 502);
    assert.ok(!seenB.includes(dropped), 'the POST that reached a node was not sent to another');
  } finally {
    if (nginx) await stopChild(nginx);
    nodeA.close();
    nodeB.close();
    for (const agent of agents.values()) agent.destroy();
    agents.clear();
    rmSync(dir, { recursive: true, force: true });
  }
});
