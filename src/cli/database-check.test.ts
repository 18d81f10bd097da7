import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/** A port on loopback where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('starting against an unreachable database prints one clear line and exits 69, not a stack trace', async () => {
  const port = await closedPort();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: `postgres://mocua:secret-password@127.0.0.1:${port}/mocua`,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mocua-unreachable-')),
      PORT: '0',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 69, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0] ?? '',
    new RegExp(
      `Không kết nối được cơ sở dữ liệu / cannot reach the database \\(127\\.0\\.0\\.1:${port}/mocua\\): .*ECONNREFUSED`,
    ),
  );
  assert.doesNotMatch(r.stderr, /secret-password/, 'the password is not printed');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
