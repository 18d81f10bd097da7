/**
 * Whose report: the province (form 06 for the Government Office, rows by level then by unit),
 * or one agency or one commune (rows by field for a single unit, documents-reports-ioc.md §3.2
 * "Row groupings"). The reporting unit, the unit it reports to, and the place of the signature
 * line come from the directory's agencies.
 */
import { DomainError } from '../../../platform/errors.ts';
import { type AgencyFact, communeOf, type Filters, type Lookups } from '../dimensions.ts';

export type ReportScope =
  | { level: 'province' }
  | { level: 'agency'; agencyId: string }
  | { level: 'commune'; communeId: string };

export interface ScopeHeader {
  reportingUnit: string;
  parentUnit: string | null;
  receivingUnit: string;
  place: string;
  /** The file name's part for the scope: "tinh", "co-quan-000.00.03.H60", "xa-…". */
  slug: string;
  filters: Filters;
}

/** The province's people's committee: the directory's root agency. */
function provinceRoot(lookups: Lookups): AgencyFact | undefined {
  return [...lookups.agencies.values()].find((a) => a.parentId === null && a.level === 'province');
}

export function scopeHeader(scope: ReportScope, lookups: Lookups): ScopeHeader {
  const root = provinceRoot(lookups);
  const rootName = root?.name ?? 'Ủy ban nhân dân tỉnh';
  // "Ủy ban nhân dân tỉnh Tuyên Quang" → "Tuyên Quang" for "Tuyên Quang, ngày … tháng … năm …".
  const place = rootName.replace(/^Ủy ban nhân dân (tỉnh|thành phố)\s*/u, '') || rootName;
  if (scope.level === 'province') {
    return {
      reportingUnit: rootName,
      parentUnit: null,
      receivingUnit: 'Văn phòng Chính phủ',
      place,
      slug: 'tinh',
      filters: {},
    };
  }
  const id = scope.level === 'agency' ? scope.agencyId : scope.communeId;
  const unit = lookups.agencies.get(id);
  if (!unit || (scope.level === 'commune' && unit.kind !== 'commune')) {
    throw new DomainError('NOT_FOUND', { unit: id }, 'Không tìm thấy đơn vị của báo cáo.');
  }
  const parent = unit.parentId ? lookups.agencies.get(unit.parentId) : undefined;
  // A commune's agencies report to the commune; the commune and the departments to the province.
  const commune = scope.level === 'agency' ? communeOf(unit.id, lookups.agencies) : null;
  const receiving = commune && commune.id !== unit.id ? commune.name : rootName;
  return {
    reportingUnit: unit.name,
    parentUnit: parent?.name ?? null,
    receivingUnit: receiving,
    place,
    slug: `${scope.level === 'agency' ? 'co-quan' : 'xa'}-${unit.code}`,
    filters: scope.level === 'agency' ? { agencyId: unit.id } : { communeId: unit.id },
  };
}

const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'vi');

/**
 * The units of the province's report, by level (§3.2: "Sở ban ngành", then the communes; the
 * district level is gone since 07/2025): the province-level agencies with something to count,
 * and the communes (each with the agencies under it).
 */
export function provinceUnits(
  agencyIds: Iterable<string>,
  lookups: Lookups,
): { provinceAgencies: { key: string; label: string }[]; communes: { key: string; label: string }[] } {
  const provinceAgencies = new Map<string, string>();
  const communes = new Map<string, string>();
  for (const id of agencyIds) {
    const commune = communeOf(id, lookups.agencies);
    if (commune) communes.set(commune.id, commune.name);
    else provinceAgencies.set(id, lookups.agencies.get(id)?.name ?? id);
  }
  const list = (m: Map<string, string>) => [...m].map(([key, label]) => ({ key, label })).sort(byName);
  return { provinceAgencies: list(provinceAgencies), communes: list(communes) };
}
