/**
 * Between the documents module's records (Annex VI fields of Decree 30/2020) and edXML packages
 * (QCVN 102:2016): an issued document's package becomes an EdxmlDocument, a received
 * EdxmlDocument becomes the input of registerIncomingDocument. The element names are the same
 * in both standards (documents-reports-ioc.md §1.6); only dates and the priority digit differ.
 */

import type { OutgoingPackage } from '../exchange-facts.ts';
import type { IncomingDocumentInput } from '../register-incoming-document.ts';
import type { Urgency } from '../schema.ts';
import { type EdxmlDocument, hubTimestamp } from './model.ts';

/**
 * OtherInfo/Priority is one digit; its mapping is not verified (DOMAIN.md §6.4: "0 = thường …").
 * We write the urgency ladder of Decree 30 in order and read it back the same way.
 */
const PRIORITY: Record<Urgency, string> = { normal: '0', urgent: '1', very_urgent: '2', flash: '3' };

/** "2025-03-05" → "2025/03/05". */
const toHubDate = (date: string) => date.replaceAll('-', '/');

/** "2025/03/05" or "05/03/2025" → "2025-03-05"; anything else → null. */
function fromHubDate(date: string | undefined): string | null {
  const text = (date ?? '').trim().slice(0, 10);
  const ymd = /^(\d{4})[/-](\d{2})[/-](\d{2})$/u.exec(text);
  if (ymd) return `${ymd[1]}-${ymd[2]}-${ymd[3]}`;
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/u.exec(text);
  return dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : null;
}

/** The edXML package of an issued document, addressed to its external recipients that have an OrganId. */
export function edxmlOfOutgoing(pkg: OutgoingPackage, now: Date): EdxmlDocument {
  const date = toHubDate(pkg.issuedDate);
  const signer = pkg.signer;
  return {
    from: {
      organId: pkg.from.organId,
      organName: pkg.from.organName,
      ...(pkg.from.address ? { organAdd: pkg.from.address } : {}),
      ...(pkg.from.email ? { email: pkg.from.email } : {}),
      ...(pkg.from.phone ? { telephone: pkg.from.phone } : {}),
    },
    to: pkg.to.flatMap((t) => (t.organId ? [{ organId: t.organId, organName: t.organName }] : [])),
    documentId: `${pkg.from.organId},${date},${pkg.codeNumber}/${pkg.codeNotation}`,
    code: { codeNumber: pkg.codeNumber, codeNotation: pkg.codeNotation },
    promulgation: { place: pkg.place ?? '', date },
    documentType: { type: '1', typeName: pkg.typeName },
    subject: pkg.subject,
    signer: {
      fullName: signer?.fullName ?? '',
      ...(signer?.position ? { position: signer.position } : {}),
      ...(signer?.competence ? { competence: signer.competence } : {}),
    },
    ...(pkg.dueDate ? { dueDate: toHubDate(pkg.dueDate) } : {}),
    toPlaces: pkg.toPlaces,
    otherInfo: {
      priority: PRIORITY[pkg.urgency],
      ...(pkg.pageAmount ? { pageAmount: String(pkg.pageAmount) } : {}),
      appendixes: pkg.files.filter((f) => f.role === 'appendix').map((f) => f.name),
    },
    business: { docType: '0', reason: 'Văn bản điện tử mới', paper: '0' },
    traces: [{ organId: pkg.from.organId, timestamp: hubTimestamp(now) }],
    attachments: pkg.files.map((f, i) => ({
      contentId: `cid:${i + 1}`,
      contentType: f.contentType,
      name: f.name,
      description: f.role === 'main' ? 'Văn bản chính' : 'Phụ lục',
      bytes: f.bytes,
    })),
  };
}

const URGENCY_OF: Record<string, Urgency> = { '1': 'urgent', '2': 'very_urgent', '3': 'flash' };

const isPdf = (b: Uint8Array) => Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-';
const isZip = (b: Uint8Array) => b.length > 4 && Buffer.from(b).readUInt32LE(0) === 0x04034b50;

/** The input that registers a received package as an incoming document of `agencyId` (PDF and Office files only). */
export function incomingOfEdxml(doc: EdxmlDocument, agencyId: string, receivedAt: Date): IncomingDocumentInput {
  const pageAmount = Number(doc.otherInfo.pageAmount);
  const files = doc.attachments.filter((a) => isPdf(a.bytes) || isZip(a.bytes));
  return {
    source: 'hub',
    codeNumber: doc.code.codeNumber,
    codeNotation: doc.code.codeNotation,
    typeName: doc.documentType.typeName,
    subject: doc.subject,
    issuedDate: fromHubDate(doc.promulgation.date),
    place: doc.promulgation.place || null,
    issuerName: doc.from.organName,
    issuerOrganId: doc.from.organId,
    signer: {
      fullName: doc.signer.fullName,
      position: doc.signer.position ?? '',
      ...(doc.signer.competence ? { competence: doc.signer.competence } : {}),
    },
    urgency: URGENCY_OF[doc.otherInfo.priority ?? ''] ?? 'normal',
    pageAmount: Number.isSafeInteger(pageAmount) && pageAmount > 0 ? pageAmount : null,
    toPlaces: doc.toPlaces,
    dueDate: fromHubDate(doc.dueDate),
    exchangeDocumentId: doc.documentId,
    receivedAt,
    files: files.map((a, i) => ({
      name: a.name,
      contentType: a.contentType,
      bytes: a.bytes,
      role: i === 0 ? 'main' : 'appendix',
    })),
    agencyId,
  };
}
