/**
 * Open data on the hand-computed dataset of testing.ts (November 2026): small cells withheld
 * by the rule of suppress.ts, the CSV read back by a strict RFC 4180 parser, the JSON's nulls,
 * and the DCAT-AP catalogue expanded by a JSON-LD processor.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import jsonld from 'jsonld';
import { createTestDb, type TestDb } from '../../../platform/db/testing.ts';
import type { Lookups } from '../dimensions.ts';
import { parsePeriod } from '../periods.ts';
import { ids, lookups, PROVINCE, writeDataset } from '../testing.ts';
import { DATASETS, publishedMonths, publishedTable } from './datasets.ts';
import { catalogJsonLd, toCsv, toJson } from './formats.ts';
import { suppressRow } from './suppress.ts';

let t: TestDb;
const now = new Date('2026-12-15T03:00:00Z');
const november = parsePeriod('2026-11');
const [dossierSet, feedbackSet] = DATASETS;

before(async () => {
  t = await createTestDb();
  await writeDataset(t.db);
});
after(() => t.close());

test('cells from 1 to 4 are withheld, and one more in a sum that would give a withheld one away', () => {
  const groups = dossierSet?.groups ?? [];
  // received 12 = 7 + 3 + 2: 3 and 2 withheld (two hidden parts cannot be told apart);
  // handled 9 = 5 + 4 + 0: 4 withheld, then 5 too (else 9 − 5 − 0 = 4); in progress 3 = 3 + 0: all small.
  assert.deepEqual(suppressRow([12, 7, 3, 2, 9, 5, 4, 0, 3, 3, 0], groups), [
    12,
    7,
    null,
    null,
    9,
    null,
    null,
    0,
    null,
    null,
    0,
  ]);
  // Nothing small: everything published, zeros included.
  assert.deepEqual(suppressRow([20, 10, 10, 0, 15, 5, 10, 0, 5, 5, 0], groups), [20, 10, 10, 0, 15, 5, 10, 0, 5, 5, 0]);
});

test('a month of dossier statistics as RFC 4180 CSV and as JSON: one row per unit, no personal data', async () => {
  assert.ok(dossierSet);
  // A unit name with a comma and quotes, to be quoted in the CSV.
  const agencies = new Map(lookups.agencies);
  const p = agencies.get(ids.P);
  assert.ok(p);
  agencies.set(ids.P, { ...p, name: 'Sở Tư pháp, tỉnh "Thử"' });
  const named: Lookups = { ...lookups, agencies };
  const table = await publishedTable(t.db, {
    provinceCode: PROVINCE,
    dataset: dossierSet,
    period: november,
    lookups: named,
    now,
  });
  const csv = toCsv(table);
  assert.ok(csv.endsWith('\r\n') && !/[^\r]\n/.test(csv), 'CRLF line ends');
  const records = parse(csv, {
    columns: true,
    record_delimiter: '\r\n',
    relax_quotes: false,
    relax_column_count: false,
  }) as Record<string, string>[];
  // Sở Tư pháp: received 4 = 1 + 2 + 1, handled 2 = 1 + 0 + 1, in progress 1 = 1 + 0: every
  // non-zero count is below 5, withheld (empty); zeros stay. Likewise the commune (5 = 2 + 2 + 1:
  // the total 5 is published, its three parts withheld).
  assert.deepEqual(records, [
    {
      ky: '2026-11',
      ma_don_vi: ids.P.slice(0, 8),
      ten_don_vi: 'Sở Tư pháp, tỉnh "Thử"',
      cap: 'tinh',
      nhan_tong_so: '',
      nhan_truc_tuyen: '',
      nhan_truc_tiep_buu_chinh: '',
      nhan_tu_ky_truoc: '',
      da_giai_quyet: '',
      truoc_han: '',
      dung_han: '0',
      qua_han: '',
      dang_giai_quyet: '',
      dang_trong_han: '',
      dang_qua_han: '0',
    },
    {
      ky: '2026-11',
      ma_don_vi: ids.C1.slice(0, 8),
      ten_don_vi: 'Ủy ban nhân dân xã Đồng Văn',
      cap: 'xa',
      nhan_tong_so: '5',
      nhan_truc_tuyen: '',
      nhan_truc_tiep_buu_chinh: '',
      nhan_tu_ky_truoc: '',
      da_giai_quyet: '',
      truoc_han: '',
      dung_han: '',
      qua_han: '',
      dang_giai_quyet: '',
      dang_trong_han: '0',
      dang_qua_han: '',
    },
  ]);
  assert.doesNotMatch(csv, /TEST-261101|officer-/, 'no dossier code, no officer');
  const json = toJson(table, { csv: 'x.csv', metadata: 'x.jsonld' });
  assert.equal(json.suppression.threshold, 5);
  assert.equal(json.rows[1]?.nhan_tong_so, 5);
  assert.equal(json.rows[1]?.nhan_truc_tuyen, null);
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'plain JSON');
});

test('feedback statistics: the commune’s three items, withheld', async () => {
  assert.ok(feedbackSet);
  const table = await publishedTable(t.db, {
    provinceCode: PROVINCE,
    dataset: feedbackSet,
    period: november,
    lookups,
    now,
  });
  // C1: received 3 (rules 3, conduct 0), handled 2 (on time 2, late 0), in progress 1 (within 1).
  assert.deepEqual(table.rows[1]?.slice(4), [null, null, 0, null, null, 0, null, null, 0]);
});

test('the DCAT-AP catalogue is JSON-LD a processor expands: datasets, monthly distributions, media types', async () => {
  // Whole months from the first received dossier (September 2026) to the one before now (November).
  const months = await publishedMonths(t.db, PROVINCE, now);
  assert.deepEqual(
    months.map((m) => m.key),
    ['2026-11', '2026-10', '2026-09'],
  );
  const doc = catalogJsonLd({
    base: 'https://motcua.example.vn/du-lieu-mo',
    publisher: 'Ủy ban nhân dân tỉnh',
    months,
    modified: now,
  });
  const expanded = await jsonld.expand(JSON.parse(JSON.stringify(doc)), {
    documentLoader: async (url: string) => {
      throw new Error(`no network: ${url}`);
    },
  });
  const DCAT = 'http://www.w3.org/ns/dcat#';
  const catalog = expanded[0] as Record<string, unknown>;
  assert.deepEqual(catalog['@type'], [`${DCAT}Catalog`]);
  const datasets = catalog[`${DCAT}dataset`] as Record<string, unknown>[];
  assert.equal(datasets.length, 2);
  const first = datasets[0] as Record<string, unknown[]>;
  assert.deepEqual(first['@type'], [`${DCAT}Dataset`]);
  const distributions = first[`${DCAT}distribution`] as Record<string, unknown[]>[];
  assert.equal(distributions.length, 6, 'three months × CSV and JSON');
  assert.deepEqual(distributions[0]?.[`${DCAT}downloadURL`], [
    { '@id': 'https://motcua.example.vn/du-lieu-mo/ho-so-thu-tuc-hanh-chinh/2026-11.csv' },
  ]);
  assert.deepEqual(distributions[0]?.[`${DCAT}mediaType`], [
    { '@id': 'https://www.iana.org/assignments/media-types/text/csv' },
  ]);
  const rdf = await jsonld.toRDF(JSON.parse(JSON.stringify(doc)), { format: 'application/n-quads' });
  assert.match(
    String(rdf),
    /<http:\/\/purl\.org\/dc\/terms\/accrualPeriodicity> <http:\/\/publications\.europa\.eu\/resource\/authority\/frequency\/MONTHLY>/,
  );
});
