/**
 * Slips of a dossier as PDF (Mẫu 01 receipt for now through the API; the other forms render
 * from the same data), signed PAdES on request with the receiving agency's key.
 */
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { createDemoCertificate, signPdf } from '../../platform/pdf/index.ts';
import type { TimeLimit } from '../catalog/model.ts';
import { describeTimeLimit } from '../catalog/rules.ts';
import { agencies } from '../directory/schema.ts';
import type { Applicant } from './filing-rules.ts';
import { agencySigningKeys, dossierActions, dossierSteps, dossiers } from './schema.ts';
import {
  renderApology,
  renderControlSheet,
  renderDossierRegister,
  renderIntakeRefusal,
  renderReceiptSlip,
  renderStopNotice,
  renderSupplementRequest,
} from './slips/index.ts';
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

export const slipKinds = [
  'receipt',
  'supplement-request',
  'intake-refusal',
  'apology',
  'stop-notice',
  'control-sheet',
] as const;
export type SlipKind = (typeof slipKinds)[number];

registerErrors({
  DOSSIER_SLIP_NOT_ISSUED: { status: 409, vi: 'Hồ sơ chưa có phiếu này (chưa phát sinh thao tác tương ứng).' },
});

/** Any slip of Mẫu 01–06 from the dossier's own record (the latest action of its kind). */
export async function dossierSlip(
  db: Executor,
  caller: Caller,
  code: string,
  kind: SlipKind,
  options: { signed: boolean; publicUrl: string },
): Promise<Uint8Array> {
  if (kind === 'receipt') return receiptSlip(db, caller, code, options);
  const view = await loadView(db, caller, code, { audit: caller.kind === 'staff' });
  const [row] = await db.select().from(dossiers).where(eq(dossiers.code, code));
  if (!row) throw new DomainError('DOSSIER_NOT_FOUND');
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, row.holdingAgencyId));
  const applicant = row.applicant as Applicant;
  const base = {
    agency: { parentName: 'UBND tỉnh Tuyên Quang', name: agency?.name ?? '', place: 'Tuyên Quang' },
    dossierCode: view.code,
    procedureName: view.procedure.name,
    applicant: {
      name: applicant.fullName,
      ...(applicant.address ? { address: applicant.address } : {}),
      ...(applicant.phone ? { phone: applicant.phone } : {}),
    },
    trackingUrl: `${options.publicUrl}/tra-cuu/${view.code}?key=${row.trackingKey}`,
    issuedAt: new Date(),
  };
  const latest = async (type: string) => {
    const all = await db
      .select()
      .from(dossierActions)
      .where(eq(dossierActions.dossierId, row.id))
      .orderBy(desc(dossierActions.seq));
    const found = all.find((x) => x.type === type);
    if (!found) throw new DomainError('DOSSIER_SLIP_NOT_ISSUED', { kind });
    return found;
  };
  const leader = { title: 'THỦ TRƯỞNG CƠ QUAN', name: agency?.name ?? '' };
  let pdf: Uint8Array;
  if (kind === 'supplement-request') {
    const a = await latest('request_supplement');
    const p = a.payload as { missingPapers: Array<{ name: string; reason: string }>; note?: string };
    pdf = await renderSupplementRequest({
      ...base,
      issuedAt: a.at,
      requirements: p.missingPapers.map((m) => ({ paper: m.name, detail: m.reason })),
      ...(p.note ? { reason: p.note } : {}),
      ...(row.receivedAt ? { receivedAt: row.receivedAt } : {}),
      officerName: 'Cán bộ tiếp nhận',
    });
  } else if (kind === 'intake-refusal') {
    const a = await latest('refuse_intake');
    pdf = await renderIntakeRefusal({
      ...base,
      issuedAt: a.at,
      reasons: [(a.payload as { reason: string }).reason],
      officerName: 'Cán bộ tiếp nhận',
    });
  } else if (kind === 'apology') {
    const a = await latest('apologise_extend');
    const p = a.payload as { reason: string; newDueAt: string };
    const receivedAt = row.receivedAt ?? a.at;
    pdf = await renderApology({
      ...base,
      issuedAt: a.at,
      receivedAt,
      originalDueAt: new Date((a.response as { dueAt?: string } | null)?.dueAt ?? p.newDueAt),
      newDueAt: new Date(p.newDueAt),
      reason: p.reason,
      signatory: leader,
    });
  } else if (kind === 'stop-notice') {
    const a = await latest('stop');
    pdf = await renderStopNotice({
      ...base,
      issuedAt: a.at,
      receivedAt: row.receivedAt ?? a.at,
      stoppedAt: a.at,
      reason: (a.payload as { reason: string }).reason,
      signatory: leader,
    });
  } else {
    if (!row.receivedAt || !row.dueAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
    const steps = await db
      .select()
      .from(dossierSteps)
      .where(eq(dossierSteps.dossierId, row.id))
      .orderBy(asc(dossierSteps.idx));
    const names = new Map(
      (await db.select({ id: agencies.id, name: agencies.name }).from(agencies)).map((x) => [x.id, x.name]),
    );
    const handovers = steps.flatMap((s, i) => {
      const next = steps[i + 1];
      if (!s.completedAt || !next) return [];
      const timing = s.dueAt ? (s.completedAt <= s.dueAt ? ('onTime' as const) : ('late' as const)) : undefined;
      return [
        {
          fromUnit: names.get(s.agencyId) ?? '',
          toUnit: names.get(next.agencyId) ?? '',
          at: s.completedAt,
          ...(timing ? { timing } : {}),
          note: s.name,
        },
      ];
    });
    pdf = await renderControlSheet({
      ...base,
      receivedAt: row.receivedAt,
      dueAt: row.dueAt,
      competentAgency: names.get(row.competentAgencyId) ?? '',
      handovers,
    });
  }
  if (!options.signed) return pdf;
  const key = await signingKeyOf(db, row.holdingAgencyId);
  return signPdf(pdf, {
    pkcs12: key.pkcs12,
    password: key.password,
    reason: 'Phiếu hồ sơ thủ tục hành chính',
    location: 'Tuyên Quang',
    signerName: agency?.name ?? '',
    signingTime: new Date(),
  });
}

/** Mẫu 07: the register of dossiers received by the caller's agency between two instants, as XLSX. */
export async function dossierRegister(
  db: Executor,
  caller: Caller,
  range: { from: Date; to: Date },
): Promise<Uint8Array> {
  if (caller.kind !== 'staff') throw new DomainError(caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, caller.agencyId));
  const rows = await db
    .select()
    .from(dossiers)
    .where(
      and(
        eq(dossiers.receivingAgencyId, caller.agencyId),
        gte(dossiers.receivedAt, range.from),
        lte(dossiers.receivedAt, range.to),
      ),
    )
    .orderBy(asc(dossiers.receivedAt));
  const names = new Map(
    (await db.select({ id: agencies.id, name: agencies.name }).from(agencies)).map((x) => [x.id, x.name]),
  );
  return renderDossierRegister({
    agency: { parentName: 'UBND tỉnh Tuyên Quang', name: agency?.name ?? '', place: 'Tuyên Quang' },
    from: range.from,
    to: range.to,
    generatedAt: new Date(),
    entries: rows.flatMap((r) => {
      if (!r.receivedAt || !r.dueAt) return [];
      const a = r.applicant as Applicant;
      return [
        {
          dossierCode: r.code ?? '',
          procedureName: (r.procedureSnapshot as { name: string }).name,
          applicantName: a.fullName,
          ...(a.address ? { applicantAddress: a.address } : {}),
          ...(a.phone ? { applicantPhone: a.phone } : {}),
          competentAgency: names.get(r.competentAgencyId) ?? '',
          receivedAt: r.receivedAt,
          dueAt: r.dueAt,
          ...(r.finishedAt ? { resultAt: r.finishedAt } : {}),
          ...(r.deliveredAt ? { deliveredAt: r.deliveredAt } : {}),
          ...(r.timing ? { timing: r.timing } : {}),
        },
      ];
    }),
  });
}
