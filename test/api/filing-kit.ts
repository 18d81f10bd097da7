/**
 * What a client sends to file the demo's birth registration (1.001193) at Minh Xuân through the
 * generated client (client/): every required paper uploaded as a one-page PDF, every required
 * e-form field filled. Used by the integrator's test (test/api) and the release's smoke test.
 */
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import type { sessionClient } from '../../client/index.ts';

type Client = ReturnType<typeof sessionClient>;

async function scannedPaper(): Promise<Blob> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return new Blob([new Uint8Array(await doc.save())], { type: 'application/pdf' });
}

/** The procedure, the receiving agency, the uploaded papers and the e-form (`name` fills the text fields). */
export async function birthFilingParts(api: Client, name: string) {
  const { data: procedure } = await api.GET('/api/v1/procedures/{id}', { params: { path: { id: '1.001193' } } });
  assert.ok(procedure, 'the birth registration procedure is seeded');
  const agency = procedure.agencies.find((a) => a.name.includes('Minh Xuân'));
  assert.ok(agency);
  const papers: Array<{ attachmentId: string; paperName: string }> = [];
  for (const paper of procedure.papers.filter((p) => p.required && p.form !== 'presented')) {
    const uploaded = await api.POST('/api/v1/attachments', {
      body: { file: await scannedPaper(), kind: 'paper', paperName: paper.name },
      bodySerializer: (body) => {
        const form = new FormData();
        form.set('kind', body.kind ?? 'paper');
        if (body.paperName) form.set('paperName', body.paperName);
        form.set('file', body.file, 'giay-to.pdf');
        return form;
      },
    });
    assert.equal(uploaded.response.status, 201, JSON.stringify(uploaded.error));
    assert.ok(uploaded.data);
    papers.push({ attachmentId: uploaded.data.id, paperName: paper.name });
  }
  const formData: Record<string, string> = {};
  for (const field of procedure.eform.filter((f) => f.required)) {
    formData[field.key] =
      field.type === 'choice' ? (field.options?.[0] ?? '') : field.type === 'date' ? '2026-11-02' : name;
  }
  return { procedure, agency, papers, formData };
}
