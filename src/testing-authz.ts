/**
 * The sample records of the authorisation test (src/authorisation.test.ts): a dossier and a
 * feedback item of the `owner` citizen, an agency, a staff member and a counter to change,
 * and how each path parameter is filled.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { getProcedure } from './modules/catalog/index.ts';
import { createAgency, createStaff, directoryCallerResolver } from './modules/directory/index.ts';
import { agencies } from './modules/directory/schema.ts';
import { listDocumentFiles, registerIncomingDocument } from './modules/documents/index.ts';
import { fileDossier, stageAttachment } from './modules/dossiers/index.ts';
import { submitFeedback } from './modules/feedback/index.ts';
import type { Caller } from './platform/auth/caller.ts';
import { findAccountByLogin } from './platform/auth/index.ts';
import { rows } from './platform/db/index.ts';
import type { TestDb } from './platform/db/testing.ts';
import type { BlobStore } from './platform/storage/index.ts';

export interface Samples {
  /** The value of path parameter `name` of `path`. */
  param(path: string, name: string): string;
  /** `$name` placeholders of the route rules' bodies and queries. */
  values: Record<string, unknown>;
}

const system: Caller = { kind: 'system', name: 'authz-test' };

/** A one-page PDF, as the applicant's scanned paper. */
async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  return doc.save();
}

export async function authzSamples(t: TestDb, ownerId: string, blobs: BlobStore): Promise<Samples> {
  const owner: Caller = { kind: 'citizen', id: ownerId };
  const agencyId = async (code: string) => {
    const [row] = await t.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
    if (!row) throw new Error(`agency ${code} not seeded`);
    return row.id;
  };
  const tuphap = await agencyId('000.00.03.H60');
  const minhxuan = await agencyId('000.00.41.H60');
  const centre = await agencyId('000.01.41.H60');
  const khaiSinh = await getProcedure(t.db, '1.001193', { provinceCode: '08' });
  // Filing online needs a file for every required paper, staged as the portal stages them.
  const papers = [];
  for (const paper of khaiSinh.papers.filter((p) => p.required && p.form !== 'presented')) {
    const staged = await stageAttachment(
      t.db,
      blobs,
      owner,
      { kind: 'paper', paperName: paper.name, fileName: 'giay-to.pdf', bytes: await onePagePdf() },
      { maxBytes: 1e6, provinceCode: '08' },
    );
    papers.push({ attachmentId: staged.id, paperName: paper.name });
  }
  const dossier = await fileDossier(
    t.db,
    owner,
    {
      procedure: khaiSinh.id,
      agencyId: minhxuan,
      papers,
      applicant: {
        type: 'citizen',
        fullName: 'Nguyễn Thị Hoa',
        phone: '0912345678',
        personalId: '008190000123',
        address: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
      },
      formData: {
        childFullName: 'Nguyễn Minh An',
        childBirthDate: '2026-11-02',
        sex: 'Nữ',
        birthPlace: 'Tổ 1, Phường Minh Xuân, tỉnh Tuyên Quang',
        ethnicity: 'Kinh',
        relation: 'Mẹ',
        nationality: 'Việt Nam',
        nativePlace: 'Xã Hàm Yên, tỉnh Tuyên Quang',
      },
    },
    { transactionId: randomUUID() },
    { provinceCode: '08', publicUrl: 'http://localhost' },
  );
  const feedback = await submitFeedback(
    t.db,
    owner,
    {
      channel: 'portal',
      kind: 'report',
      categoryCode: 'giao-thong',
      content: 'Đèn đường tổ 2 phường Minh Xuân hỏng đã một tuần.',
      sender: { fullName: 'Nguyễn Thị Hoa', phone: '0912345678', address: 'Tổ 5, phường Minh Xuân' },
      place: { communeCode: '02509' },
    },
    { transactionId: randomUUID() },
    { provinceCode: '08' },
  );
  const agency = await createAgency(t.db, system, {
    parentId: tuphap,
    code: '000.01.03.H60',
    name: 'Phòng thử nghiệm phân quyền',
    kind: 'justice',
    level: 'province',
    provinceCode: '08',
  });
  const person = await createStaff(t.db, system, { agencyId: tuphap, fullName: 'Cán Bộ Thử', roles: ['specialist'] });
  // A secret incoming document registered by the justice department's clerk: named only on it.
  const clerkAccount = await findAccountByLogin(t.db, 'vanthu.tuphap');
  if (!clerkAccount) throw new Error('no clerk vanthu.tuphap');
  const clerk = await directoryCallerResolver(() => t.db)({ id: clerkAccount.id, kind: 'staff' });
  const secret = await registerIncomingDocument(
    t.db,
    clerk,
    {
      source: 'scan',
      codeNumber: '12',
      codeNotation: 'CV-CAT',
      typeName: 'Công văn',
      subject: 'Về việc phối hợp xác minh (mật)',
      issuerName: 'Công an tỉnh Tuyên Quang',
      secrecy: 'confidential',
      files: [{ name: 'mat.pdf', contentType: 'application/pdf', bytes: await onePagePdf() }],
    },
    { transactionId: randomUUID() },
    { now: new Date(), blobs },
  );
  const [secretFile] = await listDocumentFiles(t.db, secret.id);
  if (!secretFile) throw new Error('the secret document has no file');
  const [counter] = await rows<{ id: string }>(t.db, sql`select id from counters where agency_id = ${centre} limit 1`);
  if (!counter) throw new Error('no counter at TTPVHCC Minh Xuân');
  const byName: Record<string, string> = {
    format: 'json',
    version: '1',
    kind: 'receipt',
    quarter: '2026-Q4',
    criterion: '1',
    agencyId: tuphap,
    counterId: counter.id,
    file: 'to-khai.docx',
    step: 'nguoi-nop',
    paper: '0',
    action: 'accept',
  };
  const { id: _i, provinceCode: _p, localCode: _l, field, agencies: _a, currentVersion: _v, ...rest } = khaiSinh;
  const { processTotalHours: _h, active: _ac, updatedAt: _u, ...content } = rest;
  const values: Record<string, unknown> = {
    $tuphap: tuphap,
    $centre: centre,
    $procedure: khaiSinh.id,
    $dossier: dossier.code,
    $feedback: feedback.code,
    $procedureBody: { ...content, fieldCode: field.code },
    $templateBody: { steps: content.process },
  };
  return {
    values,
    param(path, name) {
      if (path.startsWith('/api/v1/dossiers/') || path.startsWith('/api/v1/track/')) {
        if (name === 'code') return dossier.code ?? dossier.id;
        if (name === 'id') return randomUUID();
      }
      if (path.startsWith('/ho-so-cua-toi/') || path.startsWith('/tra-cuu/') || path.startsWith('/workspace/ho-so/')) {
        if (name === 'code') return dossier.code ?? dossier.id;
        if (name === 'action') return 'receive';
      }
      if (path.startsWith('/phan-anh-kien-nghi/') || path.startsWith('/workspace/phan-anh-kien-nghi/')) {
        if (name === 'code') return feedback.code;
        if (name === 'action') return 'accept';
      }
      if (path.startsWith('/workspace/van-ban/')) {
        if (name === 'id') return secret.id;
        if (name === 'fileId') return secretFile.id;
        if (name === 'action') return 'trinh';
      }
      if (path.startsWith('/danh-gia/')) return dossier.code ?? dossier.id;
      if (path.startsWith('/api/v1/feedback/') || path.startsWith('/open311/v2/requests/')) {
        if (name === 'code' || (name === 'id' && path.startsWith('/open311'))) return feedback.code;
      }
      if (path.startsWith('/open311/v2/services/')) return name === 'code' ? 'giao-thong' : (byName[name] ?? '');
      if (
        path.startsWith('/api/v1/procedures/') ||
        path.startsWith('/nop-ho-so/') ||
        path.startsWith('/workspace/tiep-nhan/')
      )
        if (name === 'code' || name === 'id') return khaiSinh.id;
      if (path.startsWith('/thu-tuc/')) return '1.001193';
      if (path.startsWith('/api/v1/agencies/')) return agency.id;
      if (path.startsWith('/api/v1/staff/')) return person.id;
      if (path.startsWith('/api/v1/counters/')) return counter.id;
      if (path.startsWith('/api/v1/admin-units/')) return '08';
      return byName[name] ?? randomUUID();
    },
  };
}
