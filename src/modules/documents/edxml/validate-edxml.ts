/**
 * Checks of a package before it is sent and after it is parsed: the required fields of
 * QCVN 102:2016 and the length limits Bkav eDoc enforces (DOMAIN.md §6.1; Annex VI of
 * Decree 30/2020 for OrganId, CodeNumber and CodeNotation). Returns every problem at once.
 */
import { DomainError } from '../../../platform/errors.ts';
import type { EdxmlIssue } from './errors.ts';
import { BUSINESS_DOC_TYPES, type EdxmlDocument, type EdxmlStatus, isStatusCode, type Organ } from './model.ts';

/** NUL and the other C0 controls except tab, newline and return cannot travel in XML 1.0; nor can a lone surrogate. */
function unsafeText(value: string): boolean {
  if (!value.isWellFormed()) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

class Checker {
  readonly issues: EdxmlIssue[] = [];

  required(field: string, label: string, value: string | undefined, max: number): void {
    if (value === undefined || value.trim() === '') {
      this.issues.push({ code: `N.${field}`, vi: `Thiếu ${label}.` });
      return;
    }
    this.optional(field, label, value, max);
  }

  optional(field: string, label: string, value: string | undefined, max: number): void {
    if (value === undefined) return;
    if (unsafeText(value)) this.issues.push({ code: `R.${field}`, vi: `${label} chứa ký tự không hợp lệ.` });
    else if ([...value].length > max) this.issues.push({ code: `R.${field}`, vi: `${label} dài quá ${max} ký tự.` });
  }

  organ(field: string, label: string, organ: Organ | undefined): void {
    this.required(`${field}.OrganId`, `mã định danh ${label}`, organ?.organId, 13);
    this.required(`${field}.OrganName`, `tên ${label}`, organ?.organName, 200);
    for (const [key, value] of Object.entries(organ ?? {})) {
      if (key !== 'organId' && key !== 'organName') this.optional(`${field}.${key}`, `thông tin ${label}`, value, 500);
    }
  }
}

function fail(issues: EdxmlIssue[]): never {
  throw new DomainError('EDXML_INVALID', { issues }, issues.map((i) => `${i.code}: ${i.vi}`).join(' '));
}

/** Throws EDXML_INVALID listing every problem of the document package. */
export function validateEdxmlDocument(doc: EdxmlDocument): void {
  const c = new Checker();
  c.organ('From', 'cơ quan gửi', doc.from);
  if (doc.to.length === 0) c.issues.push({ code: 'N.To', vi: 'Thiếu cơ quan nhận.' });
  const seen = new Set<string>();
  for (const [i, to] of doc.to.entries()) {
    c.organ(`To[${i}]`, 'cơ quan nhận', to);
    if (seen.has(to.organId)) c.issues.push({ code: `M.To[${i}].OrganId`, vi: 'Một cơ quan nhận được ghi hai lần.' });
    seen.add(to.organId);
  }
  c.required('DocumentId', 'mã văn bản (DocumentId)', doc.documentId, 100);
  c.required('CodeNumber', 'số văn bản', doc.code.codeNumber, 11);
  c.required('CodeNotation', 'ký hiệu văn bản', doc.code.codeNotation, 30);
  c.optional('Place', 'địa danh ban hành', doc.promulgation.place, 150);
  c.required('PromulgationDate', 'ngày ban hành', doc.promulgation.date, 10);
  c.required('Type', 'loại văn bản', doc.documentType.type, 10);
  c.required('TypeName', 'tên loại văn bản', doc.documentType.typeName, 100);
  c.required('Subject', 'trích yếu', doc.subject, 500);
  c.optional('Content', 'nội dung', doc.content, 500);
  c.required('SignerInfo.FullName', 'họ tên người ký', doc.signer.fullName, 50);
  c.optional('SignerInfo.Position', 'chức vụ người ký', doc.signer.position, 100);
  c.optional('SignerInfo.Competence', 'thẩm quyền ký', doc.signer.competence, 100);
  for (const [i, place] of doc.toPlaces.entries()) c.optional(`ToPlaces.Place[${i}]`, 'nơi nhận', place, 150);
  for (const [i, a] of doc.otherInfo.appendixes.entries()) c.optional(`Appendix[${i}]`, 'phụ lục', a, 250);
  if (!BUSINESS_DOC_TYPES.includes(doc.business.docType))
    c.issues.push({ code: 'R.BussinessDocType', vi: 'Loại nghiệp vụ văn bản không hợp lệ.' });
  for (const [i, t] of doc.traces.entries())
    c.required(`TraceHeader[${i}].OrganId`, 'mã cơ quan trong vết', t.organId, 13);
  const ids = new Set<string>();
  for (const [i, a] of doc.attachments.entries()) {
    c.required(`Attachment[${i}].AttachmentName`, 'tên tệp đính kèm', a.name, 200);
    c.required(`Attachment[${i}].ContentId`, 'mã tệp đính kèm', a.contentId, 200);
    if (ids.has(a.contentId)) c.issues.push({ code: `M.Attachment[${i}].ContentId`, vi: 'Hai tệp đính kèm trùng mã.' });
    ids.add(a.contentId);
  }
  if (c.issues.length > 0) fail(c.issues);
}

/** Throws EDXML_INVALID listing every problem of the status package. */
export function validateEdxmlStatus(status: EdxmlStatus): void {
  const c = new Checker();
  c.required('ResponseFor.OrganId', 'mã cơ quan gửi văn bản', status.responseFor.organId, 13);
  c.required('ResponseFor.DocumentId', 'mã văn bản (DocumentId)', status.responseFor.documentId, 100);
  c.required('ResponseFor.Code', 'số, ký hiệu văn bản', status.responseFor.code, 50);
  c.optional('ResponseFor.PromulgationDate', 'ngày ban hành', status.responseFor.promulgationDate, 10);
  c.organ('From', 'cơ quan báo trạng thái', status.from);
  if (!isStatusCode(status.statusCode))
    c.issues.push({ code: 'R.StatusCode', vi: 'Mã trạng thái không thuộc danh mục 01–06, 13, 15, 16.' });
  c.optional('Description', 'mô tả trạng thái', status.description, 500);
  c.required('Timestamp', 'thời điểm', status.timestamp, 19);
  for (const [key, value] of Object.entries(status.staff ?? {}))
    c.optional(`StaffInfo.${key}`, 'thông tin cán bộ', value, 200);
  if (c.issues.length > 0) fail(c.issues);
}
