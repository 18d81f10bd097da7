/**
 * The edXML package of QCVN 102:2016 (../../../../docs/edxml.md) as plain data: the document
 * message (MessageHeader, TraceHeaderList, manifest and attachments) and the status message.
 * Values are kept as the wire carries them (dates "yyyy/MM/dd", codes as strings), so a parsed
 * package builds back to the same bytes.
 */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** An agency (From, To, status From): OrganId is the electronic identifier of QĐ 20/2020 (≤ 13 characters). */
export interface Organ {
  organId: string;
  organizationInCharge?: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface StaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

/** BussinessDocType: 0 new, 1 revoke, 2 update, 3 replace (DOMAIN.md §6.1, order [M]). */
export const BUSINESS_DOC_TYPES = ['0', '1', '2', '3'] as const;
export type BusinessDocType = (typeof BUSINESS_DOC_TYPES)[number];

interface Business {
  /** The document this business action is about (revoke/update/replace); the VPCP sample carries it. */
  documentId?: string;
  docType: BusinessDocType;
  reason?: string;
  /** '0' or '1': whether a paper copy follows. */
  paper?: string;
  staff?: StaffInfo;
}

interface TraceHeader {
  organId: string;
  /** "yyyy/MM/dd HH:mm:ss" (VPCP) or "dd/MM/yyyy HH:mm:ss" (Bkav). */
  timestamp: string;
}

export interface Attachment {
  /** "cid:…", the link between the manifest Reference and the encoded attachment. */
  contentId: string;
  contentType: string;
  name: string;
  description?: string;
  /** The file itself (unzipped). */
  bytes: Uint8Array;
}

export interface EdxmlDocument {
  from: Organ;
  to: Organ[];
  /** "<sender OrganId>,<yyyy/MM/dd>,<number>/<notation>" in the VPCP sample; opaque to us. */
  documentId: string;
  code: { codeNumber: string; codeNotation: string };
  promulgation: { place: string; date: string };
  documentType: { type: string; typeDetail?: string; typeName: string };
  subject: string;
  content?: string;
  signer: { competence?: string; position?: string; fullName: string };
  dueDate?: string;
  responseDate?: string;
  toPlaces: string[];
  otherInfo: {
    priority?: string;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: string;
    pageAmount?: string;
    direction?: string;
    appendixes: string[];
  };
  steeringType?: string;
  business: Business;
  traces: TraceHeader[];
  attachments: Attachment[];
}

/** Status codes of DOMAIN.md §6.2 (QĐ 28/2018/QĐ-TTg for 02–06). */
export const STATUS_CODES = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Phân công',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Yêu cầu lấy lại',
  '15': 'Đồng ý lấy lại / đồng ý cập nhật',
  '16': 'Từ chối lấy lại / từ chối cập nhật',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export function isStatusCode(value: string): value is StatusCode {
  return Object.hasOwn(STATUS_CODES, value);
}

export interface EdxmlStatus {
  /** The document the status is about, as its sender identified it. */
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  /** The agency reporting the status (the receiver of the document). */
  from: Organ;
  statusCode: StatusCode;
  description: string;
  timestamp: string;
  staff?: StaffInfo;
}

/** Layout of a package: the QCVN 102 envelope (edXML > edXMLEnvelope > edXMLHeader), or the older flat one. */
export type EdxmlVariant = 'enveloped' | 'flat';

const pad = (n: number) => String(n).padStart(2, '0');

/** Vietnam time (UTC+7, no daylight saving) parts of an instant. */
function vietnamParts(at: Date) {
  const v = new Date(at.getTime() + 7 * 3_600_000);
  return {
    y: v.getUTCFullYear(),
    m: pad(v.getUTCMonth() + 1),
    d: pad(v.getUTCDate()),
    time: `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`,
  };
}

/** "yyyy/MM/dd" in Vietnam time, as the VPCP gateway writes PromulgationDate. */
export function hubDate(at: Date): string {
  const p = vietnamParts(at);
  return `${p.y}/${p.m}/${p.d}`;
}

/** "yyyy/MM/dd HH:mm:ss" in Vietnam time, as the VPCP gateway writes Timestamp. */
export function hubTimestamp(at: Date): string {
  const p = vietnamParts(at);
  return `${p.y}/${p.m}/${p.d} ${p.time}`;
}

/** Accepts both "yyyy/MM/dd[ HH:mm:ss]" (VPCP) and "dd/MM/yyyy[ HH:mm:ss]" (Bkav), Vietnam time. */
export function parseHubTimestamp(text: string): Date | undefined {
  const ymd = /^(\d{4})[/-](\d{2})[/-](\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/u.exec(text.trim());
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/u.exec(text.trim());
  const parts = ymd
    ? [ymd[1], ymd[2], ymd[3], ymd[4], ymd[5], ymd[6]]
    : dmy
      ? [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5], dmy[6]]
      : undefined;
  if (!parts) return undefined;
  const [y, m, d, hh, mm, ss] = parts.map((p) => Number(p ?? 0));
  const at = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, (hh ?? 0) - 7, mm ?? 0, ss ?? 0));
  return Number.isNaN(at.getTime()) || (m ?? 0) > 12 || (d ?? 0) > 31 ? undefined : at;
}
