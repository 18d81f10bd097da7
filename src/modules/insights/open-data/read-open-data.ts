/**
 * The open-data use cases: public (no caller: the published aggregates hold no personal data and
 * withhold small cells), read from the insights read models only.
 */
import type { Executor } from '../../../platform/db/index.ts';
import { DomainError } from '../../../platform/errors.ts';
import { type Period, parsePeriod } from '../periods.ts';
import { reportLookups } from '../reports/export-report.ts';
import { DATASETS, type Dataset, findDataset, publishedMonths, publishedTable } from './datasets.ts';
import { catalogJsonLd, dataPath, toCsv, toJson } from './formats.ts';

const notFound = () => new DomainError('NOT_FOUND', {}, 'Không có bộ dữ liệu hoặc kỳ dữ liệu này.');

export interface OpenDataListing {
  publisher: string;
  datasets: Dataset[];
  months: Period[];
}

async function publisherOf(db: Executor, provinceCode: string) {
  const lookups = await reportLookups(db, provinceCode);
  const root = [...lookups.agencies.values()].find((a) => a.parentId === null && a.level === 'province');
  return { lookups, publisher: root?.name ?? 'Ủy ban nhân dân tỉnh' };
}

export async function openDataListing(db: Executor, provinceCode: string, now = new Date()): Promise<OpenDataListing> {
  const [{ publisher }, months] = await Promise.all([
    publisherOf(db, provinceCode),
    publishedMonths(db, provinceCode, now),
  ]);
  return { publisher, datasets: DATASETS, months };
}

/** The DCAT-AP catalogue (all datasets) or one dataset's description, as JSON-LD. */
export async function openDataMetadata(
  db: Executor,
  input: { provinceCode: string; base: string; datasetId?: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const listing = await openDataListing(db, input.provinceCode, now);
  const only = input.datasetId === undefined ? undefined : findDataset(input.datasetId);
  if (input.datasetId !== undefined && !only) throw notFound();
  const modified = listing.months[0] ? new Date(listing.months[0].end.getTime() - 1) : now;
  return catalogJsonLd({ base: input.base, publisher: listing.publisher, months: listing.months, modified }, only);
}

/** One dataset for one month, as CSV or JSON. */
export async function openDataFile(
  db: Executor,
  input: { provinceCode: string; base: string; datasetId: string; month: string; format: 'csv' | 'json'; now?: Date },
): Promise<{ body: string; contentType: string }> {
  const now = input.now ?? new Date();
  const dataset = findDataset(input.datasetId);
  if (!dataset || !/^\d{4}-\d{2}$/.test(input.month)) throw notFound();
  let period: Period;
  try {
    period = parsePeriod(input.month);
  } catch {
    throw notFound();
  }
  const months = await publishedMonths(db, input.provinceCode, now);
  if (!months.some((m) => m.key === period.key)) throw notFound();
  const { lookups } = await publisherOf(db, input.provinceCode);
  const table = await publishedTable(db, { provinceCode: input.provinceCode, dataset, period, lookups, now });
  if (input.format === 'csv') {
    return { body: toCsv(table), contentType: 'text/csv; charset=utf-8; header=present' };
  }
  const json = toJson(table, {
    csv: dataPath(input.base, dataset.id, period.key, 'csv'),
    metadata: `${input.base}/${dataset.id}.jsonld`,
  });
  return { body: JSON.stringify(json), contentType: 'application/json; charset=utf-8' };
}
