/**
 * Builds edXML packages (QCVN 102:2016, DOMAIN.md §6.1–§6.2) with fast-xml-parser's builder:
 * elements in the order of the standard, two-space indentation as the VPCP gateway writes them.
 * `enveloped` is the current layout (edXML > edXMLEnvelope > edXMLHeader/edXMLBody, attachments
 * in AttachmentEncoded); `flat` is the older EdXMLEnvelope > MessageHeader layout with the files
 * in Manifest. Attachments are zipped before base64 as the VPCP gateway does, unless `zip: false`.
 */
import { XMLBuilder } from 'fast-xml-parser';
import JSZip from 'jszip';
import {
  type Attachment,
  EDXML_NAMESPACE,
  type EdxmlDocument,
  type EdxmlStatus,
  type EdxmlVariant,
  type Organ,
  type StaffInfo,
} from './model.ts';
import { validateEdxmlDocument, validateEdxmlStatus } from './validate-edxml.ts';

type Node = Record<string, unknown>;

const builder = new XMLBuilder({
  format: true,
  indentBy: '  ',
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
});

const DECLARATION = { '@_version': '1.0', '@_encoding': 'UTF-8' };
/** Fixed so that the same file zips to the same bytes (the date is not meaningful to the receiver). */
const ZIP_DATE = new Date(Date.UTC(2016, 0, 1));

/** Prefixes every key with `edXML:` and drops absent values, keeping the order given. */
function ed(fields: Record<string, unknown>): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key.startsWith('@_') || key === '#text' ? key : `edXML:${key}`] = value;
  }
  return out;
}

function organ(o: Organ): Node {
  return ed({
    OrganId: o.organId,
    OrganizationInCharge: o.organizationInCharge,
    OrganName: o.organName,
    OrganAdd: o.organAdd,
    Email: o.email,
    Telephone: o.telephone,
    Fax: o.fax,
    Website: o.website,
  });
}

function staff(s: StaffInfo | undefined): Node | undefined {
  return s ? ed({ Department: s.department, Staff: s.staff, Mobile: s.mobile, Email: s.email }) : undefined;
}

function messageHeader(doc: EdxmlDocument): Node {
  const o = doc.otherInfo;
  return ed({
    From: organ(doc.from),
    To: doc.to.map(organ),
    DocumentId: doc.documentId,
    Code: ed({ CodeNumber: doc.code.codeNumber, CodeNotation: doc.code.codeNotation }),
    PromulgationInfo: ed({ Place: doc.promulgation.place, PromulgationDate: doc.promulgation.date }),
    DocumentType: ed({
      Type: doc.documentType.type,
      TypeDetail: doc.documentType.typeDetail,
      TypeName: doc.documentType.typeName,
    }),
    Subject: doc.subject,
    Content: doc.content,
    SignerInfo: ed({ Competence: doc.signer.competence, Position: doc.signer.position, FullName: doc.signer.fullName }),
    DueDate: doc.dueDate,
    ResponseDate: doc.responseDate,
    ToPlaces: doc.toPlaces.length > 0 ? ed({ Place: doc.toPlaces }) : undefined,
    OtherInfo: ed({
      Priority: o.priority,
      SphereOfPromulgation: o.sphereOfPromulgation,
      TyperNotation: o.typerNotation,
      PromulgationAmount: o.promulgationAmount,
      PageAmount: o.pageAmount,
      Direction: o.direction,
      Appendixes: o.appendixes.length > 0 ? ed({ Appendix: o.appendixes }) : undefined,
    }),
    SteeringType: doc.steeringType,
  });
}

function traceHeaderList(doc: EdxmlDocument): Node {
  const b = doc.business;
  return ed({
    Bussiness: ed({
      DocumentId: b.documentId,
      BussinessDocType: b.docType,
      BussinessDocReason: b.reason,
      Paper: b.paper,
      StaffInfo: staff(b.staff),
    }),
    TraceHeader: doc.traces.map((t) => ed({ OrganId: t.organId, Timestamp: t.timestamp })),
  });
}

async function encode(a: Attachment, zip: boolean): Promise<string> {
  if (!zip) return Buffer.from(a.bytes).toString('base64');
  const archive = new JSZip();
  archive.file(a.name, a.bytes, { date: ZIP_DATE, binary: true });
  const zipped = await archive.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return Buffer.from(zipped).toString('base64');
}

export interface BuildOptions {
  variant?: EdxmlVariant;
  /** Zip each file before base64 (the VPCP gateway does); default true. */
  zip?: boolean;
}

/** The package's XML text (UTF-8, declaration first); throws EDXML_INVALID when a field is missing or too long. */
export async function buildEdxmlDocument(doc: EdxmlDocument, options: BuildOptions = {}): Promise<string> {
  validateEdxmlDocument(doc);
  const zip = options.zip ?? true;
  const encoded = await Promise.all(doc.attachments.map((a) => encode(a, zip)));
  if (options.variant === 'flat') {
    return builder.build({
      '?xml': DECLARATION,
      'edXML:EdXMLEnvelope': {
        '@_xmlns:edXML': EDXML_NAMESPACE,
        'edXML:MessageHeader': messageHeader(doc),
        'edXML:TraceHeaderList': traceHeaderList(doc),
        'edXML:Manifest': ed({
          Attachment: doc.attachments.map((a, i) =>
            ed({
              ContentId: a.contentId,
              FileName: a.name,
              FileType: a.contentType,
              Description: a.description,
              Content: encoded[i],
            }),
          ),
        }),
      },
    });
  }
  return builder.build({
    '?xml': DECLARATION,
    edXML: {
      '@_xmlns': EDXML_NAMESPACE,
      'edXML:edXMLEnvelope': {
        '@_xmlns:edXML': EDXML_NAMESPACE,
        'edXML:edXMLHeader': ed({ MessageHeader: messageHeader(doc), TraceHeaderList: traceHeaderList(doc) }),
        'edXML:edXMLBody': ed({
          edXMLManifest: ed({
            '@_version': '1.0',
            Reference: doc.attachments.map((a) =>
              ed({
                ContentId: a.contentId,
                ContentType: a.contentType,
                AttachmentName: a.name,
                Description: a.description,
              }),
            ),
          }),
        }),
      },
      AttachmentEncoded: {
        Attachment: doc.attachments.map((a, i) => ({
          ContentId: a.contentId,
          AttachmentName: a.name,
          Description: a.description,
          ContentType: a.contentType,
          'edXML:ContentTransferEncoded': { '@_xmlns:edXML': EDXML_NAMESPACE, '#text': encoded[i] },
        })),
      },
    },
  });
}

function statusNode(status: EdxmlStatus): Node {
  const r = status.responseFor;
  return ed({
    ResponseFor: ed({
      OrganId: r.organId,
      Code: r.code,
      PromulgationDate: r.promulgationDate,
      DocumentId: r.documentId,
    }),
    From: organ(status.from),
    StatusCode: status.statusCode,
    Description: status.description,
    Timestamp: status.timestamp,
    StaffInfo: staff(status.staff),
  });
}

/**
 * The status package. `enveloped`: edXML > edXMLEnvelope > edXMLHeader > Status; `flat`: the
 * SOAP form the VPCP status builder writes (SOAP-ENV:Envelope > SOAP-ENV:Header > edXML:Status).
 */
export function buildEdxmlStatus(status: EdxmlStatus, options: { variant?: EdxmlVariant } = {}): string {
  validateEdxmlStatus(status);
  if (options.variant === 'flat') {
    return builder.build({
      '?xml': DECLARATION,
      'SOAP-ENV:Envelope': {
        '@_xmlns:SOAP-ENV': 'http://schemas.xmlsoap.org/soap/envelope/',
        'SOAP-ENV:Header': { 'edXML:Status': { '@_xmlns:edXML': EDXML_NAMESPACE, ...statusNode(status) } },
        'SOAP-ENV:Body': '',
      },
    });
  }
  return builder.build({
    '?xml': DECLARATION,
    edXML: {
      '@_xmlns': EDXML_NAMESPACE,
      'edXML:edXMLEnvelope': {
        '@_xmlns:edXML': EDXML_NAMESPACE,
        'edXML:edXMLHeader': { 'edXML:Status': statusNode(status) },
        'edXML:edXMLBody': '',
      },
    },
  });
}
