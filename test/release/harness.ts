/**
 * The release as production runs it (issue 19, item 1): `npm run build`, then `node
 * dist/mocua.js start` from a folder that holds only what a release ships — dist/,
 * migrations/, data/, package.json and the production dependencies — started from another
 * working directory, with no tsx anywhere it could be loaded from and type stripping off, on
 * an empty PostgreSQL database it migrates itself.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  globSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmptyPostgresDb } from '../../src/platform/db/testing.ts';
import { projectRoot } from '../../src/platform/paths.ts';

const bundle = path.join(projectRoot, 'dist', 'mocua.js');

/** Newest modification time of what the bundle is built from. */
function sourcesTime(): number {
  const files = [
    ...globSync('src/**/*', { cwd: projectRoot }),
    'scripts/build.mjs',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
  ];
  return Math.max(...files.map((f) => statSync(path.join(projectRoot, f)).mtimeMs));
}

// Kept for the whole process on purpose (not in platform/process-state): it holds no database
// state, and a file after the first must not rebuild what the first built.
let built: string | undefined;

/** Runs `npm run build` when dist/ is missing or older than the sources; at most once per process. */
export function ensureBuilt(): void {
  if (built) return;
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sourcesTime()) {
    const run = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
  }
  built = releaseFolder();
}

/**
 * A release folder in a temporary directory: dist/ copied (not linked: the bundle finds the
 * project folder from its own real path), migrations/ and data/ linked, package.json, and a
 * node_modules/ holding only the `dependencies` of package.json. A devDependency (tsx, esbuild)
 * or a file under src/ that the bundle reached for would not be found.
 */
function releaseFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'mocua-release-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  cpSync(path.join(projectRoot, 'dist'), path.join(folder, 'dist'), { recursive: true });
  cpSync(path.join(projectRoot, 'package.json'), path.join(folder, 'package.json'));
  for (const shipped of ['migrations', 'data'])
    symlinkSync(path.join(projectRoot, shipped), path.join(folder, shipped));
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const link = path.join(folder, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(projectRoot, 'node_modules', name), link);
  }
  return folder;
}

/** The release folder of this process (ensureBuilt() first). */
export function release(): string {
  ensureBuilt();
  if (!built) throw new Error('no release folder');
  return built;
}

/**
 * node running the bundle and nothing else: type stripping off (a .ts file reached at run time
 * fails instead of running), no --import or --loader, and NODE_OPTIONS left out of the environment.
 */
function releaseCommand(...args: string[]): [string, string[]] {
  return [process.execPath, ['--no-experimental-strip-types', path.join(release(), 'dist', 'mocua.js'), ...args]];
}

/** The environment of a release process: only what the test gives, plus PATH and HOME. */
function releaseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env };
}

/** Runs one `mocua` command of the release to its end, from a working directory of its own. */
export function runRelease(args: string[], env: Record<string, string>, input?: string) {
  const [command, argv] = releaseCommand(...args);
  const cwd = mkdtempSync(path.join(tmpdir(), 'mocua-cwd-'));
  try {
    return spawnSync(command, argv, { cwd, env: releaseEnv(env), encoding: 'utf8', ...(input ? { input } : {}) });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export interface ReleaseDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A port nobody listens on now (the kernel's choice, released at once). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** An empty database on the test PostgreSQL: the release migrates it itself. */
export const emptyDatabase = (): Promise<ReleaseDatabase> => createEmptyPostgresDb('release');

export interface RunningRelease {
  url: string;
  child: ChildProcess;
  /** The environment it was started with (DATABASE_URL, DATA_DIR…), for CLI commands on the same data. */
  env: Record<string, string>;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** Its exit code and signal, once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL if it has not exited after 30 s; then its data folder is removed. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/mocua.js start` on `database` (a new empty one by default; the caller drops
 * a database it passed in) and resolves once /readyz answers 200. Production settings:
 * NODE_ENV=production, PUBLIC_URL, SIGNING_KEY_SECRET; the demo province is seeded
 * (SEED_DEMO=true, so each demo officer changes the published password at first sign-in).
 */
export async function startRelease(
  options: { env?: Record<string, string>; port: number; database: ReleaseDatabase },
  timeoutMs = 240_000,
): Promise<RunningRelease> {
  const { port, database } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mocua-release-data-'));
  const cwd = mkdtempSync(path.join(tmpdir(), 'mocua-cwd-'));
  const url = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    SIGNING_KEY_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The real clock: the counter stays open at any hour (issue 23's rule has its own tests).
    COUNTER_OUTSIDE_HOURS: 'allow',
    ...options.env,
  };
  const [command, argv] = releaseCommand('start');
  const child = spawn(command, [...argv], { cwd, env: releaseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const cleanUp = () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    cleanUp();
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      cleanUp();
      throw new Error(`the release exited while starting:\n${output}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { url, child, env, output: () => output, exited, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the release did not answer /readyz within ${timeoutMs} ms:\n${output}`);
}
