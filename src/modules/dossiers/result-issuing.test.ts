/**
 * Issue 13.11: issuing a result is one step. The specialist drafts the result with its number
 * at their step; the leader approves and signs it in one action (their own key, then the
 * agency's seal: result-signing.test.ts); the receiving centre takes it back and returns it. "Có kết quả
 * giải quyết" is a state the dossier reaches, not a second action.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { pdfBytes } from '../../../test/fixtures/files.ts';
import { createDemoCertificate } from '../../platform/pdf/index.ts';
import { pdfSig } from '../../platform/pdf/testing.ts';
import { addAttachment, readAttachment } from './attachments.ts';
import { type FindingsKit, findingsKit, MAX, NOW, outcome } from './findings-kit.ts';
import { replayDossier } from './replay.ts';
import { dossiers } from './schema.ts';
import { importPkcs12Key } from './signing-keys.ts';

let kit: FindingsKit;
before(async () => {
  kit = await findingsKit();
});
after(() => kit.f.t.close());

test('the specialist drafts the result with its number; the leader approves and signs it in one action; the receiver returns it', async () => {
  const { code } = await kit.walk('atSpecialist');
  const specialist = await kit.who('minhxuan', 'specialist');
  const leader = await kit.who('minhxuan', 'leader');
  const receiver = await kit.who('minhxuanCentre', 'receiver');
  if (leader.kind !== 'staff') throw new Error('staff expected');
  const own = await createDemoCertificate({ commonName: 'Nguyễn Văn Cán Bộ', password: 'p' });
  await importPkcs12Key(kit.f.db, {
    owner: { agencyId: leader.agencyId, accountId: leader.id },
    pkcs12: own.pkcs12,
    password: 'p',
  });
  const draft = await addAttachment(
    kit.f.db,
    kit.f.blobs,
    specialist,
    code,
    {
      kind: 'result',
      fileName: 'du-thao-giay-khai-sinh.pdf',
      bytes: await pdfBytes('Du thao'),
      paperName: '125/2026/GKS',
    },
    { maxBytes: MAX, now: new Date(NOW) },
  );
  assert.equal(draft.paperName, '125/2026/GKS', 'the draft keeps the number the specialist entered');
  await kit.act(specialist, code, { type: 'complete_step', stepIndex: 1 });

  const approved = await kit.act(
    leader,
    code,
    { type: 'approve', result: { attachmentIds: [draft.id], electronic: true } },
    true,
  );
  assert.equal(approved.state, 'in_progress', 'with the receiving centre for the hand-back step');
  const { meta, bytes } = await readAttachment(kit.f.db, kit.f.blobs, leader, code, draft.id);
  assert.equal(meta.signed, true);
  assert.equal(meta.issued, true);
  const report = pdfSig(bytes);
  assert.match(report, /Signature #1:[\s\S]*Nguyễn Văn Cán Bộ[\s\S]*Signature #2:/u, 'the leader signs first');
  assert.match(report, /Signature #2:[\s\S]*Ủy ban nhân dân phường Minh Xuân/u, 'then the competent agency’s seal');
  assert.ok(!approved.allowedActions.includes('attach_result'));
  assert.equal(
    await outcome(
      kit.act(await kit.who('minhxuanCentre', 'clerk'), code, {
        type: 'attach_result',
        attachmentIds: [draft.id],
        electronic: true,
      }),
    ),
    'DOSSIER_ACTION_NOT_ALLOWED',
    'issued with the approval: no second "Có kết quả giải quyết" action',
  );

  const back = await kit.act(receiver, code, { type: 'complete_step', stepIndex: 3 });
  assert.equal(back.state, 'result_ready', 'the last step done, the dossier has its result');
  assert.ok(back.allowedActions.includes('deliver'));
  const delivered = await kit.act(receiver, code, { type: 'deliver', channel: 'electronic' });
  assert.equal(delivered.state, 'delivered');
  const [row] = await kit.f.db.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.code, code));
  const replay = await replayDossier(kit.f.db, row?.id ?? '', kit.f.at(NOW));
  assert.equal(replay.ok, true, `the action log folds to the record: ${JSON.stringify(replay)}`);
});

test('approving and issuing names at least one draft result', async () => {
  const { code } = await kit.walk('atLeader');
  const leader = await kit.who('minhxuan', 'leader');
  assert.equal(
    await outcome(kit.act(leader, code, { type: 'approve', result: { attachmentIds: [], electronic: true } })),
    'ATTACHMENTS_REQUIRED',
  );
});
