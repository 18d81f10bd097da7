/**
 * Test bench of the connector: the dossiers fixture (a small province), a procedure with its
 * national code, the national-portal stand-in (test/standins/national-portal) and the outbox
 * wired as src/jobs.ts wires it: `dossier.*` events → queue, channel `national` → the adapter.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { type NationalPortalStandIn, startNationalPortal } from '../../../test/standins/national-portal/server.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttpApp } from '../../platform/http/app.ts';
import { dispatchOutbox } from '../../platform/notify/index.ts';
import { EventBus } from '../../platform/notify/wiring.ts';
import { ownAuthenticationRoutes } from '../../site/routes.ts';
import type { ProcedureView } from '../catalog/index.ts';
import { procedures } from '../catalog/schema.ts';
import { type DossierFixture, dossierFixture } from '../dossiers/testing.ts';
import { AdapterClient } from './adapter-client.ts';
import type { NationalContext } from './context.ts';
import { nationalChannel } from './deliver-dossier-sync.ts';
import { followDossierEvents } from './jobs.ts';

const NATIONAL_CODE = '1.001193';
export const INBOUND_TOKEN = 'ma-xac-thuc-cong-dich-vu-cong-quoc-gia-2026';
const FILE_LINK_SECRET = 'khoa-ky-duong-dan-tep-cho-cong-quoc-gia-2026';

export interface NationalBench {
  f: DossierFixture;
  portal: NationalPortalStandIn;
  procedure: ProcedureView;
  ctx: NationalContext;
  /** The instant the bench's clock reads (services.now): the business day of the test. */
  clock: { now: Date };
  /** Moves the outbox's clock (real time: its rows are stamped by the database) ahead. */
  later(ms: number): void;
  /** Runs the outbox dispatcher until nothing is due (at most `rounds` passes). */
  dispatch(rounds?: number): Promise<{ sent: number; retried: number; dead: number }>;
  close(): Promise<void>;
}

export async function samplePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText(text, { x: 10, y: 100, size: 12 });
  return doc.save();
}

/**
 * `shared`: the fixture and procedure of another bench (the payments one), which closes them
 * itself; by default a fixture of its own with the khai sinh procedure.
 */
export async function nationalBench(
  startIso: string,
  shared?: { f: DossierFixture; procedure: ProcedureView },
): Promise<NationalBench> {
  const f = shared?.f ?? (await dossierFixture());
  const procedure = shared?.procedure ?? (await f.procedure());
  await f.db.update(procedures).set({ nationalCode: NATIONAL_CODE }).where(eq(procedures.id, procedure.id));
  const settings = { username: 'tuyenquang', password: 'mat-khau-ket-noi', agencyCode: 'H60', dstCode: 'H60-DST' };
  const portal = await startNationalPortal(settings);
  const clock = { now: new Date(startIso) };
  const adapter = new AdapterClient(f.db, {
    adapterUrl: portal.url,
    authPath: portal.authPath,
    integrationPath: portal.integrationPath,
    username: settings.username,
    password: settings.password,
    agencyCode: settings.agencyCode,
    dstCode: settings.dstCode,
    timeoutMs: 5000,
  });
  const ctx: NationalContext = {
    provinceCode: '08',
    blobs: f.blobs,
    publicUrl: 'https://dichvucong.example',
    uploadMaxBytes: 10 * 1024 * 1024,
    now: () => clock.now,
    adapter,
    pullService: portal.pullService,
    fileLinkSecret: FILE_LINK_SECRET,
  };
  let skew = 0;
  const bus = new EventBus();
  bus.subscribe('dossier.', followDossierEvents(f.db, ctx));
  const channels = { event: bus.channel, national: nationalChannel(f.db, adapter) };
  return {
    f,
    portal,
    procedure,
    ctx,
    clock,
    later: (ms) => {
      skew += ms;
    },
    async dispatch(rounds = 6) {
      const total = { sent: 0, retried: 0, dead: 0 };
      for (let i = 0; i < rounds; i++) {
        const counts = await dispatchOutbox(f.db, channels, {
          now: new Date(Date.now() + skew),
          backoffBaseMs: 60_000,
        });
        total.sent += counts.sent;
        total.retried += counts.retried;
        total.dead += counts.dead;
        if (counts.sent + counts.retried + counts.dead === 0) break;
      }
      return total;
    },
    async close() {
      await portal.close();
      if (!shared) await f.t.close();
    },
  };
}

/** An HTTP app on the bench's database with the given routes (the push endpoint, the pages). */
export async function nationalApp(
  b: NationalBench,
  ...register: Array<(app: FastifyInstance) => Promise<void>>
): Promise<FastifyInstance> {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mocua-national-')),
    PUBLIC_URL: b.ctx.publicUrl,
    RATE_LIMIT_PER_MINUTE: '100000',
    NATIONAL_INBOUND_TOKEN: INBOUND_TOKEN,
    NATIONAL_FILE_LINK_SECRET: FILE_LINK_SECRET,
  });
  const app = await createHttpApp({
    config,
    database: b.f.t,
    services: { blobs: b.f.blobs, publicUrl: b.ctx.publicUrl, now: () => b.clock.now },
    logger: false,
    ownAuthentication: ownAuthenticationRoutes,
  });
  for (const routes of register) await routes(app);
  await app.ready();
  return app;
}
