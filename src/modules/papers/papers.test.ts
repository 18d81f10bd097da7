/**
 * The personal data store on a real database: papers come in from the dossiers' published
 * records, a paper is reused on a second dossier without an upload and counted by QĐ 766
 * indicator 4.3, legal results stay, every use is logged, and a copy digitised at the counter
 * carries the receiving agency's verifiable signature.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { jpegBytes, pdfBytes } from '../../../test/fixtures/files.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { verifyPdf } from '../../platform/pdf/index.ts';
import { pdfToText } from '../../platform/pdf/testing.ts';
import { stageAttachment } from '../dossiers/attachments.ts';
import { type FindingsKit, findingsKit, MAX, NOW, outcome } from '../dossiers/findings-kit.ts';
import { getDossier } from '../dossiers/queries.ts';
import { dossierAttachments } from '../dossiers/schema.ts';
import { file } from '../dossiers/testing.ts';
import { rebuildInsights } from '../insights/feed.ts';
import { rankedIndex } from '../insights/index766-ranking.ts';
import { indicatorsOf } from '../insights/indicators.ts';
import { loadPeriod } from '../insights/load-period.ts';
import { parsePeriod } from '../insights/periods.ts';
import { digitisePaper } from './digitise-paper.ts';
import { ingestDossierPapers } from './ingest-dossier-papers.ts';
import { choosePaperForFiling, findReusablePapers, listMyPapers } from './list-papers.ts';
import { readApplicantPapers } from './read-applicant-papers.ts';
import { removePaper } from './remove-paper.ts';
import { personalPapers } from './schema.ts';

const TODAY = '2026-12-07';
const BIRTH = 'Giấy chứng sinh';
const DECLARATION = 'Tờ khai đăng ký khai sinh';
let kit: FindingsKit;
/** The first dossier, walked to delivery, and its citizen. */
let first: Awaited<ReturnType<FindingsKit['walk']>>;
let firstId = '';
let secondCode = '';

before(async () => {
  kit = await findingsKit();
  first = await kit.walk('delivered');
  firstId = (await getDossier(kit.f.db, first.citizen, first.code)).id;
  await ingestDossierPapers(kit.f.db, firstId);
});
after(() => kit.f.t.close());

test('the store keeps the papers accepted with a dossier and the result issued to it, with their provenance', async () => {
  const papers = await listMyPapers(kit.f.db, first.citizen);
  assert.deepEqual(papers.map((p) => p.origin).sort(), ['result', 'uploaded', 'uploaded']);
  const birth = papers.find((p) => p.name === BIRTH);
  assert.ok(birth);
  assert.equal(birth.dossierCode, first.code);
  assert.equal(birth.agencyName, 'Trung tâm Phục vụ hành chính công phường Minh Xuân', 'the agency that received it');
  const result = papers.find((p) => p.origin === 'result');
  assert.ok(result);
  assert.equal(result.agencyName, 'Ủy ban nhân dân phường Minh Xuân');
  assert.equal(result.removable, false);
  // The feed is idempotent: the same dossier again adds nothing.
  await ingestDossierPapers(kit.f.db, firstId);
  assert.equal((await listMyPapers(kit.f.db, first.citizen)).length, 3);
  // Nobody else sees them, nor may offer them.
  assert.deepEqual(await listMyPapers(kit.f.db, kit.f.citizen()), []);
  assert.deepEqual(await findReusablePapers(kit.f.db, kit.f.citizen(), BIRTH, TODAY), []);
});

test('a paper is reused on a second dossier with no upload, logged as a use, and counted by QĐ 766 indicator 4.3', async () => {
  const { f, procedure } = kit;
  const offered = await findReusablePapers(f.db, first.citizen, BIRTH, TODAY);
  assert.equal(offered.length, 1, 'the filing page offers the one matching paper');
  const [only] = offered;
  assert.ok(only);
  const chosen = await choosePaperForFiling(f.db, first.citizen, only.paperId, BIRTH, TODAY);
  assert.equal(
    await outcome(choosePaperForFiling(f.db, first.citizen, only.paperId, DECLARATION, TODAY)),
    'PAPER_NOT_REUSABLE',
    'a paper stands only for the paper of its name',
  );
  // Only the declaration is uploaded; the birth paper comes from the store.
  const declaration = await stageAttachment(
    f.db,
    f.blobs,
    first.citizen,
    { kind: 'paper', paperName: DECLARATION, fileName: 'to-khai.pdf', bytes: await pdfBytes('To khai') },
    { maxBytes: MAX, provinceCode: '08' },
  );
  const second = await file(f, first.citizen, procedure, NOW, {
    papers: [
      { attachmentId: declaration.id, paperName: DECLARATION },
      { attachmentId: chosen.attachmentId, paperName: BIRTH },
    ],
  });
  secondCode = second.code;
  const files = await f.db.select().from(dossierAttachments).where(eq(dossierAttachments.dossierId, second.id));
  const copy = files.find((a) => a.paperName === BIRTH);
  assert.ok(copy);
  assert.equal(copy.reused, true, 'marked reused');
  assert.equal(copy.reusedFrom, chosen.attachmentId, 'naming the original');
  const original = await f.db.select().from(dossierAttachments).where(eq(dossierAttachments.id, chosen.attachmentId));
  assert.equal(copy.blobKey, original[0]?.blobKey, 'the same bytes, nothing uploaded');
  assert.equal(files.length, 2, 'the declaration uploaded and the birth paper reused');

  await kit.act(await kit.who('minhxuanCentre', 'receiver'), second.code, { type: 'receive' });
  await ingestDossierPapers(f.db, second.id);
  await ingestDossierPapers(f.db, second.id);
  const papers = await listMyPapers(f.db, first.citizen);
  assert.equal(papers.filter((p) => p.name === BIRTH).length, 1, 'a reuse adds no second copy to the store');
  const uses = papers.find((p) => p.name === BIRTH)?.uses ?? [];
  assert.deepEqual(
    uses.map((u) => [u.kind, u.dossierCode]),
    [['reused', second.code]],
    'one use, whatever the feed’s retries',
  );

  // QĐ 766 4.3 (DOMAIN.md §3.1): dossiers received in the period with ≥ 1 reused component ÷
  // dossiers received in the period; full points at ≥ 80 %, else rate × 2 ÷ 80.
  // December 2026: the first dossier (no reuse) and the second (the birth paper) → 1 ÷ 2 = 50 %
  // → 50 × 2 ÷ 80 = 1.25 points.
  await rebuildInsights(f.db, '08');
  const december = await loadPeriod(f.db, '08', parsePeriod('2026-12'));
  const november = await loadPeriod(f.db, '08', parsePeriod('2026-11'));
  const lookups = { procedures: new Map(), agencies: new Map() };
  const now = new Date('2026-12-20T03:00:00Z');
  assert.deepEqual(indicatorsOf(december, {}, lookups, now).dossiers.reuseRate, {
    numerator: 1,
    denominator: 2,
    percent: 50,
  });
  const [province] = await rankedIndex(december, november, 'province', lookups, now);
  const c43 = province?.index.groups.flatMap((g) => g.components).find((c) => c.id === '4.3');
  assert.ok(c43?.result.status === 'scored');
  assert.equal(c43.result.points, 1.25);
});

test('the owner removes an uploaded paper but never a legal result; nobody else removes anything', async () => {
  const { f } = kit;
  const papers = await listMyPapers(f.db, first.citizen);
  const result = papers.find((p) => p.origin === 'result');
  const declaration = papers.find((p) => p.origin === 'uploaded' && p.name !== BIRTH);
  assert.ok(result && declaration);
  assert.equal(await outcome(removePaper(f.db, first.citizen, result.id)), 'PAPER_LEGAL_RESULT');
  assert.equal(await outcome(removePaper(f.db, kit.f.citizen(), declaration.id)), 'PAPER_NOT_FOUND');
  assert.equal(
    await outcome(removePaper(f.db, await kit.who('minhxuanCentre', 'receiver'), declaration.id)),
    'PAPER_NOT_FOUND',
  );
  assert.equal(await outcome(removePaper(f.db, first.citizen, 'not-an-id')), 'PAPER_NOT_FOUND');
  await removePaper(f.db, first.citizen, declaration.id);
  const left = await listMyPapers(f.db, first.citizen);
  assert.ok(!left.some((p) => p.id === declaration.id), 'no longer listed');
  assert.ok(
    left.some((p) => p.id === result.id),
    'the result stays',
  );
  assert.equal(await outcome(removePaper(f.db, first.citizen, declaration.id)), 'PAPER_NOT_FOUND', 'once');
  // The dossier keeps its file; a new feed of it does not bring the paper back.
  await ingestDossierPapers(f.db, firstId);
  assert.ok(!(await listMyPapers(f.db, first.citizen)).some((p) => p.id === declaration.id));
  const [audit] = await f.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, `paper:${declaration.id}`), eq(auditEvents.action, 'paper.removed')));
  assert.ok(audit, 'the removal is audited');
});

test('the receiver of a dossier reads its applicant’s papers: audited and shown to the owner as a use', async () => {
  const { f } = kit;
  const receiver = await kit.who('minhxuanCentre', 'receiver');
  const read = await readApplicantPapers(f.db, receiver, secondCode, new Date(NOW));
  assert.ok(read.some((p) => p.name === BIRTH));
  const [audit] = await f.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.stream, `dossier:${secondCode}`), eq(auditEvents.action, 'papers.read_by_staff')));
  assert.equal(audit?.actorId, receiver.kind === 'staff' ? receiver.id : '');
  const birth = (await listMyPapers(f.db, first.citizen)).find((p) => p.name === BIRTH);
  assert.deepEqual(birth?.uses.map((u) => u.kind).sort(), ['reused', 'staff_read']);
  const staffRead = birth?.uses.find((u) => u.kind === 'staff_read');
  assert.equal(staffRead?.agencyName, 'Trung tâm Phục vụ hành chính công phường Minh Xuân');
  // A specialist, or a receiver of another one-stop, may not.
  assert.equal(
    await outcome(readApplicantPapers(f.db, await kit.who('minhxuan', 'specialist'), secondCode)),
    'PAPER_ATTEST_NOT_ALLOWED',
  );
  const elsewhere = await kit.who('dongvanCentre', 'receiver');
  assert.notEqual(await outcome(readApplicantPapers(f.db, elsewhere, secondCode)), 'ok');
});

test('digitised at the counter: a copy attested by the receiver, signed by the receiving agency, verifiable, in the store', async () => {
  const { f, procedure } = kit;
  const receiver = await kit.who('minhxuanCentre', 'receiver');
  const citizen = f.citizen();
  const dossier = await file(f, citizen, procedure, NOW);
  await kit.act(receiver, dossier.code, { type: 'receive' });
  const digitised = await digitisePaper(
    f.db,
    f.blobs,
    receiver,
    {
      dossierCode: dossier.code,
      paperName: 'Giấy chứng nhận kết hôn',
      fileName: 'ket-hon.jpg',
      scan: jpegBytes(),
      validUntil: '2031-12-31',
    },
    { maxBytes: MAX, now: new Date(NOW) },
  );
  const [row] = await f.db.select().from(dossierAttachments).where(eq(dossierAttachments.id, digitised.attachmentId));
  assert.ok(row?.signed, 'the dossier’s paper is the signed copy');
  const bytes = await f.blobs.get(row.blobKey);
  assert.ok(bytes);
  const [signature] = await verifyPdf(bytes);
  assert.ok(signature?.integrityValid && signature.coversWholeDocument, 'the signature verifies over the whole copy');
  assert.match(signature.signerCommonName ?? signature.signerSubject, /Minh Xuân/u, 'the receiving agency’s key');
  const text = pdfToText(bytes);
  for (const words of ['BẢN SỐ HÓA TỪ BẢN CHÍNH', dossier.code, 'Nguyễn Văn Cán Bộ', '31/12/2031', 'Giấy chứng nhận']) {
    assert.ok(text.includes(words), `the copy carries ${words}`);
  }
  const [paper] = await f.db.select().from(personalPapers).where(eq(personalPapers.id, digitised.paperId));
  assert.equal(paper?.origin, 'digitised');
  assert.equal(paper?.validUntil, '2031-12-31');
  assert.equal(paper?.attestedByName, 'Nguyễn Văn Cán Bộ');
  const mine = await listMyPapers(f.db, citizen);
  assert.deepEqual(
    mine.find((p) => p.id === digitised.paperId)?.uses.map((u) => u.kind),
    ['digitised'],
  );
  // Offered for reuse until it expires, not after.
  assert.equal((await findReusablePapers(f.db, citizen, 'Giấy chứng nhận kết hôn', TODAY)).length, 1);
  assert.equal((await findReusablePapers(f.db, citizen, 'Giấy chứng nhận kết hôn', '2032-01-01')).length, 0);
  // Only the receiving one-stop's receiver attests; a scan must be a PDF or an image.
  const attempt = (who: Parameters<typeof digitisePaper>[2], scan: Uint8Array) =>
    outcome(
      digitisePaper(
        f.db,
        f.blobs,
        who,
        { dossierCode: dossier.code, paperName: 'Giấy tờ', fileName: 'scan.pdf', scan },
        { maxBytes: MAX },
      ),
    );
  assert.equal(await attempt(await kit.who('minhxuan', 'specialist'), await pdfBytes()), 'PAPER_ATTEST_NOT_ALLOWED');
  assert.equal(await attempt(citizen, await pdfBytes()), 'PAPER_ATTEST_NOT_ALLOWED');
  assert.equal(await attempt(receiver, new TextEncoder().encode('plain text')), 'PAPER_SCAN_TYPE');
});
