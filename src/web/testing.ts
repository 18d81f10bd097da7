/**
 * The whole app on a fresh database seeded with the demo province, for page tests through
 * `app.inject`, and a tiny cookie jar: pages are tested as a browser uses them (GET the form,
 * POST it with its CSRF token and cookies, follow the redirect).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pdfBytes } from '../../test/fixtures/files.ts';
import { buildApp } from '../app.ts';
import { runSeeds } from '../cli/commands.ts';
import { getProcedure } from '../modules/catalog/index.ts';
import { fileDossier, stageAttachment } from '../modules/dossiers/index.ts';
import { createAccount } from '../platform/auth/index.ts';
import { loadConfig } from '../platform/config.ts';
import { createSeededTestDb, type TestDb } from '../platform/db/testing.ts';
import { apiClient } from '../platform/http/testing.ts';
import { localBlobStore } from '../platform/storage/index.ts';

export interface SeededApp {
  app: FastifyInstance;
  db: TestDb;
  close(): Promise<void>;
}

/** A database holding the demo province as `npm start` seeds it (every module's seed). */
export const demoProvinceDb = (): Promise<TestDb> => createSeededTestDb('demo-08', (db) => runSeeds(db, '08'));

export async function seededApp(
  env: Record<string, string> = {},
  logger: boolean | Record<string, unknown> = false,
): Promise<SeededApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-web-'));
  const db = await demoProvinceDb();
  const config = loadConfig({
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '100000',
    // The real clock: the counter stays open at any hour here (issue 23's rule has its own tests).
    COUNTER_OUTSIDE_HOURS: 'allow',
    PROVINCE_CODE: '08',
    ...env,
  });
  const app = await buildApp({ config, database: db, logger });
  await app.ready();
  apiClient(app);
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface UploadFile {
  field: string;
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** A browser-like client: keeps cookies, reads CSRF tokens from forms, posts urlencoded bodies. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(res);
    return res;
  }

  /** Posts a form; `csrfFrom` is a page whose form token is used (the last page got by default). */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    csrfFrom?: string,
  ): Promise<LightMyRequestResponse> {
    const token = csrfTokenOf(csrfFrom ?? this.lastHtml);
    const body = new URLSearchParams();
    body.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }

  /** Posts one file (or several) as multipart, with the CSRF token in the address as the pages do. */
  async upload(
    url: string,
    file: UploadFile | UploadFile[],
    fields: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const token = csrfTokenOf(this.lastHtml);
    const boundary = `----mocua${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    for (const f of Array.isArray(file) ? file : [file]) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
        Buffer.from(f.bytes),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const sep = url.includes('?') ? '&' : '?';
    const res = await this.app.inject({
      method: 'POST',
      url: `${url}${sep}_csrf=${encodeURIComponent(token)}`,
      headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    this.remember(res);
    return res;
  }

  /**
   * Registers a citizen through the pages as a person does: the form, then the confirmation
   * link. The embedded demo shows the message it queued (no e-mail or SMS), so the link is read
   * from the page. Returns the confirmation's answer (303 and a session when it worked).
   */
  async register(fields: {
    displayName: string;
    login: string;
    password: string;
    tiep?: string;
  }): Promise<LightMyRequestResponse> {
    await this.page('/dang-ky');
    const sent = await this.post('/dang-ky', fields);
    const href = /href="(https?:\/\/[^"]+\/dang-ky\/xac-nhan\?[^"]+)"/.exec(sent.body)?.[1];
    if (!href) return sent;
    const link = new URL(href.replaceAll('&amp;', '&'));
    const form = await this.page(link.pathname + link.search);
    const tiep = /name="tiep" value="([^"]*)"/.exec(form.body)?.[1];
    return this.post('/dang-ky/xac-nhan', { ma: link.searchParams.get('ma') ?? '', ...(tiep ? { tiep } : {}) });
  }

  lastHtml = '';
  /** GET and keep the page, for its CSRF token. */
  async page(url: string): Promise<LightMyRequestResponse> {
    const res = await this.get(url);
    this.lastHtml = res.body;
    return res;
  }
}

export function csrfTokenOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

/**
 * The birth registration e-form (1.001193) answered as its page posts it (issue 13.4): the
 * child born in `commune` of Tuyên Quang, the mother declared, the father left out.
 */
export const birthFormPost = (commune: string, extra: Record<string, string> = {}): Record<string, string> => ({
  relation: 'Mẹ',
  childFullName: 'Nguyễn Minh An',
  childBirthDate__ngay: '1',
  childBirthDate__thang: '11',
  childBirthDate__nam: '2026',
  sex: 'Nam',
  ethnicity: 'Kinh',
  nationality: 'Việt Nam',
  birthPlace__tinh: '08',
  birthPlace__xa: commune,
  birthPlace__ct: 'Tổ 5',
  nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
  motherFullName: 'Nguyễn Thị Hoa',
  motherBirthYear: '1996',
  motherEthnicity: 'Kinh',
  motherNationality: 'Việt Nam',
  motherResidence: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
  ...extra,
});

/**
 * A birth registration (1.001193) filed online at Minh Xuân, through the service, by a new
 * citizen account "Đinh Thu Hà" with the required papers: the dossier the workspace's page
 * tests act on. Returns its code.
 */
export async function birthFiledOnline(
  s: SeededApp,
  who: { login: string; personalId: string; phone: string; transactionId: string },
): Promise<string> {
  const { id } = await createAccount(s.db.db, {
    provinceCode: '08',
    kind: 'citizen',
    login: who.login,
    password: 'mat-khau-dai',
    displayName: 'Đinh Thu Hà',
  });
  const procedure = await getProcedure(s.db.db, '1.001193', { provinceCode: '08' });
  const agencyId = procedure.agencies.find((a) => a.name.includes('Minh Xuân'))?.id;
  const blobs = localBlobStore(s.app.deps.config.blobDir);
  const papers = [];
  for (const paper of procedure.papers.filter((p) => p.required && p.form !== 'presented')) {
    const staged = await stageAttachment(
      s.db.db,
      blobs,
      { kind: 'citizen', id },
      { kind: 'paper', paperName: paper.name, fileName: 'giay-to.pdf', bytes: await pdfBytes(paper.name) },
      { maxBytes: 1e6, provinceCode: '08' },
    );
    papers.push({ attachmentId: staged.id, paperName: paper.name });
  }
  const view = await fileDossier(
    s.db.db,
    { kind: 'citizen', id },
    {
      procedure: '1.001193',
      ...(agencyId ? { agencyId } : {}),
      applicant: { type: 'citizen', fullName: 'Đinh Thu Hà', personalId: who.personalId, phone: who.phone },
      formData: {
        childFullName: 'Đinh Gia Bảo',
        childBirthDate: '2026-11-02',
        sex: 'Nam',
        birthPlace: 'Tổ 1, Phường Minh Xuân, tỉnh Tuyên Quang',
        ethnicity: 'Kinh',
        relation: 'Mẹ',
        nationality: 'Việt Nam',
        nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
      },
      papers,
    },
    { transactionId: who.transactionId },
    { provinceCode: '08' },
  );
  return view.code;
}

/** A demo officer signed in to the workspace (the demo password). */
export async function workspaceStaff(app: FastifyInstance, login: string): Promise<Browser> {
  const b = new Browser(app);
  await b.page('/workspace/dang-nhap');
  const res = await b.post('/workspace/dang-nhap', { login, password: 'MoCua@2026' });
  assert.equal(res.headers.location, '/workspace');
  return b;
}
