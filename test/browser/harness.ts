/**
 * Browser journeys: the real server (buildApp on a fresh database seeded with the demo
 * province, on 127.0.0.1 at a random port) driven by Debian's chromium through playwright-core.
 * Every checked page goes through axe-core (no serious or critical violation allowed), is
 * checked for horizontal scrolling at its width, and is saved as a screenshot under
 * test-results/ (not committed).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { TestDb } from '../../src/platform/db/testing.ts';
import { projectRoot } from '../../src/platform/paths.ts';
import { demoProvinceDb } from '../../src/web/testing.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DEMO_PASSWORD = 'MoCua@2026';
const RESULTS_DIR = path.join(projectRoot, 'test-results');

export interface Server {
  url: string;
  app: FastifyInstance;
  db: TestDb;
  dataDir: string;
  close(): Promise<void>;
}

/** The whole app as `mocua start` runs it, with the demo province, on loopback. */
export async function startServer(env: Record<string, string> = {}, port = 0): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-browser-'));
  const db = await demoProvinceDb();
  const config = loadConfig({
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '100000',
    // The real clock: the counter stays open at any hour here (issue 23's rule has its own tests).
    COUNTER_OUTSIDE_HOURS: 'allow',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await buildApp({ config, database: db, logger: false });
  const url = await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    db,
    dataDir,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The server and the browser of one test file. */
export interface Live {
  readonly server: Server;
  readonly browser: Browser;
}

/**
 * Starts the server and chromium before the file's tests and closes both after them (call it
 * at the top of the file). What it returns may be read only inside the tests.
 */
export function startedForFile(): Live {
  let server: Server | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in before(): read it inside a test');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('chromium starts in before(): read it inside a test');
      return browser;
    },
  };
}

/** A port free on loopback now: for a server whose own address must be configured before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Small phones first: the portal must work from 360 px wide. */
export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 780 }, locale: 'vi-VN' };
export const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };

const axeSource = readFileSync(path.join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string }>;
}

/**
 * Runs axe-core in the page. The CSP forbids injected inline scripts, so the library is
 * evaluated through the DevTools protocol (which the CSP does not govern), not a <script> tag.
 */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

/** A journey: one folder of numbered screenshots, and the page errors seen along the way. */
export class Journey {
  private step = 0;
  readonly dir: string;
  readonly problems: string[] = [];
  readonly visited: string[] = [];

  constructor(readonly name: string) {
    this.dir = path.join(RESULTS_DIR, name);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Watches a page for script errors, CSP violations and failed requests. */
  watch(page: Page): Page {
    page.on('pageerror', (err) => this.problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // Failed loads are judged by the response handler below: pages answer 4xx on purpose.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        this.problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && res.request().resourceType() !== 'document')
        this.problems.push(`${res.status()} for ${res.url()}`);
    });
    return page;
  }

  async newPage(context: BrowserContext): Promise<Page> {
    return this.watch(await context.newPage());
  }

  /** Pages of a context with JavaScript disabled are checked on a copy in a context with it (axe is a script). */
  private mirror: Page | undefined;

  private async axeTarget(page: Page): Promise<Page> {
    if (!this.noScript) return page;
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    this.mirror ??= await browser.newPage({ viewport: page.viewportSize() ?? { width: 360, height: 780 } });
    const origin = new URL(page.url()).origin;
    // Same origin, so the page's own stylesheet loads (colour contrast needs it); the DOM is the same.
    await this.mirror.goto(`${origin}/tra-cuu`);
    await this.mirror.setContent(await page.content(), { waitUntil: 'load' });
    return this.mirror;
  }

  /** Set when the journey's pages run with JavaScript disabled. */
  noScript = false;

  /**
   * Checks the page as it is now: axe-core (no serious or critical violation, no "region"), no horizontal
   * scrolling at the viewport's width, then a full-page screenshot named after the step.
   */
  async check(page: Page, label: string): Promise<void> {
    this.step += 1;
    const file = path.join(this.dir, `${String(this.step).padStart(2, '0')}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    this.visited.push(`${label}: ${new URL(page.url()).pathname}`);
    const target = await this.axeTarget(page);
    // Serious and critical ones, and "region" (content outside landmarks; issue 13's bar).
    const violations = (await axeViolations(target)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'region',
    );
    assert.deepEqual(violations, [], `axe on ${label} (${page.url()})`);
    const overflow = await target.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
  }

  async close(): Promise<void> {
    await this.mirror?.close();
  }

  /** No script error, CSP violation or failed resource on any page of the journey. */
  assertClean(): void {
    assert.deepEqual(this.problems, [], `${this.name}: problems seen in the browser`);
  }
}
