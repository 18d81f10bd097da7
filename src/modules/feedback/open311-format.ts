/**
 * Open311 GeoReport v2 documents (http://wiki.open311.org/GeoReport_v2) and mySociety's
 * `servicerequestupdates` extension, as plain objects, and their XML and JSON renderings.
 * Pure. JSON follows the spec's "Spark convention": a list document is a bare array.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { FeedbackCategory } from './categories.ts';

export type Open311Format = 'json' | 'xml';

const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** Only with `extensions=true`: the internal state behind open/closed. */
  extended_attributes?: {
    detailed_status: string;
    state: string;
    state_label: string;
    kind: string;
    classification: string;
  };
}

export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  media_url: string;
  external_status_code: string;
}

export interface Open311Error {
  code: number;
  description: string;
}

export function serviceOf(c: FeedbackCategory): Open311Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: c.group,
  };
}

/** The attributes every service takes (`attribute[code]=value` on POST requests). */
const SERVICE_ATTRIBUTES: readonly Open311Attribute[] = [
  {
    variable: true,
    code: 'kind',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: null,
    order: 1,
    description: 'Loại: phản ánh hay kiến nghị (mặc định: phản ánh).',
    values: [
      { key: 'report', name: 'Phản ánh' },
      { key: 'proposal', name: 'Kiến nghị' },
    ],
  },
  {
    variable: true,
    code: 'classification',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: null,
    order: 2,
    description: 'Phân loại (mặc định theo nhóm nội dung).',
    values: [
      { key: 'rules', name: 'Về quy định, thủ tục hành chính' },
      { key: 'conduct', name: 'Về hành vi của cán bộ, công chức' },
    ],
  },
  {
    variable: true,
    code: 'subject',
    datatype: 'string',
    required: false,
    datatype_description: 'Tối đa 200 ký tự',
    order: 3,
    description: 'Tiêu đề ngắn (mặc định: phần đầu của nội dung).',
  },
  {
    variable: true,
    code: 'dossier_code',
    datatype: 'string',
    required: false,
    datatype_description: 'Ví dụ 000.00.03.H60-261123-0001',
    order: 4,
    description: 'Mã hồ sơ thủ tục hành chính liên quan (nếu có).',
  },
  {
    variable: true,
    code: 'commune_code',
    datatype: 'string',
    required: false,
    datatype_description: '5 chữ số theo Quyết định 19/2025/QĐ-TTg',
    order: 5,
    description: 'Mã xã, phường, đặc khu nơi xảy ra sự việc.',
  },
  {
    variable: true,
    code: 'sender_address',
    datatype: 'string',
    required: false,
    datatype_description: 'Bắt buộc theo Nghị định 20/2008/NĐ-CP; nếu bỏ trống, dùng address_string',
    order: 6,
    description: 'Địa chỉ liên hệ của người gửi.',
  },
];

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: false });
const declaration = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

/** `<root><item>…</item>…</root>`: the shape of every GeoReport v2 list. */
export function listXml(root: string, item: string, items: readonly object[]): string {
  return builder.build({ ...declaration, [root]: { [item]: items } });
}

function documentXml(root: string, body: object): string {
  return builder.build({ ...declaration, [root]: body });
}

export function errorsXml(errors: readonly Open311Error[]): string {
  return listXml('errors', 'error', errors);
}

/** A service definition: `{ service_code, attributes: [...] }`; XML nests attribute and value elements. */
export function definitionDocument(code: string, format: Open311Format): string | object {
  if (format === 'json') return { service_code: code, attributes: SERVICE_ATTRIBUTES };
  return documentXml('service_definition', {
    service_code: code,
    attributes: {
      attribute: SERVICE_ATTRIBUTES.map(({ values, ...a }) => ({
        ...a,
        ...(values ? { values: { value: values } } : {}),
      })),
    },
  });
}

export interface DiscoveryInput {
  baseUrl: string;
  changeset: string;
  contact: string;
  keyService: string;
}

export function discoveryDocument(input: DiscoveryInput, format: Open311Format): string | object {
  const endpoint = {
    specification: SPECIFICATION,
    url: input.baseUrl,
    changeset: input.changeset,
    type: 'production',
  };
  const formats = ['text/xml', 'application/json'];
  const head = { changeset: input.changeset, contact: input.contact, key_service: input.keyService };
  if (format === 'json') return { ...head, endpoints: [{ ...endpoint, formats }] };
  return documentXml('discovery', {
    ...head,
    endpoints: { endpoint: [{ ...endpoint, formats: { format: formats } }] },
  });
}

/** W3C date-time in Vietnam time with its offset, as the spec requires a timezone. */
export function w3cDateTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}
