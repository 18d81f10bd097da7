import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DomainError } from '../../../platform/errors.ts';
import { buildEdxmlDocument, buildEdxmlStatus } from './build-edxml.ts';
import {
  type EdxmlDocument,
  type EdxmlStatus,
  hubTimestamp,
  parseHubTimestamp,
  STATUS_CODES,
  type StatusCode,
} from './model.ts';
import { parseEdxml } from './parse-edxml.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

async function documentOf(xml: string): Promise<EdxmlDocument> {
  const parsed = await parseEdxml(xml);
  assert.equal(parsed.kind, 'document');
  return parsed.document;
}

const issuesOf = (err: unknown) => ((err as DomainError).details.issues as Array<{ code: string }>).map((i) => i.code);

for (const name of ['document-enveloped.edxml', 'document-flat.edxml']) {
  test(`${name}: parse → build gives the same bytes`, async () => {
    const xml = fixture(name);
    const parsed = await parseEdxml(xml);
    assert.equal(parsed.kind, 'document');
    assert.equal(parsed.zipped, false);
    assert.equal(await buildEdxmlDocument(parsed.document, { variant: parsed.variant, zip: false }), xml);
  });
}

for (const name of ['status-enveloped.edxml', 'status-soap.edxml']) {
  test(`${name}: parse → build gives the same bytes`, async () => {
    const xml = fixture(name);
    const parsed = await parseEdxml(xml);
    assert.equal(parsed.kind, 'status');
    assert.equal(buildEdxmlStatus(parsed.status, { variant: parsed.variant }), xml);
  });
}

test('the enveloped example reads as §6.1 describes: two recipients, Vietnamese text, the file', async () => {
  const doc = await documentOf(fixture('document-enveloped.edxml'));
  assert.deepEqual(
    doc.to.map((t) => t.organId),
    ['000.00.12.H59', '000.00.00.H59'],
  );
  assert.equal(doc.subject, 'V/v đề nghị cung cấp số liệu cán bộ, công chức & viên chức năm 2025');
  assert.deepEqual(doc.code, { codeNumber: '125', codeNotation: 'STP-VP' });
  assert.equal(doc.signer.competence, 'KT. GIÁM ĐỐC');
  assert.deepEqual(doc.toPlaces, ['Như trên', 'Lưu: VT, VP']);
  assert.equal(doc.business.docType, '0');
  assert.equal(Buffer.from(doc.attachments[0]?.bytes ?? []).toString('utf8'), 'Văn bản mẫu');
  assert.deepEqual(parseHubTimestamp(doc.traces[0]?.timestamp ?? ''), new Date('2025-03-05T07:30:00Z'));
});

test('the flat example: Bkav timestamp, attachment from the Manifest', async () => {
  const doc = await documentOf(fixture('document-flat.edxml'));
  assert.equal(doc.code.codeNumber, '09');
  assert.deepEqual(parseHubTimestamp(doc.traces[0]?.timestamp ?? ''), new Date('2025-03-06T01:15:00Z'));
  assert.equal(doc.attachments[0]?.name, 'quyet-dinh-09.txt');
});

test('attachments are zipped as the VPCP gateway does and come back byte for byte', async () => {
  const doc = await documentOf(fixture('document-enveloped.edxml'));
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n% tệp thử\n'.repeat(200)));
  doc.attachments = [{ contentId: 'cid:pdf', contentType: 'application/pdf', name: 'van-ban.pdf', bytes: pdf }];
  for (const variant of ['enveloped', 'flat'] as const) {
    const xml = await buildEdxmlDocument(doc, { variant });
    assert.equal(xml, await buildEdxmlDocument(doc, { variant }), 'zipping is deterministic');
    const back = await parseEdxml(xml);
    assert.ok(back.kind === 'document' && back.zipped && back.variant === variant);
    assert.deepEqual(back.document.attachments[0]?.bytes, pdf);
    assert.deepEqual({ ...back.document, attachments: [] }, { ...doc, attachments: [] });
  }
});

test('a package in the VPCP sample order (TraceHeader first, ToPlaces last, XML signature) reads the same', async () => {
  let xml = fixture('document-enveloped.edxml');
  const toPlaces = /\s*<edXML:ToPlaces>[\s\S]*?<\/edXML:ToPlaces>/u.exec(xml)?.[0] ?? '';
  xml = xml.replace(toPlaces, '').replace('</edXML:SteeringType>', `</edXML:SteeringType>${toPlaces}`);
  const trace = /\s*<edXML:TraceHeader>[\s\S]*?<\/edXML:TraceHeader>/u.exec(xml)?.[0] ?? '';
  xml = xml.replace(trace, '').replace('<edXML:TraceHeaderList>', `<edXML:TraceHeaderList>${trace}`);
  xml = xml.replace(
    '</edXML:TraceHeaderList>',
    '</edXML:TraceHeaderList><Signature><SignatureValue>AA==</SignatureValue></Signature>',
  );
  assert.deepEqual(await documentOf(xml), await documentOf(fixture('document-enveloped.edxml')));
});

test('every status code of §6.2 builds and parses in both layouts', async () => {
  for (const code of Object.keys(STATUS_CODES) as StatusCode[]) {
    const status: EdxmlStatus = {
      responseFor: { organId: '000.00.08.H59', code: '125/STP-VP', promulgationDate: '2025/03/05', documentId: 'd-1' },
      from: { organId: '000.00.12.H59', organName: 'Sở Nội vụ tỉnh Tuyên Quang' },
      statusCode: code,
      description: STATUS_CODES[code],
      timestamp: hubTimestamp(new Date('2025-03-05T07:30:00Z')),
    };
    for (const variant of ['enveloped', 'flat'] as const) {
      const parsed = await parseEdxml(buildEdxmlStatus(status, { variant }));
      assert.deepEqual(parsed, { kind: 'status', variant, status });
    }
  }
  const bad = fixture('status-enveloped.edxml').replace('<edXML:StatusCode>04', '<edXML:StatusCode>07');
  await assert.rejects(parseEdxml(bad), (err) => issuesOf(err).includes('R.StatusCode'));
});

test('missing and oversized fields are all named with Bkav codes and Vietnamese text', async () => {
  const doc = await documentOf(fixture('document-enveloped.edxml'));
  const broken: EdxmlDocument = {
    ...doc,
    subject: '',
    content: 'x'.repeat(501),
    to: [doc.to[0], doc.to[0]].filter((t) => t !== undefined),
    toPlaces: ['n'.repeat(151)],
    signer: { fullName: 'Nguyễn\u0000Văn A' },
  };
  await assert.rejects(buildEdxmlDocument(broken), (err) => {
    assert.ok(err instanceof DomainError && err.code === 'EDXML_INVALID');
    assert.deepEqual(issuesOf(err), [
      'M.To[1].OrganId',
      'N.Subject',
      'R.Content',
      'R.SignerInfo.FullName',
      'R.ToPlaces.Place[0]',
    ]);
    assert.match(err.message, /Thiếu trích yếu/u);
    return true;
  });
  await assert.rejects(buildEdxmlDocument({ ...doc, to: [] }), (err) => issuesOf(err).includes('N.To'));
});

test('hostile packages are refused as malformed, never parsed', async () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><edXML>&b;</edXML>`;
  for (const xml of [bomb, '<edXML><unclosed></edXML>', '<other/>', '']) {
    await assert.rejects(parseEdxml(xml), (err) => err instanceof DomainError && err.code === 'EDXML_MALFORMED');
  }
});
