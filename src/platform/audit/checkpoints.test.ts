import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTsaStandIn, type TsaStandIn } from '../../../test/standins/tsa/server.ts';
import { createTestDb, type TestDb } from '../db/testing.ts';
import type { Signer } from '../pdf/index.ts';
import {
  CHECKPOINT_WARNINGS,
  type CheckpointProblem,
  exportCheckpoints,
  formatCheckpointFile,
  parseCheckpointFile,
  recordAudit,
  stampPendingCheckpoints,
  verifyAudit,
  verifyCheckpointsOffline,
  writeCheckpoint,
} from './index.ts';
import { deleteNewestEntry, provinceTestSigner, rewriteChain, truncateCheckpoints } from './testing.ts';

let t: TestDb;
let tsa: TsaStandIn;
let signer: Signer;
before(async () => {
  [t, tsa, signer] = await Promise.all([createTestDb(), startTsaStandIn(), provinceTestSigner()]);
});
after(async () => {
  await t.close();
  await tsa.close();
});

const entry = (stream: string, action: string, at: string) => ({
  provinceCode: '08',
  stream,
  action,
  actorId: 'staff-1',
  actorRole: 'receiver',
  at: new Date(at),
});
const breaks = (problems: CheckpointProblem[]) => problems.filter((p) => !CHECKPOINT_WARNINGS.has(p.problem));

test('a checkpoint is signed with the province key and time-stamped, and its export verifies outside the database', async () => {
  await recordAudit(t.db, entry('dossier:S1', 'receive', '2026-02-01T00:00:00Z'));
  const checkpoint = await writeCheckpoint(t.db, { at: new Date('2026-02-01T01:00:00Z'), signer });
  assert.ok(checkpoint?.signature, 'signed when written');
  assert.deepEqual(await stampPendingCheckpoints(t.db, tsa.url), { stamped: 1, pending: 0 });

  // Round trip through the JSON an inspector keeps.
  const exported = parseCheckpointFile(formatCheckpointFile(await exportCheckpoints(t.db)));
  const offline = verifyCheckpointsOffline(exported.checkpoints);
  assert.deepEqual(offline.problems, []);
  assert.equal(offline.stamped, 1);
  assert.match(offline.tsas[0] ?? '', /CN=Test TSA/);

  // An independent reader agrees: openssl checks the token over the signature, up to the TSA root.
  const [c] = exported.checkpoints;
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-ts-'));
  try {
    writeFileSync(path.join(dir, 'sig.der'), Buffer.from(c?.signature ?? '', 'base64'));
    writeFileSync(path.join(dir, 'token.der'), Buffer.from(c?.timestampToken ?? '', 'base64'));
    const out = execFileSync(
      'openssl',
      ['ts', '-verify', '-data', 'sig.der', '-in', 'token.der', '-token_in', '-CAfile', tsa.caFile],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.match(out, /Verification: OK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('while the TSA is down the checkpoint is still written and signed, and its stamp is queued until it is back', async () => {
  await recordAudit(t.db, entry('dossier:S2', 'receive', '2026-02-02T00:00:00Z'));
  tsa.down();
  try {
    const checkpoint = await writeCheckpoint(t.db, { at: new Date('2026-02-02T01:00:00Z'), signer });
    assert.ok(checkpoint?.signature);
    const failed = await stampPendingCheckpoints(t.db, tsa.url);
    assert.equal(failed.stamped, 0);
    assert.equal(failed.pending, 1);
    assert.match(failed.error ?? '', /503/);
    const pending = verifyCheckpointsOffline((await exportCheckpoints(t.db)).checkpoints);
    assert.deepEqual(pending.problems, [{ checkpointId: checkpoint?.id, problem: 'unstamped' }]);
  } finally {
    tsa.up();
  }
  assert.deepEqual(await stampPendingCheckpoints(t.db, tsa.url), { stamped: 1, pending: 0 });
  assert.deepEqual(verifyCheckpointsOffline((await exportCheckpoints(t.db)).checkpoints).problems, []);
});

test('an export altered after the fact is refused: changed heads, a dropped checkpoint, a swapped signature', async () => {
  const { checkpoints } = await exportCheckpoints(t.db);
  const [first, second] = checkpoints;
  assert.ok(first && second);
  const changedHead = {
    ...first,
    heads: first.heads.map(([s, q]) => [s, q, '0'.repeat(64)] as (typeof first.heads)[0]),
  };
  assert.deepEqual(
    verifyCheckpointsOffline([changedHead, second]).problems.map((p) => p.problem),
    ['digest_mismatch', 'bad_signature'],
  );
  assert.deepEqual(
    verifyCheckpointsOffline([second]).problems.map((p) => p.problem),
    ['chain_broken'],
  );
  const swapped = { ...second, signature: first.signature };
  assert.deepEqual(
    verifyCheckpointsOffline([first, swapped]).problems.map((p) => p.problem),
    ['bad_signature', 'bad_timestamp'],
  );
});

test('with the owner role, deleting the newest entries, recomputing a chain or truncating the checkpoints is detected by the export', async () => {
  await recordAudit(t.db, entry('dossier:A1', 'receive', '2026-03-01T00:00:00Z'));
  await recordAudit(t.db, entry('dossier:A1', 'approve', '2026-03-01T00:10:00Z'));
  await recordAudit(t.db, entry('dossier:A2', 'receive', '2026-03-01T00:00:00Z'));
  await recordAudit(t.db, entry('dossier:A2', 'approve', '2026-03-01T00:10:00Z'));
  await writeCheckpoint(t.db, { at: new Date('2026-03-01T01:00:00Z'), signer });
  await stampPendingCheckpoints(t.db, tsa.url);
  const exported = await exportCheckpoints(t.db);
  assert.deepEqual((await verifyAudit(t.db, { checkpoints: exported.checkpoints })).checkpoints.problems, []);

  await deleteNewestEntry(t.db, 'dossier:A1');
  await rewriteChain(t.db, 'dossier:A2', { fee: 0 });
  await truncateCheckpoints(t.db);
  // The attacker then seals the forged state, signed with the same key, as the job would.
  await writeCheckpoint(t.db, { at: new Date('2026-03-01T02:00:00Z'), signer });

  const inDatabase = await verifyAudit(t.db);
  assert.equal(inDatabase.firstBreak, null, 'the rewritten chains are consistent by themselves');
  const problems = breaks((await verifyAudit(t.db, { checkpoints: exported.checkpoints })).checkpoints.problems);
  const kinds = new Set(problems.map((p) => `${p.problem}${p.detail ? ` ${p.detail}` : ''}`));
  assert.ok(kinds.has('head_missing dossier:A1 #2'), [...kinds].join('\n'));
  assert.ok(kinds.has('head_rewritten dossier:A2 #2'), [...kinds].join('\n'));
  assert.ok(kinds.has('missing_in_database'), [...kinds].join('\n'));
});
