import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type AgencyKind, findAgencies, isAdminUnitOf } from '../directory/index.ts';
import { competentAgencyOfDossier } from '../dossiers/index.ts';
import type { FeedbackCategory } from './categories.ts';
import './errors.ts';
import type { RoutedBy } from './schema.ts';

export interface RouteInput {
  provinceCode: string;
  category: FeedbackCategory;
  communeCode?: string | undefined;
  dossierCode?: string | undefined;
  chosenAgencyId?: string | undefined;
}

export interface Route {
  agencyId: string;
  routedBy: RoutedBy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An active agency of the province, or FEEDBACK_AGENCY_UNKNOWN. */
export async function requireProvinceAgency(db: Executor, provinceCode: string, agencyId: string) {
  const [row] = UUID.test(agencyId) ? await findAgencies(db, { ids: [agencyId], provinceCode, active: true }) : [];
  if (!row) throw new DomainError('FEEDBACK_AGENCY_UNKNOWN', { agencyId });
  return row;
}

async function firstOfKind(db: Executor, provinceCode: string, kind: AgencyKind, adminUnitCode?: string) {
  const [row] = await findAgencies(db, {
    provinceCode,
    kinds: [kind],
    active: true,
    ...(adminUnitCode ? { adminUnitCode } : { level: 'province' as const }),
  });
  return row?.id;
}

/** Checks that a commune-level unit belongs to the province (§4.3 codes, 5 digits). */
export async function requireCommune(db: Executor, provinceCode: string, communeCode: string): Promise<void> {
  const known = /^\d{5}$/.test(communeCode) && (await isAdminUnitOf(db, communeCode, provinceCode));
  if (!known) throw new DomainError('FEEDBACK_COMMUNE_UNKNOWN', { communeCode });
}

export async function routeFeedback(db: Executor, input: RouteInput): Promise<Route> {
  const { provinceCode } = input;
  if (input.chosenAgencyId) {
    const agency = await requireProvinceAgency(db, provinceCode, input.chosenAgencyId);
    return { agencyId: agency.id, routedBy: 'chosen' };
  }
  if (input.dossierCode) {
    const agencyId = await competentAgencyOfDossier(db, input.dossierCode, provinceCode);
    if (agencyId) return { agencyId, routedBy: 'dossier' };
  }
  if (input.communeCode && input.category.scope === 'commune') {
    const commune = await firstOfKind(db, provinceCode, 'commune', input.communeCode);
    if (commune) return { agencyId: commune, routedBy: 'commune' };
  }
  const department = await firstOfKind(db, provinceCode, input.category.agencyKind);
  if (department) return { agencyId: department, routedBy: 'category' };
  const centre =
    (await firstOfKind(db, provinceCode, 'service_centre')) ??
    (await firstOfKind(db, provinceCode, 'people_committee'));
  if (centre) return { agencyId: centre, routedBy: 'default' };
  throw new DomainError('FEEDBACK_NO_AGENCY', { provinceCode });
}
