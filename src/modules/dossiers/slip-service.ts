/**
 * Slips of a dossier as PDF (Mẫu 01 receipt for now through the API; the other forms render
 * from the same data), signed PAdES on request with the receiving agency's key.
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { createDemoCertificate, signPdf } from '../../platform/pdf/index.ts';
import type { TimeLimit } from '../catalog/model.ts';
import { describeTimeLimit } from '../catalog/rules.ts';
import { agencies } from '../directory/schema.ts';
import type { Applicant } from './filing-rules.ts';
import { agencySigningKeys, dossiers } from './schema.ts';
import { renderReceiptSlip } from './slips/index.ts';
import { loadView } from './views.ts';

registerErrors({
  DOSSIER_NOT_RECEIVED_YET: {
    status: 409,
    vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.',
  },
});

/** The agency's signing key; made once per agency (demo certificate, Vietnamese subject). */
export async function signingKeyOf(db: Executor, agencyId: string) {
  const [existing] = await db.select().from(agencySigningKeys).where(eq(agencySigningKeys.agencyId, agencyId));
  if (existing) return { pkcs12: new Uint8Array(Buffer.from(existing.pkcs12, 'base64')), password: existing.password };
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw new DomainError('NOT_FOUND');
  const password = `demo-${agency.code}`;
  const cert = await createDemoCertificate({
    commonName: agency.name,
    organization: 'UBND tỉnh Tuyên Quang',
    locality: 'Tuyên Quang',
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
      subject: `CN=${agency.name}`,
    })
    .onConflictDoNothing();
  return signingKeyOf(db, agencyId);
}

export async function receiptSlip(
  db: Executor,
  caller: Caller,
  code: string,
  options: { signed: boolean; publicUrl: string },
): Promise<Uint8Array> {
  const view = await loadView(db, caller, code, { audit: caller.kind === 'staff' });
  const [row] = await db.select().from(dossiers).where(eq(dossiers.code, code));
  if (!row?.receivedAt || !row.dueAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, row.receivingAgencyId));
  const snapshot = row.procedureSnapshot as {
    name: string;
    timeLimit: TimeLimit;
    papers: Array<{ name: string; form?: string; copies?: number }>;
  };
  const applicant = row.applicant as Applicant;
  const pdf = await renderReceiptSlip({
    agency: { parentName: 'UBND tỉnh Tuyên Quang', name: agency?.name ?? '', place: 'Tuyên Quang' },
    dossierCode: view.code,
    procedureName: snapshot.name,
    applicant: {
      name: applicant.fullName,
      ...(applicant.address ? { address: applicant.address } : {}),
      ...(applicant.phone ? { phone: applicant.phone } : {}),
      ...(applicant.email ? { email: applicant.email } : {}),
    },
    trackingUrl: `${options.publicUrl}/tra-cuu/${view.code}?key=${row.trackingKey}`,
    issuedAt: row.receivedAt,
    papers: (snapshot.papers ?? []).map((p) => ({ name: p.name, ...(p.copies ? { copies: p.copies } : {}) })),
    processingTime: describeTimeLimit(snapshot.timeLimit),
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    officerName: 'Cán bộ tiếp nhận',
  });
  if (!options.signed) return pdf;
  const key = await signingKeyOf(db, row.receivingAgencyId);
  return signPdf(pdf, {
    pkcs12: key.pkcs12,
    password: key.password,
    reason: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    location: 'Tuyên Quang',
    signerName: agency?.name ?? '',
    signingTime: new Date(),
  });
}
