import { readFile, writeFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { buildApp } from '../app.ts';
import { type Background, registerJobs } from '../jobs.ts';
import { catalogExportCommand, catalogImportCommand } from '../modules/catalog/index.ts';
import { grantProvinceAdmin, seedAdminUnits } from '../modules/directory/index.ts';
import { rebuildInsights, rebuildRollups } from '../modules/insights/index.ts';
import { nationalContext, nationalReconcileCommand } from '../modules/national/index.ts';
import { type DemoAccount, gateDemoAccounts, seeds } from '../modules/seeds.ts';
import {
  type CheckpointFile,
  exportCheckpoints,
  formatCheckpointFile,
  parseCheckpointFile,
  verifyAudit,
} from '../platform/audit/index.ts';
import {
  createAdmin,
  DEMO_WARNING,
  type DemoMode,
  demoMode,
  resetPassword,
  systemCaller,
} from '../platform/auth/index.ts';
import type { Config } from '../platform/config.ts';
import { dumpPglite, pgliteClientOf } from '../platform/db/backup.ts';
import { type DbHandle, openDatabase } from '../platform/db/index.ts';
import { platformMeta } from '../platform/db/schema.ts';
import { type Jobs, startJobs } from '../platform/jobs/index.ts';
import { formatVerificationReport, loadTrustAnchors, verifyPdf } from '../platform/pdf/index.ts';
import { startTracing } from '../platform/telemetry/index.ts';
import { buildServices } from '../services.ts';
import { printAuditReport } from './audit-report.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { backupSocketPath, DataDirInUse, serveBackupSocket } from './backup-socket.ts';
import { blobCommands } from './blobs.ts';
import { EXIT_DATABASE_UNREACHABLE, unreachableDatabase } from './database-check.ts';
import { generateDemo, generateDocumentsCommand } from './demo/generate.ts';
import { generateInsightsOnly } from './demo/insights-only.ts';
import { exportExchangeCommand, verifyExchangeCommand } from './exchange.ts';
import { readPassword } from './password-input.ts';
import { gracefulShutdown, httpDrain } from './shutdown.ts';
import { signingCommands } from './signing.ts';

export interface CommandContext {
  config: Config;
  positionals: string[];
  option(name: string): string | undefined;
  /** A flag given without a value (`verify-pdf --online`). */
  flag(name: string): boolean;
}

/** Returns the exit code, or -1 to keep the process running (the server). */
export type Command = (ctx: CommandContext) => Promise<number>;

async function openConfiguredDatabase(config: Config): Promise<DbHandle> {
  return openDatabase({
    url: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dir: config.dbDir,
    poolSize: config.databasePoolSize,
    migrationTimeouts: { lockMs: config.migrationLockTimeoutMs, statementMs: config.migrationStatementTimeoutMs },
  });
}

async function withDatabase(config: Config, fn: (db: DbHandle) => Promise<number>): Promise<number> {
  const db = await openConfiguredDatabase(config);
  try {
    await db.migrate();
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** True when the demo province has not been seeded yet (first start). */
async function isSeeded(db: DbHandle): Promise<boolean> {
  const [row] = await db.db.select().from(platformMeta).where(eq(platformMeta.key, 'demo_seeded_at'));
  return row !== undefined;
}

/**
 * Runs every seed. `mode` (demoMode of the configuration; tests use the embedded demo) decides
 * what the demo accounts may be: as seeded, must change at first sign-in, or without password.
 */
export async function runSeeds(
  db: DbHandle,
  provinceCode: string,
  mode: DemoMode = 'embedded',
): Promise<{ created: boolean; accounts: DemoAccount[] }> {
  const accounts: DemoAccount[] = [];
  let created = false;
  for (const seed of seeds) {
    if (seed.demoOnly && mode === 'none') continue;
    const result = await seed.run(db.db, { provinceCode });
    created ||= result.created;
    accounts.push(...(result.accounts ?? []));
  }
  if (mode !== 'embedded') await gateDemoAccounts(db.db, mode);
  await db.db
    .insert(platformMeta)
    .values({ key: 'demo_seeded_at', value: new Date().toISOString() })
    .onConflictDoNothing();
  return { created, accounts: mode === 'none' ? [] : accounts };
}

function printAccounts(accounts: DemoAccount[], mode: DemoMode) {
  if (accounts.length === 0) return;
  const must = mode === 'embedded' ? '' : ', phải đổi ở lần đăng nhập đầu / must be changed at first sign-in';
  console.log(`\nTài khoản demo (mật khẩu chung: MoCua@2026${must}) / demo accounts:`);
  for (const a of accounts) console.log(`  ${a.login.padEnd(24)} ${a.role.padEnd(18)} ${a.agency}`);
  console.log('');
}

const start: Command = async ({ config }) => {
  // Before the database opens: its statements are traced from the first (nothing loaded when unset).
  await startTracing({ endpoint: config.otelEndpoint, serviceName: config.otelServiceName });
  // The embedded database can be copied only by this process: `mocua backup` asks it on this
  // socket, which also tells a second server on the same DATA_DIR to stay out (before it opens it).
  let backupSocket: { close(): Promise<void> } | undefined;
  let pglite: PGlite | undefined;
  if (!config.databaseUrl) {
    try {
      backupSocket = await serveBackupSocket(backupSocketPath(config.dataDir), async () => {
        if (!pglite) throw new Error('the database is not open yet');
        return dumpPglite(pglite);
      });
    } catch (err) {
      if (err instanceof DataDirInUse) {
        console.error(
          `Một máy chủ khác đang dùng / another server is using ${config.dataDir}: PGlite serves one process.`,
        );
        return 75; // EX_TEMPFAIL
      }
      // A socket path too long for the system (about 107 bytes): serve, without online backups.
      console.error(`CẢNH BÁO / WARNING: no online backup socket (${String(err)}); back up with the server stopped.`);
    }
  }
  const database = await openConfiguredDatabase(config);
  pglite = pgliteClientOf(database);
  const unreachable = await unreachableDatabase(database, config);
  if (unreachable) {
    console.error(unreachable);
    await database.close().catch(() => {});
    return EXIT_DATABASE_UNREACHABLE;
  }
  await database.migrate();
  // Reference data every deployment needs, demo or not: the 34 provinces and 3,321 communes.
  await seedAdminUnits(database.db);
  const mode = demoMode(config);
  if (mode === 'explicit') console.error(DEMO_WARNING);
  if (mode !== 'none' && !(await isSeeded(database))) {
    const { accounts } = await runSeeds(database, config.provinceCode, mode);
    printAccounts(accounts, mode);
  } else if (mode !== 'embedded' && (await isSeeded(database))) {
    // Demo data seeded earlier (another setting, an older version): its published password
    // must not stay usable on a reachable deployment.
    const gated = await gateDemoAccounts(database.db, mode);
    if (gated.length > 0)
      console.error(
        `Đã khoá mật khẩu demo của ${gated.length} tài khoản / demo passwords disabled: ${gated.join(', ')}`,
      );
  }
  const services = buildServices(config);
  const app = await buildApp({ config, database, services });
  let jobs: Jobs | undefined;
  let background: Background | undefined;
  const drainHttp = httpDrain(app);
  let stopping = false;
  const shutdown = gracefulShutdown({
    graceMs: config.shutdownGraceSeconds * 1000,
    log: app.log,
    exit: (code) => process.exit(code),
    steps: () => {
      stopping = true;
      return {
        http: drainHttp,
        ...(jobs ? { jobs: jobs.stop } : {}),
        ...(background ? { background: background.stop } : {}),
        // The backup socket first: no online backup starts while the database closes.
        database: async () => {
          await backupSocket?.close();
          await database.close();
        },
      };
    },
  });
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  const address = await app.listen({ port: config.port, host: config.host });
  // Jobs start after the server answers: their schema set-up must not delay the first page.
  try {
    jobs = await startJobs(database, (err) => app.log.error({ err }, 'job runner error'));
    background = await registerJobs(jobs, database, config, services, app.log);
  } catch (err) {
    // A signal during start-up stopped the job runner under the registration: the shutdown owns the exit.
    if (stopping) return -1;
    throw err;
  }
  console.log(`Mở Cửa đang chạy tại ${services.publicUrl} (${address}, ${database.kind})`);
  return -1;
};

/** Exit 0 when every signature is valid, 1 when one is invalid, 3 when one cannot be decided (untrusted root, no revocation answer). */
const verifyPdfCommand: Command = async ({ config, positionals, flag }) => {
  const file = positionals[0];
  if (!file) {
    console.error('Cách dùng: mocua verify-pdf FILE [--online]');
    return 2;
  }
  const reports = await verifyPdf(new Uint8Array(await readFile(file)), {
    trustAnchors: loadTrustAnchors(config.signingTrustDir),
    online: flag('online'),
  });
  console.log(formatVerificationReport(reports));
  if (reports.length === 0 || reports.some((r) => r.verdict === 'invalid')) return 1;
  return reports.every((r) => r.verdict === 'valid') ? 0 : 3;
};

const PASSWORD_ON_ARGV =
  'Không nhận mật khẩu trên dòng lệnh (lộ trong lịch sử và danh sách tiến trình); nhập qua stdin. / ' +
  'Passwords are not taken on the command line; give it on stdin.';

const createAdminCommand: Command = ({ config, option }) =>
  withDatabase(config, async (db) => {
    const login = option('login');
    if (option('password') !== undefined) {
      console.error(PASSWORD_ON_ARGV);
      return 2;
    }
    if (!login) {
      console.error('Cách dùng: mocua users create-admin --login L [--name N]  (mật khẩu qua stdin)');
      return 2;
    }
    const password = await readPassword('Mật khẩu / password: ');
    if (!password) {
      console.error('Chưa nhập mật khẩu / no password on stdin.');
      return 2;
    }
    const { id } = await createAdmin(db.db, {
      provinceCode: config.provinceCode,
      login,
      password,
      displayName: option('name') ?? 'Quản trị hệ thống',
    });
    await grantProvinceAdmin(db.db, {
      provinceCode: config.provinceCode,
      accountId: id,
      fullName: option('name') ?? 'Quản trị hệ thống',
    });
    console.log(`Đã tạo tài khoản quản trị ${login} (${id}).`);
    return 0;
  });

const resetPasswordCommand: Command = ({ config, option }) =>
  withDatabase(config, async (db) => {
    const login = option('login');
    if (option('password') !== undefined) {
      console.error(PASSWORD_ON_ARGV);
      return 2;
    }
    if (!login) {
      console.error('Cách dùng: mocua users reset-password --login L  (mật khẩu mới qua stdin)');
      return 2;
    }
    const password = await readPassword('Mật khẩu mới / new password: ');
    if (!password) {
      console.error('Chưa nhập mật khẩu / no password on stdin.');
      return 2;
    }
    await resetPassword(db.db, login, password, systemCaller('cli'));
    console.log(
      `Đã đặt lại mật khẩu cho ${login}; các phiên đăng nhập cũ đã bị huỷ. Người dùng phải đổi mật khẩu ở lần đăng nhập tới.`,
    );
    return 0;
  });

/**
 * Recomputes every chain and checks every checkpoint; with `--checkpoints FILE`, checks an
 * export kept outside the database instead (signatures and time-stamps offline, then that each
 * sealed head is still in the database unchanged).
 */
const verifyAuditCommand: Command = async ({ config, option }) => {
  const file = option('checkpoints');
  let exported: CheckpointFile | undefined;
  if (file) {
    try {
      exported = parseCheckpointFile(await readFile(file, 'utf8'));
    } catch (err) {
      console.error(`Không đọc được tệp điểm niêm phong / unreadable checkpoint file ${file}: ${String(err)}`);
      return 2;
    }
  }
  return withDatabase(config, async (db) => {
    const report = await verifyAudit(db.db, exported ? { checkpoints: exported.checkpoints } : {});
    return printAuditReport(report, file) ? 1 : 0;
  });
};

/** Writes every checkpoint, its signature, time-stamp token and certificates to FILE (JSON). */
const exportCheckpointsCommand: Command = ({ config, positionals }) =>
  withDatabase(config, async (db) => {
    const file = positionals[0];
    if (!file) {
      console.error('Cách dùng: mocua audit export-checkpoints FILE');
      return 2;
    }
    const exported = await exportCheckpoints(db.db);
    await writeFile(file, formatCheckpointFile(exported));
    console.log(`Đã xuất ${exported.checkpoints.length} điểm niêm phong / checkpoints exported to ${file}.`);
    return 0;
  });

export const commands: Record<string, Command> = {
  start,
  'catalog import': ({ config, positionals }) =>
    withDatabase(config, (db) => catalogImportCommand(db, [...positionals, '--province', config.provinceCode])),
  'catalog export': ({ config, positionals }) =>
    withDatabase(config, (db) => catalogExportCommand(db, [...positionals, '--province', config.provinceCode])),
  'users create-admin': createAdminCommand,
  'users reset-password': resetPasswordCommand,
  'verify-pdf': verifyPdfCommand,
  'verify-exchange': verifyExchangeCommand,
  'exchange export': (ctx) => withDatabase(ctx.config, (db) => exportExchangeCommand(db, ctx.positionals[0], ctx)),
  migrate: ({ config }) =>
    withDatabase(config, async () => {
      console.log('Đã áp dụng migration / migrations applied.');
      return 0;
    }),
  seed: ({ config }) =>
    withDatabase(config, async (db) => {
      const mode = demoMode(config);
      if (mode === 'explicit') console.error(DEMO_WARNING);
      const { created, accounts } = await runSeeds(db, config.provinceCode, mode);
      console.log(created ? 'Đã nạp dữ liệu mẫu / demo data seeded.' : 'Dữ liệu mẫu đã có sẵn / already seeded.');
      printAccounts(accounts, mode);
      return 0;
    }),
  'demo generate': ({ config, option, flag, positionals }) =>
    withDatabase(config, async (db) => {
      const n = Number(option('dossiers') ?? '100000');
      if (!Number.isInteger(n) || n < 0) {
        console.error('--dossiers phải là số nguyên không âm / must be a non-negative integer');
        return 2;
      }
      await seedAdminUnits(db.db);
      if (!(await isSeeded(db))) await runSeeds(db, config.provinceCode, demoMode(config));
      if (positionals[0] === 'documents') return generateDocumentsCommand(db, config, option);
      if (flag('insights-only')) return generateInsightsOnly(db, config.provinceCode, n);
      const report = await generateDemo(db, config, buildServices(config), {
        dossiers: n,
        progress: (phase, s) => console.log(`  ${phase.padEnd(16)} ${s.toFixed(1)} s`),
      });
      const mb = (b: number) => `${(b / 1_048_576).toFixed(0)} MB`;
      console.log(
        `Đã tạo ${report.dossiers} hồ sơ từ ${report.templates} hồ sơ mẫu trong ${report.seconds.toFixed(1)} s; ` +
          `cơ sở dữ liệu ${mb(report.databaseBytes)} / generated ${report.dossiers} dossiers in ${report.seconds.toFixed(1)} s`,
      );
      for (const t of report.tables) console.log(`  ${t.table.padEnd(24)} ${mb(t.bytes)}`);
      return 0;
    }),
  'verify-audit': verifyAuditCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'audit export-checkpoints': exportCheckpointsCommand,
  'insights rebuild': ({ config, flag }) =>
    withDatabase(config, async (db) => {
      const started = performance.now();
      if (flag('rollups')) {
        // The rollups alone, from the read models as they are (e.g. after `demo generate --insights-only`).
        const read = await db.db.transaction((tx) => rebuildRollups(tx, config.provinceCode));
        const s = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`Đã dựng lại số liệu tổng hợp từ ${read} hồ sơ trong ${s} s / rollups rebuilt.`);
        return 0;
      }
      const counts = await rebuildInsights(db.db, config.provinceCode);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `Đã dựng lại dữ liệu tổng hợp: ${counts.dossiers} hồ sơ, ${counts.feedback} phản ánh kiến nghị, ` +
          `${counts.ratings} đánh giá trong ${seconds.toFixed(1)} s / insights rebuilt.`,
      );
      return 0;
    }),
  'national reconcile': ({ config, option, flag }) =>
    withDatabase(config, (db) =>
      nationalReconcileCommand(db.db, nationalContext(db.db, config, buildServices(config)), option('date') ?? '', {
        resend: flag('resend'),
      }),
    ),
  ...signingCommands(withDatabase),
  ...blobCommands,
};
