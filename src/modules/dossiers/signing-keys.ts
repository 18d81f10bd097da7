/**
 * How an agency appears on paper and signs it: the letterhead of its slips (Decree 30/2020:
 * governing body, agency, place) and the PKCS#12 it signs slips and results with. Demo
 * certificates carry Vietnamese subjects; an HSM replaces them in production.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { createDemoCertificate, signPdf } from '../../platform/pdf/index.ts';
import { adminUnitName, findAgencies, agencyById as findAgency, provinceCommitteeOf } from '../directory/index.ts';
import { agencySigningKeys } from './schema.ts';
import type { IssuingAgency } from './slips/types.ts';

registerErrors({
  DOSSIER_AGENCY_NOT_FOUND: { status: 404, vi: 'Không tìm thấy cơ quan.' },
});

/** "Tỉnh Tuyên Quang" → "Tuyên Quang": the place on the date line. */
async function provinceNameOf(db: Executor, provinceCode: string): Promise<string> {
  return ((await adminUnitName(db, provinceCode)) ?? '').replace(/^(Tỉnh|Thành phố)\s+/u, '');
}

async function agencyById(db: Executor, id: string) {
  const agency = await findAgency(db, id);
  if (!agency) throw new DomainError('DOSSIER_AGENCY_NOT_FOUND', { agencyId: id });
  return agency;
}

/** The header block of a slip: the governing body (the parent agency), the agency and the place. */
export async function letterheadOf(db: Executor, agencyId: string): Promise<IssuingAgency> {
  const agency = await agencyById(db, agencyId);
  // A people's committee heads its own paper: no superior body line above it (Decree 30/2020,
  // Annex I §II.2: the superior body is printed only for bodies that have a direct one).
  const committee = /^(Ủy|Uỷ) ban nhân dân/iu.test(agency.name);
  const parent = agency.parentId && !committee ? await agencyById(db, agency.parentId) : undefined;
  const place = await provinceNameOf(db, agency.provinceCode);
  return {
    ...(parent ? { parentName: parent.shortName ?? parent.name } : {}),
    name: agency.name,
    place,
  };
}

/** The province's people's committee, the organisation on every demo certificate (O=). */
async function organisationOf(db: Executor, provinceCode: string): Promise<string> {
  const root = await provinceCommitteeOf(db, provinceCode);
  return root?.shortName ?? root?.name ?? `UBND tỉnh ${await provinceNameOf(db, provinceCode)}`;
}

/** The agency's signing key; a demo certificate is made the first time it is needed. */
async function signingKeyOf(db: Executor, agencyId: string): Promise<{ pkcs12: Uint8Array; password: string }> {
  const [existing] = await db.select().from(agencySigningKeys).where(eq(agencySigningKeys.agencyId, agencyId));
  if (existing) return { pkcs12: new Uint8Array(Buffer.from(existing.pkcs12, 'base64')), password: existing.password };
  const agency = await agencyById(db, agencyId);
  const password = `demo-${agency.code}`;
  const organization = await organisationOf(db, agency.provinceCode);
  const locality = await provinceNameOf(db, agency.provinceCode);
  // ECDSA P-256: a demo key per agency is made in milliseconds, so seeding stays fast.
  const cert = await createDemoCertificate({
    commonName: agency.name,
    organization,
    locality,
    country: 'VN',
    password,
    keyAlgorithm: 'ECDSA-P256',
  });
  await db
    .insert(agencySigningKeys)
    .values({
      agencyId,
      provinceCode: agency.provinceCode,
      pkcs12: Buffer.from(cert.pkcs12).toString('base64'),
      password,
      subject: `CN=${agency.name}, O=${organization}, L=${locality}, C=VN`,
    })
    .onConflictDoNothing();
  return signingKeyOf(db, agencyId);
}

/** Signs a PDF PAdES with the agency's certificate. */
export async function signAsAgency(
  db: Executor,
  agencyId: string,
  pdf: Uint8Array,
  options: { reason: string; at: Date },
): Promise<Uint8Array> {
  const agency = await agencyById(db, agencyId);
  const key = await signingKeyOf(db, agencyId);
  return signPdf(pdf, {
    pkcs12: key.pkcs12,
    password: key.password,
    reason: options.reason,
    location: await provinceNameOf(db, agency.provinceCode),
    signerName: agency.name,
    signingTime: options.at,
  });
}

/** Agencies that sign slips and results: service centres, people's committees and departments. */
const signingKinds = [
  'service_centre',
  'people_committee',
  'commune',
  'justice',
  'home_affairs',
  'finance',
  'agriculture_environment',
  'construction',
  'health',
  'education',
  'culture',
  'science_technology',
  'industry_trade',
] as const;

/** Demo seed: a signing certificate with a Vietnamese subject for every agency that signs. */
export async function seedDossiers(db: Executor, options: { provinceCode: string }): Promise<{ created: boolean }> {
  const signers = await findAgencies(db, { provinceCode: options.provinceCode, kinds: signingKinds });
  for (const a of signers) await signingKeyOf(db, a.id);
  return { created: signers.length > 0 };
}

/**
 * The province's signing key (its people's committee's certificate), which signs the audit
 * checkpoints; undefined when none was made (no key is minted here).
 */
export async function provinceSigningKey(
  db: Executor,
  provinceCode: string,
): Promise<{ pkcs12: Uint8Array; password: string } | undefined> {
  const root = await provinceCommitteeOf(db, provinceCode);
  if (!root) return undefined;
  const [existing] = await db
    .select({ agencyId: agencySigningKeys.agencyId })
    .from(agencySigningKeys)
    .where(eq(agencySigningKeys.agencyId, root.id));
  return existing ? signingKeyOf(db, root.id) : undefined;
}
