/**
 * The dimensions a figure is broken down and filtered by: agency (the competent agency),
 * commune (the competent agency's People's Committee of a commune, else "Cấp tỉnh"), field,
 * procedure and channel; and what grouping needs to know of agencies and procedures.
 */
import type { ProcedureFact } from '../catalog/index.ts';
import type { AgencyRow } from '../directory/index.ts';
import type { DossierRow, FeedbackRow } from './load-period.ts';

/** What a figure is keyed by: a dossier row, a rollup cell. */
export type Keyed = Pick<DossierRow, 'competentAgencyId' | 'procedureId' | 'channel'>;

const dimensions = ['agency', 'commune', 'field', 'procedure', 'channel'] as const;
export type Dimension = (typeof dimensions)[number];

export interface Filters {
  agencyId?: string | undefined;
  communeId?: string | undefined;
  fieldCode?: string | undefined;
  procedureId?: string | undefined;
  channel?: 'online' | 'counter' | 'post' | undefined;
}

/** What reports need of an agency (the directory's published row). */
export type AgencyFact = Pick<
  AgencyRow,
  'id' | 'code' | 'name' | 'shortName' | 'level' | 'kind' | 'parentId' | 'adminUnitCode' | 'active'
>;

/** What grouping needs to know: the procedures and agencies of the province. */
export interface Lookups {
  procedures: ReadonlyMap<string, ProcedureFact>;
  agencies: ReadonlyMap<string, AgencyFact>;
}

/** The commune (UBND xã/phường) an agency belongs to: itself, or its nearest ancestor of kind commune; null at province level. */
export function communeOf(agencyId: string, agencies: ReadonlyMap<string, AgencyFact>): AgencyFact | null {
  let current = agencies.get(agencyId);
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.kind === 'commune') return current;
    current = current.parentId ? agencies.get(current.parentId) : undefined;
  }
  return null;
}

export const CHANNEL_LABELS = { online: 'Trực tuyến', counter: 'Trực tiếp', post: 'Bưu chính công ích' } as const;

/** The group of a dossier along a dimension: its key and its label. */
export function groupOf(row: Keyed, dimension: Dimension, lookups: Lookups): { key: string; label: string } {
  switch (dimension) {
    case 'agency': {
      const a = lookups.agencies.get(row.competentAgencyId);
      return { key: row.competentAgencyId, label: a?.name ?? row.competentAgencyId };
    }
    case 'commune': {
      const c = communeOf(row.competentAgencyId, lookups.agencies);
      return c ? { key: c.id, label: c.name } : { key: 'province', label: 'Cấp tỉnh' };
    }
    case 'field': {
      const p = lookups.procedures.get(row.procedureId);
      return { key: p?.fieldCode ?? 'unknown', label: p?.fieldName ?? 'Không rõ lĩnh vực' };
    }
    case 'procedure': {
      const p = lookups.procedures.get(row.procedureId);
      return { key: row.procedureId, label: p?.name ?? row.procedureId };
    }
    case 'channel':
      return { key: row.channel, label: CHANNEL_LABELS[row.channel] };
  }
}

export function matches(row: Keyed, filters: Filters, lookups: Lookups): boolean {
  if (filters.agencyId && row.competentAgencyId !== filters.agencyId) return false;
  if (filters.channel && row.channel !== filters.channel) return false;
  if (filters.procedureId && row.procedureId !== filters.procedureId) return false;
  if (filters.fieldCode && lookups.procedures.get(row.procedureId)?.fieldCode !== filters.fieldCode) return false;
  if (filters.communeId) {
    const c = communeOf(row.competentAgencyId, lookups.agencies);
    if ((c?.id ?? 'province') !== filters.communeId) return false;
  }
  return true;
}

export const feedbackMatches = (row: FeedbackRow, filters: Filters, lookups: Lookups): boolean => {
  if (filters.agencyId && row.agencyId !== filters.agencyId) return false;
  if (filters.communeId && (communeOf(row.agencyId, lookups.agencies)?.id ?? 'province') !== filters.communeId) {
    return false;
  }
  return true;
};
/** Feedback has an agency but no procedure or channel of a dossier: it is shown only for agency, commune and province. */
export const feedbackApplies = (filters: Filters) => !filters.fieldCode && !filters.procedureId && !filters.channel;
