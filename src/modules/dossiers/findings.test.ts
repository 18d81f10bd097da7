/**
 * Issue 11's lower findings about dossiers (references, required papers and their reuse,
 * staged uploads, search audit), each as the request that reproduced it, through the service.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { auditTrail, verifyAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DomainError } from '../../platform/errors.ts';
import { stageAttachment } from './attachments.ts';
import { type FindingsKit, findingsKit, idOf, MAX, NOW, outcome } from './findings-kit.ts';
import { getDossier } from './queries.ts';
import { searchDossiers } from './search.ts';
import { removeStaleStagedFiles } from './staging.ts';
import { applicant, file, stageRequiredPapers } from './testing.ts';

let k: FindingsKit;
before(async () => {
  k = await findingsKit();
});
after(() => k.f.t.close());

test('finding lower (references): transfer to an unknown agency, assign_step to nobody or a stranger are refused', async () => {
  const { code } = await k.walk('atSpecialist');
  const specialist = await k.who('minhxuan', 'specialist');
  const transfer = (toAgencyId: string) =>
    outcome(k.act(specialist, code, { type: 'transfer', toAgencyId, reason: 'Xác minh' }));
  assert.equal(await transfer('7d1f6f0e-0000-4000-8000-000000000000'), 'TRANSFER_AGENCY_UNKNOWN');
  assert.equal(await transfer('not-an-agency'), 'TRANSFER_AGENCY_UNKNOWN');
  assert.equal(await transfer(k.f.agency.minhxuan), 'TRANSFER_AGENCY_UNKNOWN', 'not to itself');
  const assign = (assigneeId: string) =>
    outcome(k.act(specialist, code, { type: 'assign_step', stepIndex: 1, assigneeId }));
  assert.equal(await assign(''), 'ASSIGNEE_REQUIRED');
  assert.equal(await assign('tai-khoan-la'), 'ASSIGNEE_NOT_ELIGIBLE');
  assert.equal(await assign(idOf(await k.who('tuphap', 'specialist'))), 'ASSIGNEE_NOT_ELIGIBLE', 'another agency');
  assert.equal(await assign(idOf(await k.who('minhxuan', 'clerk'))), 'ASSIGNEE_NOT_ELIGIBLE', 'not the step’s role');
  assert.equal(await assign(idOf(specialist)), 'ok');
  const refused = await k
    .act(specialist, code, { type: 'transfer', toAgencyId: 'x', reason: 'Xác minh' })
    .catch((e: DomainError) => e);
  assert.ok(refused instanceof DomainError);
  assert.equal(refused.status, 422);
  assert.equal(await transfer(k.f.agency.tuphap), 'ok');
});

test('finding lower (papers): filing online refuses a dossier without the k.procedure’s required papers', async () => {
  const citizen = k.f.citizen();
  assert.equal(await outcome(file(k.f, citizen, k.procedure, NOW, { papers: [] })), 'DOSSIER_PAPERS_MISSING');
  const [one] = await stageRequiredPapers(k.f, citizen, k.procedure);
  assert.ok(one);
  assert.equal(await outcome(file(k.f, citizen, k.procedure, NOW, { papers: [one] })), 'DOSSIER_PAPERS_MISSING');
  // A draft may lack them; submitting it may not.
  const draft = await file(k.f, citizen, k.procedure, NOW, { papers: [], submit: false });
  assert.equal(await outcome(k.act(citizen, draft.id, { type: 'submit' })), 'DOSSIER_PAPERS_MISSING');
  // At the counter the receiver checks the originals in hand.
  assert.equal(await outcome(file(k.f, await k.who('minhxuanCentre', 'receiver'), k.procedure, NOW)), 'ok');
  assert.equal(await outcome(file(k.f, citizen, k.procedure, NOW)), 'ok');
});

test('finding lower (papers): a reusable paper may be the applicant’s own file from an earlier dossier', async () => {
  const citizen = k.f.citizen();
  const earlier = await file(k.f, citizen, k.procedure, NOW);
  const paperOf = (name: string) => earlier.attachments.find((a) => a.paperName === name)?.id ?? '';
  const [declaration] = (await stageRequiredPapers(k.f, citizen, k.procedure)).filter(
    (p) => p.paperName !== 'Giấy chứng sinh',
  );
  assert.ok(declaration);
  // Giấy chứng sinh is reusable in the k.procedure; the declaration (Tờ khai) is not.
  const birth = { attachmentId: paperOf('Giấy chứng sinh'), paperName: 'Giấy chứng sinh' };
  const reused = await file(k.f, citizen, k.procedure, NOW, { papers: [declaration, birth] });
  const copy = reused.attachments.find((a) => a.paperName === 'Giấy chứng sinh');
  assert.ok(copy && copy.id !== birth.attachmentId, 'a copy, the earlier dossier keeps its file');
  assert.equal(copy.sha256, earlier.attachments.find((a) => a.id === birth.attachmentId)?.sha256);
  assert.equal((await getDossier(k.f.db, citizen, earlier.code)).attachments.length, 2);
  const notReusable = { attachmentId: paperOf('Tờ khai đăng ký khai sinh'), paperName: 'Tờ khai đăng ký khai sinh' };
  const [birthAgain] = (await stageRequiredPapers(k.f, citizen, k.procedure)).filter(
    (p) => p.paperName === 'Giấy chứng sinh',
  );
  assert.ok(birthAgain);
  assert.equal(
    await outcome(file(k.f, citizen, k.procedure, NOW, { papers: [notReusable, birthAgain] })),
    'ATTACHMENTS_NOT_USABLE',
  );
  const stranger = k.f.citizen();
  const [theirDeclaration] = (await stageRequiredPapers(k.f, stranger, k.procedure)).filter(
    (p) => p.paperName !== 'Giấy chứng sinh',
  );
  assert.ok(theirDeclaration);
  assert.equal(
    await outcome(file(k.f, stranger, k.procedure, NOW, { papers: [theirDeclaration, birth] })),
    'ATTACHMENTS_NOT_USABLE',
    'someone else’s paper is never reused',
  );
});

test('finding lower (staging): staged uploads have a per-account quota and are removed after a day', async () => {
  const citizen = k.f.citizen();
  const stage = (caller: Caller, text: string) =>
    stageAttachment(
      k.f.db,
      k.f.blobs,
      caller,
      { kind: 'paper', fileName: 'scan.pdf', bytes: new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`) },
      { maxBytes: MAX, provinceCode: '08', quota: { files: 2 } },
    );
  await stage(citizen, 'a');
  await stage(citizen, 'b');
  const over = await stage(citizen, 'c').catch((e: DomainError) => e);
  assert.ok(over instanceof DomainError);
  assert.equal(over.code, 'STAGED_UPLOADS_QUOTA_EXCEEDED');
  assert.equal(over.status, 429);
  assert.equal(await outcome(stage(k.f.citizen(), 'd')), 'ok', 'another account has its own quota');
  const claimed = await file(k.f, citizen, k.procedure, NOW);
  assert.equal(await removeStaleStagedFiles(k.f.db, new Date(Date.now() + 23 * 3_600_000)), 0, 'kept for a day');
  assert.ok((await removeStaleStagedFiles(k.f.db, new Date(Date.now() + 25 * 3_600_000))) >= 3);
  assert.equal(await outcome(stage(citizen, 'e')), 'ok', 'the quota is free again');
  const after = await getDossier(k.f.db, citizen, claimed.code);
  assert.equal(after.attachments.filter((a) => a.kind === 'paper').length, 2, 'a claimed file is never removed');
});

test('finding lower (search audit): a staff search by id number is one audit entry saying who searched for what', async () => {
  const citizen = k.f.citizen();
  const { code } = await file(k.f, citizen, k.procedure, NOW);
  const receiver = await k.who('minhxuanCentre', 'receiver');
  const stream = `dossier-search:${k.f.agency.minhxuanCentre}`;
  const before = (await auditTrail(k.f.db, stream)).length;
  const found = await searchDossiers(k.f.db, receiver, { q: applicant.personalId, limit: 200 });
  assert.ok(found.items.some((d) => d.code === code));
  const entries = (await auditTrail(k.f.db, stream)).slice(before);
  assert.equal(entries.length, 1);
  const [entry] = entries;
  assert.equal(entry?.action, 'search_personal_data');
  assert.equal(entry?.actorId, idOf(receiver));
  const data = entry?.data as { queryKind: string; query: string; codes: string[] };
  assert.equal(data.queryKind, 'personal_id');
  assert.equal(data.query, applicant.personalId);
  assert.ok(data.codes.includes(code));
  // The inbox without a query and a citizen's own list are not searches of others' data.
  await searchDossiers(k.f.db, receiver, { limit: 5 });
  await searchDossiers(k.f.db, citizen, { q: applicant.personalId });
  assert.equal((await auditTrail(k.f.db, stream)).length, before + 1);
  // Concurrent searches share one write of the chain: every one has its entry, in one
  // consecutive, verifiable chain, before its answer.
  const queries = ['nguyen', 'tran van', applicant.personalId, 'le thi', 'pham'];
  await Promise.all(
    queries.map(async (q) => {
      await searchDossiers(k.f.db, receiver, { q, limit: 5 });
      const mine = (await auditTrail(k.f.db, stream)).filter((e) => (e.data as { query: string }).query === q);
      assert.ok(mine.length >= 1, `the search for ${q} is on disk before its answer`);
    }),
  );
  const trail = await auditTrail(k.f.db, stream);
  assert.equal(trail.length, before + 1 + queries.length);
  assert.deepEqual(
    trail.map((e) => e.seq),
    trail.map((_, i) => i + 1),
  );
  assert.deepEqual(new Set(trail.slice(before + 1).map((e) => (e.data as { query: string }).query)), new Set(queries));
  assert.equal((await verifyAudit(k.f.db)).firstBreak, null);
});
