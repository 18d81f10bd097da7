/**
 * How `mocua backup` gets a consistent copy of the embedded database while the server runs.
 * PGlite is a library inside the server's process: no other process may open its data
 * directory meanwhile (two PostgreSQL instances on one directory corrupt it), and a file copy
 * would catch pages half-written. So the server listens on a Unix socket in DATA_DIR, mode
 * 0600, and hands out `dumpPglite`: only the operating-system user that owns DATA_DIR (who can
 * read the database files anyway) can ask, and nothing listens on the network.
 */
import { chmod, unlink } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { DatabaseSnapshot, PgliteDump } from '../platform/db/backup.ts';

export const backupSocketPath = (dataDir: string) => path.join(dataDir, 'backup.sock');

const SNAPSHOT_HEADER = 'x-mocua-snapshot';

/**
 * Asks the server listening on `socketPath` for a dump. Undefined when no server listens there
 * (no socket, or one left by a server that was killed): the database may be opened directly.
 */
export function requestPgliteDump(socketPath: string): Promise<PgliteDump | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: '/pglite-dump' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) {
          reject(new Error(`the running server could not dump its database: ${body.toString().slice(0, 500)}`));
          return;
        }
        const header = res.headers[SNAPSHOT_HEADER];
        const snapshot = JSON.parse(Buffer.from(String(header), 'base64url').toString()) as DatabaseSnapshot;
        resolve({ bytes: new Uint8Array(body), snapshot });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(err);
    });
  });
}

/** True when a server answers on `socketPath`. */
export function serverAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path: '/', method: 'HEAD' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

export class DataDirInUse extends Error {}

/**
 * Serves dumps on `socketPath` until closed. Throws `DataDirInUse` when another server already
 * answers there: PGlite serves one process, and a second one on the same DATA_DIR would corrupt it.
 */
export async function serveBackupSocket(
  socketPath: string,
  dump: () => Promise<PgliteDump>,
): Promise<{ close(): Promise<void> }> {
  if (await serverAnswers(socketPath)) throw new DataDirInUse(`another server uses ${path.dirname(socketPath)}`);
  await unlink(socketPath).catch(() => {}); // left by a server that was killed
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/pglite-dump') {
      res.writeHead(req.method === 'HEAD' ? 200 : 404).end();
      return;
    }
    dump().then(
      ({ bytes, snapshot }) => {
        res.writeHead(200, {
          'content-type': 'application/gzip',
          'content-length': bytes.byteLength,
          [SNAPSHOT_HEADER]: Buffer.from(JSON.stringify(snapshot)).toString('base64url'),
        });
        res.end(bytes);
      },
      (err: unknown) => {
        res.writeHead(500).end(String(err));
      },
    );
  });
  // Created 0600 by the umask of the bind, which `listen` does synchronously (then restored).
  const umask = process.umask(0o177);
  let bound: Promise<void>;
  try {
    bound = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  await bound;
  await chmod(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
