/**
 * Test factories: the demo province with its agencies' demo seal keys (the dossiers module's
 * demo seed, the only minting), a personal key for the justice department's leader issued by a
 * test CA, an in-memory blob store, the callers by demo login, and input builders.
 */

import type { Caller } from '../../platform/auth/caller.ts';
import { createDemoCertificate, PdfComposer } from '../../platform/pdf/index.ts';
import { memoryBlobStore } from '../../platform/storage/index.ts';
import { CODES, type SeededDirectory, seededDirectory } from '../directory/testing.ts';
import { importPkcs12Key } from '../dossiers/index.ts';
import type { DocumentsContext } from './context.ts';
import { createDraft, type DraftInput } from './draft-document.ts';
import { issueDocument } from './issue-document.ts';
import type { IncomingDocumentInput } from './register-incoming-document.ts';
import { approveDraft, checkDocumentFormat, signDocument, submitDraft } from './review-document.ts';

/** Local Vietnam time → instant: `at('2026-11-16T09:00')`. */
export const at = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}+07:00`);

let counter = 0;
export const txId = (label = 'tx'): string =>
  `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export interface DocumentsTestbed extends SeededDirectory {
  ctx(now?: Date): DocumentsContext;
  clerk: Caller;
  leader: Caller;
  specialist: Caller;
  specialist2: Caller;
  tuphap: string;
  yte: string;
  yteLeader: Caller;
  vpubnd: string;
  vpubndClerk: Caller;
  pdf: Uint8Array;
}

async function scanPdf(text = 'Công văn số 123/UBND-VP'): Promise<Uint8Array> {
  const doc = new PdfComposer({ title: text });
  doc.title('CÔNG VĂN');
  doc.paragraph(text);
  return doc.save();
}

export async function documentsTestbed(): Promise<DocumentsTestbed> {
  const dir = await seededDirectory();
  const db = dir.t.db;
  const blobs = memoryBlobStore();
  const tuphap = await dir.agencyId(CODES.tuphap);
  const leader = await dir.callerFor('lanhdao.tuphap');
  if (leader.kind !== 'staff') throw new Error('staff expected');
  const ca = await createDemoCertificate({
    commonName: 'CA thử nghiệm',
    password: 'x',
    isCa: true,
    keyAlgorithm: 'ECDSA-P256',
    notBefore: new Date('2019-01-01T00:00:00Z'),
    validityDays: 30 * 365,
    withoutPkcs12: true,
  });
  // Valid from 2020 for 20 years: the tests' fixed dates fall inside.
  const install = async (commonName: string, owner: { agencyId: string; accountId?: string }) => {
    const cert = await createDemoCertificate({
      commonName,
      organization: 'UBND tỉnh Tuyên Quang',
      password: 'p12',
      keyAlgorithm: 'ECDSA-P256',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      validityDays: 20 * 365,
      issuer: { certificate: ca.certificate, privateKeyPkcs8: ca.privateKeyPkcs8 },
    });
    await importPkcs12Key(db, { owner, pkcs12: cert.pkcs12, password: 'p12' });
  };
  const vpubnd = await dir.agencyId('000.00.01.H60');
  await install('Nguyễn Văn Khải', { agencyId: tuphap, accountId: leader.id });
  await install('Sở Tư pháp tỉnh Tuyên Quang', { agencyId: tuphap });
  await install('Văn phòng UBND tỉnh Tuyên Quang', { agencyId: vpubnd });
  return {
    ...dir,
    ctx: (now = new Date()) => ({ now, blobs }),
    clerk: await dir.callerFor('vanthu.tuphap'),
    leader,
    specialist: await dir.callerFor('chuyenvien.tuphap'),
    specialist2: await dir.callerFor('chuyenvien2.tuphap'),
    tuphap,
    yte: await dir.agencyId(CODES.yte),
    yteLeader: await dir.callerFor('lanhdao.yte'),
    vpubnd,
    vpubndClerk: await dir.callerFor('vanthu.vpubnd'),
    pdf: await scanPdf(),
  };
}

export function incomingInput(pdf: Uint8Array, overrides: Partial<IncomingDocumentInput> = {}): IncomingDocumentInput {
  return {
    source: 'scan',
    codeNumber: '123',
    codeNotation: 'UBND-VP',
    typeCode: '',
    typeName: 'Công văn',
    subject: 'Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch năm 2026',
    issuedDate: '2026-11-12',
    place: 'Tuyên Quang',
    issuerName: 'Văn phòng UBND tỉnh Tuyên Quang',
    issuerOrganId: '000.00.01.H60',
    signer: { fullName: 'Nguyễn Quang Vinh', position: 'Chánh Văn phòng' },
    files: [{ name: 'cong-van-123.pdf', contentType: 'application/pdf', bytes: pdf }],
    ...overrides,
  };
}

export function draftInput(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    typeCode: '',
    typeName: 'Công văn',
    codeNotation: 'STP-HCTP',
    subject: 'Báo cáo kết quả rà soát thủ tục hành chính lĩnh vực hộ tịch',
    content: 'Thực hiện Công văn số 123/UBND-VP, Sở Tư pháp báo cáo như sau.\n\nĐã rà soát 25 thủ tục.',
    recipients: [{ kind: 'external', organId: '000.00.01.H60', organName: 'Văn phòng UBND tỉnh Tuyên Quang' }],
    toPlaces: ['Như trên', 'Lưu: VT, HCTP'],
    signer: { fullName: 'Nguyễn Văn Khải', position: 'Phó Giám đốc', competence: 'KT. GIÁM ĐỐC' },
    draftingUnit: 'HCTP',
    ...overrides,
  };
}

export const idOf = (c: Caller): string => (c.kind === 'staff' ? c.id : '');

/** What waits for approval (a draft submitted, an update opened) goes on: approved, checked, signed, sealed and issued. */
export async function approveSignIssue(f: DocumentsTestbed, id: string, ctx: DocumentsContext) {
  await approveDraft(f.t.db, f.leader, id, { transactionId: txId() }, ctx);
  await checkDocumentFormat(f.t.db, f.clerk, id, { transactionId: txId() }, ctx);
  await signDocument(f.t.db, f.leader, id, { transactionId: txId() }, ctx);
  return issueDocument(f.t.db, f.clerk, id, {}, { transactionId: txId() }, ctx);
}

/** The justice department's specialist drafts, submits to its leader, and the document is issued. */
export async function issuedDocument(f: DocumentsTestbed, input: DraftInput, ctx: DocumentsContext) {
  const draft = await createDraft(f.t.db, f.specialist, input, { transactionId: txId() }, ctx);
  await submitDraft(f.t.db, f.specialist, draft.id, { approverId: idOf(f.leader) }, { transactionId: txId() }, ctx);
  return { ...(await approveSignIssue(f, draft.id, ctx)), id: draft.id };
}
