/**
 * Page budget of the citizens' portal (issue 4): each page ≤ 60 KB transferred (HTML + CSS +
 * JS, compressed; fonts: none, the pages use system fonts) and first paint under 2 s on an
 * emulated slow 3G link (400 ms latency, 400 kbit/s down and up).
 *
 * 1. Transferred bytes, measured at the HTTP level: each page and the stylesheet and script it
 *    references, fetched with `accept-encoding: br, gzip`, counting the bytes on the wire.
 * 2. First paint and transfer as chromium sees them: a fresh browser context per page (cold
 *    cache), CDP `Network.emulateNetworkConditions`, `performance` paint entries, and the sum
 *    of `encodedDataLength` of every response; then the same page again with a warm cache.
 *
 * Run: npm exec -- tsx bench/pages.ts
 */
import http from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { csrfFor } from '../test/abuse/client.ts';
import { launchChromium, type Server, startServer } from '../test/browser/harness.ts';

const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };
const BUDGET_BYTES = 60 * 1024;
const BUDGET_PAINT_MS = 2000;

interface Raw {
  status: number;
  headerBytes: number;
  bodyBytes: number;
  encoding: string;
  text: string;
}

/** One GET with the bytes as they travel (no decompression by the client). */
function rawGet(url: string, cookie = ''): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const headerBytes = res.rawHeaders.reduce((n, h) => n + Buffer.byteLength(h) + 2, 0) + 17;
        resolve({
          status: res.statusCode ?? 0,
          headerBytes,
          bodyBytes: body.length,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          text: '',
        });
      });
    });
    req.on('error', reject);
  });
}

async function textOf(url: string, cookie = ''): Promise<string> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return res.text();
}

const assetsOf = (html: string) => [
  ...[...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ...[...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] ?? ''),
];

async function signUp(base: string): Promise<string> {
  const anonymous = await csrfFor(base);
  const res = await fetch(`${base}/api/v1/auth/citizens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: anonymous.cookie, 'x-csrf-token': anonymous.token },
    body: JSON.stringify({ login: 'bench.pages@example.vn', password: 'mat-khau-bench', displayName: 'Nguyễn Văn Đo' }),
  });
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A dossier filed through the JSON API, for the tracking and "my dossier" pages. */
async function fileOne(base: string, cookie: string): Promise<{ code: string; key: string } | null> {
  const procedure = await (await fetch(`${base}/api/v1/procedures/1.001193`)).json();
  const agencyId = (procedure as { agencies: Array<{ id: string; name: string }> }).agencies.find((a) =>
    a.name.includes('Minh Xuân'),
  )?.id;
  const client = await csrfFor(base, cookie);
  const res = await fetch(`${base}/api/v1/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: client.cookie, 'x-csrf-token': client.token },
    body: JSON.stringify({
      procedure: '1.001193',
      agencyId,
      applicant: { type: 'citizen', fullName: 'Nguyễn Văn Đo', phone: '0912345678' },
      formData: {
        childFullName: 'Nguyễn Minh Khoa',
        childBirthDate: '2026-11-01',
        sex: 'Nam',
        birthPlace: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
        ethnicity: 'Kinh',
      },
    }),
  });
  if (res.status !== 201) return null;
  const view = (await res.json()) as { code: string; trackingKey?: string };
  return view.trackingKey ? { code: view.code, key: view.trackingKey } : null;
}

interface Row {
  page: string;
  html: number;
  css: number;
  js: number;
  total: number;
  chromiumCold: number;
  chromiumWarm: number;
  firstPaint: number;
  fcp: number;
}

async function measureInBrowser(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  const paints = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, Math.round(p.startTime)])),
  );
  const cold = bytes;
  bytes = 0;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(200);
  const warm = bytes;
  await page.close();
  return { cold, warm, firstPaint: paints['first-paint'] ?? -1, fcp: paints['first-contentful-paint'] ?? -1 };
}

const kb = (n: number) => (n / 1024).toFixed(1);

async function main() {
  const server: Server = await startServer();
  let browser: Browser | undefined;
  try {
    const base = server.url;
    const cookie = await signUp(base);
    const filed = await fileOne(base, cookie);
    const pages: Array<{ name: string; path: string; signedIn?: boolean }> = [
      { name: 'home', path: '/' },
      { name: 'search', path: '/thu-tuc?q=khai+sinh' },
      { name: 'field', path: '/thu-tuc?linh-vuc=ho-tich' },
      { name: 'procedure', path: '/thu-tuc/1.001193' },
      { name: 'agencies', path: '/co-quan' },
      { name: 'track form', path: '/tra-cuu' },
      { name: 'feedback form', path: '/phan-anh-kien-nghi/gui' },
      ...(filed ? [{ name: 'track result', path: `/tra-cuu/${filed.code}?key=${filed.key}` }] : []),
      { name: 'sign in', path: '/dang-nhap' },
      { name: 'register', path: '/dang-ky' },
      { name: 'filing: task list', path: '/nop-ho-so/1.001193', signedIn: true },
      { name: 'filing: where to file', path: '/nop-ho-so/1.001193/noi-nop', signedIn: true },
      { name: 'my dossiers', path: '/ho-so-cua-toi', signedIn: true },
      ...(filed
        ? [
            { name: 'my dossier', path: `/ho-so-cua-toi/${filed.code}`, signedIn: true },
            { name: 'confirmation', path: `/ho-so-cua-toi/${filed.code}/da-nop`, signedIn: true },
          ]
        : []),
    ];
    const rows: Row[] = [];
    browser = await launchChromium();
    for (const p of pages) {
      const c = p.signedIn ? cookie : '';
      const html = await rawGet(`${base}${p.path}`, c);
      const assets = assetsOf(await textOf(`${base}${p.path}`, c));
      let css = 0;
      let js = 0;
      for (const a of assets) {
        const r = await rawGet(`${base}${a}`);
        if (a.includes('.css')) css += r.headerBytes + r.bodyBytes;
        else js += r.headerBytes + r.bodyBytes;
      }
      const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
      if (p.signedIn) {
        const [name, value] = (cookie.split('; ').find((x) => x.startsWith('mocua_session=')) ?? '').split('=');
        if (name && value) await context.addCookies([{ name, value, url: base }]);
      }
      const seen = await measureInBrowser(context, `${base}${p.path}`);
      await context.close();
      const htmlBytes = html.headerBytes + html.bodyBytes;
      rows.push({
        page: `${p.name} (${html.status}, ${html.encoding})`,
        html: htmlBytes,
        css,
        js,
        total: htmlBytes + css + js,
        chromiumCold: seen.cold,
        chromiumWarm: seen.warm,
        firstPaint: seen.firstPaint,
        fcp: seen.fcp,
      });
    }
    console.log(
      `\nPortal pages: bytes on the wire (headers + compressed body), KB; slow 3G = ${SLOW_3G.latency} ms, ${(SLOW_3G.downloadThroughput * 8) / 1000} kbit/s\n`,
    );
    console.log(
      ['page', 'HTML', 'CSS', 'JS', 'total', 'chromium cold', 'chromium warm', 'first paint ms', 'FCP ms', 'budget']
        .map((h, i) => (i === 0 ? h.padEnd(40) : h.padStart(i >= 5 ? 14 : 7)))
        .join(' '),
    );
    for (const r of rows) {
      const ok = r.total <= BUDGET_BYTES && r.chromiumCold <= BUDGET_BYTES && r.fcp > 0 && r.fcp < BUDGET_PAINT_MS;
      console.log(
        [
          r.page.padEnd(40),
          kb(r.html).padStart(7),
          kb(r.css).padStart(7),
          kb(r.js).padStart(7),
          kb(r.total).padStart(7),
          kb(r.chromiumCold).padStart(14),
          kb(r.chromiumWarm).padStart(14),
          String(r.firstPaint).padStart(14),
          String(r.fcp).padStart(14),
          (ok ? 'ok' : 'OVER').padStart(14),
        ].join(' '),
      );
    }
    console.log(`\nbudget: ≤ ${kb(BUDGET_BYTES)} KB per page, first contentful paint < ${BUDGET_PAINT_MS} ms`);
  } finally {
    await browser?.close();
    await server.close();
  }
}

await main();
