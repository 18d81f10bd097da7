/**
 * Decree 30/2020 Annex I §II.8b: an attachment in a separate file carries the agency's signature
 * as text only — the agency, the number of the document it belongs to, the signing time in ISO
 * 8601 with +07:00 — at the top right of its first page, upright, without the seal image (even
 * when the agency has one on file).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rgbaPng } from '../../../test/fixtures/images.ts';
import { iso8601Vietnam, PdfComposer, verifyPdf } from '../../platform/pdf/index.ts';
import { pdfImagesList, pdfSig, pdfToTextIn } from '../../platform/pdf/testing.ts';
import { keySigning } from './key-signing.ts';
import { saveSignatureImage } from './signing-images.ts';
import { type DossierFixture, dossierFixture } from './testing.ts';

let f: DossierFixture;
before(async () => {
  f = await dossierFixture();
});
after(() => f.t.close());

test('the agency signs an attachment in a separate file with text only, top right of the first page', async () => {
  const system = { kind: 'system', name: 'test' } as const;
  await saveSignatureImage(f.db, system, { agencyId: f.agency.minhxuan }, rgbaPng(90, 90, [200, 0, 0]));
  const doc = new PdfComposer({ title: 'Phụ lục' });
  doc.title('PHỤ LỤC');
  doc.paragraph('Danh sách hộ gia đình được hỗ trợ.');
  const unsigned = await doc.save();
  const at = new Date('2026-12-07T02:15:30Z');
  const signed = await keySigning().seal(f.db, f.agency.minhxuan, unsigned, {
    reason: 'Phụ lục kèm theo kết quả',
    at,
    attachmentOf: '125/2026/QĐ-UBND',
  });
  // The top right corner of page 1 of an A4 page (595 × 842 pt): the text, and nothing else there.
  const corner = pdfToTextIn(signed, { page: 1, x: 300, y: 0, width: 295, height: 110 });
  assert.match(corner, /Ủy ban nhân dân phường Minh Xuân/u, corner);
  assert.match(corner, /Kèm theo văn bản số 125\/2026\/QĐ-UBND/u);
  assert.match(corner, new RegExp(`Thời gian ký: ${iso8601Vietnam(at).replace('+', '\\+')}`, 'u'));
  assert.equal(iso8601Vietnam(at), '2026-12-07T09:15:30+07:00');
  assert.deepEqual(pdfImagesList(signed), [], 'no seal image on an attachment');
  const report = pdfSig(signed);
  assert.match(report, /Signature is Valid\./u, report);
  const [only] = await verifyPdf(signed);
  assert.equal(only?.integrityValid, true);
});
