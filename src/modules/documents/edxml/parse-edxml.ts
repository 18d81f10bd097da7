/**
 * Parses edXML packages of every layout met on the hub (DOMAIN.md §6.1): the QCVN 102:2016
 * envelope (edXML > edXMLEnvelope > edXMLHeader), the older flat EdXMLEnvelope > MessageHeader,
 * and the SOAP-wrapped form (SOAP-ENV:Header > edXML:Status or MessageHeader). Namespace prefixes
 * are dropped, so `edXML:Subject` and `Subject` read the same. Zipped attachments are unzipped.
 * A DOCTYPE is refused (no entity expansion reaches the parser); every result is validated.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import { DomainError } from '../../../platform/errors.ts';
import type {
  Attachment,
  BusinessDocType,
  EdxmlDocument,
  EdxmlStatus,
  EdxmlVariant,
  Organ,
  StaffInfo,
  StatusCode,
} from './model.ts';
import { validateEdxmlDocument, validateEdxmlStatus } from './validate-edxml.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped until read field by field below.
type Raw = any;

/** A received package larger than this is refused before parsing. */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const REPEATED = ['.To', '.ToPlaces.Place', '.Appendixes.Appendix', '.TraceHeader', '.Reference', '.Attachment'];

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (_name, jpath) => REPEATED.some((suffix) => String(jpath).endsWith(suffix)),
});

export type ParsedEdxml =
  | { kind: 'document'; variant: EdxmlVariant; zipped: boolean; document: EdxmlDocument }
  | { kind: 'status'; variant: EdxmlVariant; status: EdxmlStatus };

function malformed(reason: string): never {
  throw new DomainError('EDXML_MALFORMED', { reason });
}

/** Text of an element: a string, or the #text of an element that carries attributes; absent stays undefined. */
function text(v: Raw): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && typeof v['#text'] === 'string') return v['#text'];
  if (typeof v === 'object') return '';
  return String(v);
}

const req = (v: Raw): string => text(v) ?? '';

function organ(v: Raw): Organ {
  const o: Organ = { organId: req(v?.OrganId), organName: req(v?.OrganName) };
  const optional = {
    organizationInCharge: text(v?.OrganizationInCharge),
    organAdd: text(v?.OrganAdd),
    email: text(v?.Email),
    telephone: text(v?.Telephone),
    fax: text(v?.Fax),
    website: text(v?.Website),
  };
  return { ...o, ...defined(optional) };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function staff(v: Raw): StaffInfo | undefined {
  if (v === undefined) return undefined;
  return defined({
    department: text(v?.Department),
    staff: text(v?.Staff),
    mobile: text(v?.Mobile),
    email: text(v?.Email),
  });
}

const list = (v: Raw): Raw[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

async function decode(encoded: string): Promise<{ bytes: Uint8Array; zipped: boolean }> {
  const raw = Buffer.from(encoded.replace(/\s+/gu, ''), 'base64');
  if (raw.length < 4 || raw.readUInt32LE(0) !== 0x04034b50) return { bytes: new Uint8Array(raw), zipped: false };
  const archive = await JSZip.loadAsync(raw).catch(() => malformed('attachment zip unreadable'));
  const entry = Object.values(archive.files).find((f) => !f.dir);
  if (!entry) malformed('attachment zip is empty');
  const bytes = await entry.async('uint8array');
  if (bytes.length > MAX_FILE_BYTES) malformed('attachment too large');
  return { bytes, zipped: true };
}

function messageHeader(mh: Raw, trace: Raw): Omit<EdxmlDocument, 'attachments'> {
  const other = mh.OtherInfo ?? {};
  const business = trace?.Bussiness ?? {};
  return {
    from: organ(mh.From),
    to: list(mh.To).map(organ),
    documentId: req(mh.DocumentId),
    code: { codeNumber: req(mh.Code?.CodeNumber), codeNotation: req(mh.Code?.CodeNotation) },
    promulgation: { place: req(mh.PromulgationInfo?.Place), date: req(mh.PromulgationInfo?.PromulgationDate) },
    documentType: {
      type: req(mh.DocumentType?.Type),
      typeName: req(mh.DocumentType?.TypeName),
      ...defined({ typeDetail: text(mh.DocumentType?.TypeDetail) }),
    },
    subject: req(mh.Subject),
    signer: {
      fullName: req(mh.SignerInfo?.FullName),
      ...defined({ competence: text(mh.SignerInfo?.Competence), position: text(mh.SignerInfo?.Position) }),
    },
    toPlaces: list(mh.ToPlaces?.Place).map(req),
    otherInfo: {
      appendixes: list(other.Appendixes?.Appendix).map(req),
      ...defined({
        priority: text(other.Priority),
        sphereOfPromulgation: text(other.SphereOfPromulgation),
        typerNotation: text(other.TyperNotation),
        promulgationAmount: text(other.PromulgationAmount),
        pageAmount: text(other.PageAmount),
        direction: text(other.Direction),
      }),
    },
    business: {
      docType: (text(business.BussinessDocType) ?? '0') as BusinessDocType,
      ...defined({
        documentId: text(business.DocumentId),
        reason: text(business.BussinessDocReason),
        paper: text(business.Paper),
        staff: staff(business.StaffInfo),
      }),
    },
    traces: list(trace?.TraceHeader).map((t: Raw) => ({ organId: req(t?.OrganId), timestamp: req(t?.Timestamp) })),
    ...defined({
      content: text(mh.Content),
      dueDate: text(mh.DueDate),
      responseDate: text(mh.ResponseDate),
      steeringType: text(mh.SteeringType),
    }),
  };
}

function status(s: Raw): EdxmlStatus {
  return {
    responseFor: {
      organId: req(s.ResponseFor?.OrganId),
      code: req(s.ResponseFor?.Code),
      promulgationDate: req(s.ResponseFor?.PromulgationDate),
      documentId: req(s.ResponseFor?.DocumentId),
    },
    from: organ(s.From),
    statusCode: req(s.StatusCode) as StatusCode,
    description: req(s.Description),
    timestamp: req(s.Timestamp),
    ...defined({ staff: staff(s.StaffInfo) }),
  };
}

/** Reads any edXML package; throws EDXML_MALFORMED for unreadable XML and EDXML_INVALID for missing fields. */
export async function parseEdxml(xml: string): Promise<ParsedEdxml> {
  if (Buffer.byteLength(xml) > MAX_PACKAGE_BYTES) malformed('package too large');
  if (/<!DOCTYPE/iu.test(xml)) malformed('DOCTYPE not allowed');
  if (XMLValidator.validate(xml) !== true) malformed('not well-formed XML');
  const root: Raw = parser.parse(xml);
  const soap = root.Envelope?.Header;
  const top = root.edXML ?? root.EdXML;
  const envelope = top?.edXMLEnvelope ?? top?.EdXMLEnvelope ?? root.EdXMLEnvelope ?? root.edXMLEnvelope ?? soap;
  if (!envelope || typeof envelope !== 'object') malformed('no edXML envelope');
  const header = envelope.edXMLHeader ?? envelope.EdXMLHeader;
  const variant: EdxmlVariant = header ? 'enveloped' : 'flat';
  const holder = header ?? envelope;
  if (holder.Status) {
    const parsed = status(holder.Status);
    validateEdxmlStatus(parsed);
    return { kind: 'status', variant, status: parsed };
  }
  if (!holder.MessageHeader) malformed('no MessageHeader or Status');
  const base = messageHeader(holder.MessageHeader, holder.TraceHeaderList ?? holder.MessageHeader.TraceHeaderList);
  let zipped = false;
  const attachments: Attachment[] = [];
  if (top?.AttachmentEncoded !== undefined) {
    const references = list(
      envelope.edXMLBody?.edXMLManifest?.Reference ?? envelope.EdXMLBody?.EdXMLManifest?.Reference,
    );
    for (const a of list(top.AttachmentEncoded?.Attachment)) {
      const contentId = req(a?.ContentId);
      const ref = references.find((r: Raw) => req(r?.ContentId) === contentId);
      const file = await decode(req(a?.ContentTransferEncoded));
      zipped ||= file.zipped;
      const description = text(a?.Description) ?? text(ref?.Description);
      attachments.push({
        contentId,
        contentType: text(a?.ContentType) ?? req(ref?.ContentType),
        name: text(a?.AttachmentName) ?? req(ref?.AttachmentName),
        bytes: file.bytes,
        ...defined({ description }),
      });
    }
  } else {
    for (const a of list(envelope.Manifest?.Attachment)) {
      const file = await decode(req(a?.Content));
      zipped ||= file.zipped;
      attachments.push({
        contentId: text(a?.ContentId) ?? `cid:${attachments.length + 1}`,
        contentType: req(a?.FileType) || 'application/octet-stream',
        name: req(a?.FileName),
        bytes: file.bytes,
        ...defined({ description: text(a?.Description) }),
      });
    }
  }
  const document: EdxmlDocument = { ...base, attachments };
  validateEdxmlDocument(document);
  return { kind: 'document', variant, zipped, document };
}
