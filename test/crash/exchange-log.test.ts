/**
 * Crash: the gateway's process is killed (`kill -9`) while eight callers at a time get answers
 * from the population stand-in. Every answer a caller was handed — printed by the child the
 * moment `call` returned, or its transaction committed — has its record in the message log
 * after the crash (log-writer.ts: the record commits before the answer goes back, or with the
 * caller's transaction). Twice, killed at different points. Runs on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { test } from 'node:test';
import { inArray } from 'drizzle-orm';
import { exchangeMessages } from '../../src/modules/exchange/schema.ts';
import { createTestDb } from '../../src/platform/db/testing.ts';

/** Starts the child, collects its `answered` lines, kills it with SIGKILL after `killAfter` of them. */
function runAndKill(url: string, killAfter: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/crash/exchange-log-child.ts'], {
    env: { ...process.env, EXCHANGE_CRASH_DB: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const answered: string[] = [];
  let stderr = '';
  let rest = '';
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${killAfter} answers in time: ${stderr.slice(-2000)}`));
    }, 240_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.stdout?.on('data', (d: Buffer) => {
      const lines = (rest + d.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('answered ')) answered.push(line.slice(9));
      if (answered.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      // Lines already in the pipe when the kill landed count too: they were answered.
      for (const line of rest.split('\n')) if (line.startsWith('answered ')) answered.push(line.slice(9));
      if (signal !== 'SIGKILL') reject(new Error(`the child ended by itself (${code}): ${stderr.slice(-2000)}`));
      else resolve(answered);
    });
  });
}

test('a kill -9 between answers and their log records loses no record of an answer handed out', {
  timeout: 600_000,
}, async () => {
  const db = await createTestDb();
  try {
    assert.ok(db.url, 'this test runs on PostgreSQL (the crash phase)');
    for (const killAfter of [150, 420]) {
      const answered = await runAndKill(db.url, killAfter);
      assert.ok(answered.length >= killAfter);
      const found = new Set<string>();
      for (let i = 0; i < answered.length; i += 500) {
        const rows = await db.db
          .select({ id: exchangeMessages.id })
          .from(exchangeMessages)
          .where(inArray(exchangeMessages.id, answered.slice(i, i + 500)));
        for (const r of rows) found.add(r.id);
      }
      const missing = answered.filter((id) => !found.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered calls have no log record`);
      console.log(`exchange crash: killed after ${answered.length} answers, every one logged`);
    }
  } finally {
    await db.close();
  }
});
