/**
 * Which agency answers an item (§8.1: misfiled items are re-routed). In order:
 *   1. the agency the sender or the officer chose;
 *   2. the competent agency of the dossier the item is about;
 *   3. for a category handled locally (`scope: 'commune'`), the People's Committee of the
 *      commune the sender named;
 *   4. the province-level agency of the category's kind (the department);
 *   5. the province's Public Administration Service Centre, which re-routes by hand.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type AgencyKind, adminUnits, agencies } from '../directory/schema.ts';
import { dossiers } from '../dossiers/schema.ts';
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
  const [row] = UUID.test(agencyId)
    ? await db
        .select()
        .from(agencies)
        .where(and(eq(agencies.id, agencyId), eq(agencies.provinceCode, provinceCode), eq(agencies.active, true)))
    : [];
  if (!row) throw new DomainError('FEEDBACK_AGENCY_UNKNOWN', { agencyId });
  return row;
}

async function firstOfKind(db: Executor, provinceCode: string, kind: AgencyKind, adminUnitCode?: string) {
  const where = [eq(agencies.provinceCode, provinceCode), eq(agencies.kind, kind), eq(agencies.active, true)];
  if (adminUnitCode) where.push(eq(agencies.adminUnitCode, adminUnitCode));
  else where.push(eq(agencies.level, 'province'));
  const [row] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(...where))
    .orderBy(asc(agencies.code))
    .limit(1);
  return row?.id;
}

/** Checks that a commune-level unit belongs to the province (§4.3 codes, 5 digits). */
export async function requireCommune(db: Executor, provinceCode: string, communeCode: string): Promise<void> {
  const [unit] = /^\d{5}$/.test(communeCode)
    ? await db
        .select({ code: adminUnits.code })
        .from(adminUnits)
        .where(and(eq(adminUnits.code, communeCode), eq(adminUnits.provinceCode, provinceCode)))
    : [];
  if (!unit) throw new DomainError('FEEDBACK_COMMUNE_UNKNOWN', { communeCode });
}

export async function routeFeedback(db: Executor, input: RouteInput): Promise<Route> {
  const { provinceCode } = input;
  if (input.chosenAgencyId) {
    const agency = await requireProvinceAgency(db, provinceCode, input.chosenAgencyId);
    return { agencyId: agency.id, routedBy: 'chosen' };
  }
  if (input.dossierCode) {
    const [dossier] = await db
      .select({ agencyId: dossiers.competentAgencyId })
      .from(dossiers)
      .where(and(eq(dossiers.code, input.dossierCode), eq(dossiers.provinceCode, provinceCode)));
    if (dossier) return { agencyId: dossier.agencyId, routedBy: 'dossier' };
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
