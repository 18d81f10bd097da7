/**
 * The published forms of a dataset: CSV (RFC 4180: a header row, CRLF line ends, fields with a
 * comma, quote or line break in double quotes, quotes doubled; UTF-8, `text/csv;
 * header=present`), JSON (the columns and one object per row, withheld cells as null), and the
 * catalogue in DCAT-AP as JSON-LD (dcat:Catalog → dcat:Dataset → dcat:Distribution, one
 * distribution per month and format; documents-reports-ioc.md §6.3).
 */

import type { Period } from '../periods.ts';
import { type Cell, DATASETS, type Dataset, type PublishedTable } from './datasets.ts';

const field = (v: Cell): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function toCsv(table: PublishedTable): string {
  const lines = [table.dataset.columns.map((c) => field(c.name)), ...table.rows.map((r) => r.map(field))];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

export function toJson(table: PublishedTable, urls: { csv: string; metadata: string }) {
  return {
    dataset: table.dataset.id,
    title: table.dataset.title,
    period: table.period.key,
    periodLabel: table.period.label,
    suppression: {
      threshold: table.threshold,
      rule: `Ô có giá trị từ 1 đến ${table.threshold - 1} được để trống (null), cùng một ô khác trong cùng tổng nếu cần, để không suy ra được.`,
    },
    columns: table.dataset.columns,
    rows: table.rows.map((r) => Object.fromEntries(table.dataset.columns.map((c, i) => [c.name, r[i] ?? null]))),
    links: urls,
  };
}

/** Stable paths: /du-lieu-mo/<dataset>/<yyyy-mm>.csv|json, /du-lieu-mo/<dataset>.jsonld, /du-lieu-mo/catalog.jsonld. */
export const dataPath = (base: string, dataset: string, period: string, ext: 'csv' | 'json') =>
  `${base}/${dataset}/${period}.${ext}`;

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};
const vi = (value: string) => ({ '@value': value, '@language': 'vi' });
const day = (instant: Date) => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
const date = (value: string) => ({ '@value': value, '@type': 'xsd:date' });

interface CatalogInput {
  /** The absolute URL of /du-lieu-mo. */
  base: string;
  publisher: string;
  months: Period[];
  modified: Date;
}

function datasetNode(dataset: Dataset, input: CatalogInput) {
  const first = input.months.at(-1);
  const last = input.months[0];
  return {
    '@id': `${input.base}/${dataset.id}`,
    '@type': 'dcat:Dataset',
    'dct:identifier': dataset.id,
    'dct:title': vi(dataset.title),
    'dct:description': vi(dataset.description),
    'dcat:keyword': dataset.keywords.map(vi),
    'dcat:theme': vi(dataset.theme),
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': vi(input.publisher) },
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' },
    'dct:modified': date(day(input.modified)),
    'dct:accessRights': { '@id': 'http://publications.europa.eu/resource/authority/access-right/PUBLIC' },
    'dct:spatial': vi(input.publisher),
    // NĐ 47/2020 named no standard licence (documents-reports-ioc.md §6.2): the national portal's terms.
    'dct:rights': vi(
      'Được tự do sao chép, chia sẻ, kết hợp và sử dụng, kể cả vì mục đích thương mại; phải ghi rõ nguồn; không bán lại dữ liệu thô.',
    ),
    ...(first && last
      ? {
          'dct:temporal': {
            '@type': 'dct:PeriodOfTime',
            'dcat:startDate': date(day(first.start)),
            'dcat:endDate': date(day(new Date(last.end.getTime() - 1))),
          },
        }
      : {}),
    'dcat:distribution': input.months.flatMap((m) =>
      (['csv', 'json'] as const).map((ext) => ({
        '@id': dataPath(input.base, dataset.id, m.key, ext),
        '@type': 'dcat:Distribution',
        'dct:title': vi(`${dataset.title} — ${m.label} (${ext.toUpperCase()})`),
        'dcat:accessURL': { '@id': dataPath(input.base, dataset.id, m.key, ext) },
        'dcat:downloadURL': { '@id': dataPath(input.base, dataset.id, m.key, ext) },
        'dcat:mediaType': {
          '@id': `https://www.iana.org/assignments/media-types/${ext === 'csv' ? 'text/csv' : 'application/json'}`,
        },
        'dct:format': ext.toUpperCase(),
        'dct:temporal': {
          '@type': 'dct:PeriodOfTime',
          'dcat:startDate': date(day(m.start)),
          'dcat:endDate': date(day(new Date(m.end.getTime() - 1))),
        },
      })),
    ),
  };
}

export function catalogJsonLd(input: CatalogInput, only?: Dataset) {
  if (only) return { '@context': CONTEXT, ...datasetNode(only, input) };
  return {
    '@context': CONTEXT,
    '@id': `${input.base}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': vi(`Dữ liệu mở về dịch vụ công — ${input.publisher}`),
    'dct:description': vi(
      'Số liệu tổng hợp về giải quyết thủ tục hành chính và phản ánh, kiến nghị, không có dữ liệu cá nhân; ô nhỏ được để trống.',
    ),
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': vi(input.publisher) },
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/VIE' },
    'dct:modified': date(day(input.modified)),
    'dcat:dataset': DATASETS.map((d) => datasetNode(d, input)),
  };
}
