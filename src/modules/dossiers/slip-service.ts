/**
 * The slips of a dossier as PDF (TT 03/2025 Annex I, Mẫu 01–06; DOMAIN.md §1.3), filled from
 * the dossier's own record: each comes from the latest action of its kind. Signed PAdES on
 * request: the receipt with the receiving agency's certificate, the others with the holding
 * agency's. A slip carries personal data, so a staff download is an audited read.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { describeTimeLimit } from '../catalog/index.ts';
import { agencyNames } from '../directory/index.ts';
import { calendarFor, type DossierRow } from './context.ts';
import { signAsAgency } from './key-signing.ts';
import { auditPersonalRead, readableDossier } from './queries.ts';
import { dossierActions, dossierSteps } from './schema.ts';
import { letterheadOf } from './signing-keys.ts';
import { headOf, officerOf, receivedPapers, splitSupplementNote, stepTimingOf } from './slip-data.ts';
import { type SlipKind, slipNumberOf } from './slip-numbers.ts';
import { appointmentAt, appointmentText } from './slips/format.ts';
import {
  renderApology,
  renderControlSheet,
  renderIntakeRefusal,
  renderReceiptSlip,
  renderStopNotice,
  renderSupplementRequest,
} from './slips/index.ts';
import type { DossierParticulars } from './slips/types.ts';
import { applicantOf, procedureSnapshotOf } from './stored-json.ts';

registerErrors({
  DOSSIER_NOT_RECEIVED_YET: {
    status: 409,
    vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.',
  },
  DOSSIER_SLIP_NOT_ISSUED: { status: 409, vi: 'Hồ sơ chưa có phiếu này (chưa phát sinh thao tác tương ứng).' },
});

export { type SlipKind, slipKinds } from './slip-numbers.ts';

async function particulars(
  db: Executor,
  row: DossierRow,
  issuer: { agencyId: string; kind: SlipKind; actionSeq: number; issuedAt: Date },
  publicUrl: string,
): Promise<DossierParticulars> {
  const applicant = applicantOf(row);
  const key = { dossierId: row.id, kind: issuer.kind, actionSeq: issuer.actionSeq };
  return {
    agency: await letterheadOf(db, issuer.agencyId),
    reference: await slipNumberOf(db, key, issuer.agencyId, issuer.issuedAt),
    dossierCode: row.code ?? '',
    procedureName: procedureSnapshotOf(row).name,
    applicant: {
      name: applicant.fullName,
      ...(applicant.address ? { address: applicant.address } : {}),
      ...(applicant.phone ? { phone: applicant.phone } : {}),
      ...(applicant.email ? { email: applicant.email } : {}),
    },
    // The receipt's QR opens the public tracking page with the secret key (no sign-in needed).
    trackingUrl: `${publicUrl}/tra-cuu/${row.code}?key=${row.trackingKey}`,
    issuedAt: issuer.issuedAt,
  };
}

async function latestAction(db: Executor, row: DossierRow, types: readonly string[], kind: SlipKind) {
  const all = await db
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id))
    .orderBy(desc(dossierActions.seq));
  const found = all.find((a) => types.includes(a.type));
  if (!found) throw new DomainError('DOSSIER_SLIP_NOT_ISSUED', { kind });
  return found;
}

async function render(db: Executor, row: DossierRow, kind: SlipKind, publicUrl: string): Promise<Issued> {
  const snapshot = procedureSnapshotOf(row);
  const slip = (agencyId: string, actionSeq: number, issuedAt: Date) =>
    particulars(db, row, { agencyId, kind, actionSeq, issuedAt }, publicUrl);
  const calendar = () => calendarFor(db, row.provinceCode, row.receivingAgencyId);
  switch (kind) {
    case 'receipt': {
      if (!row.receivedAt || !row.dueAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
      const a = await latestAction(db, row, ['receive'], kind);
      const base = await slip(row.receivingAgencyId, a.seq, row.receivedAt);
      const pdf = await renderReceiptSlip({
        ...base,
        papers: await receivedPapers(db, row),
        processingTime: describeTimeLimit(snapshot.timeLimit),
        receivedAt: row.receivedAt,
        dueAt: appointmentAt(await calendar(), row.dueAt),
        resultDelivery: base.agency.name,
        officerName: (await officerOf(db, a.actorId)).name,
      });
      return { pdf, signer: row.receivingAgencyId };
    }
    case 'supplement-request': {
      const a = await latestAction(db, row, ['request_supplement'], kind);
      const officer = await officerOf(db, a.actorId);
      // Before acceptance the one-stop desk asks; during processing, the agency holding the file.
      const issuer =
        row.receivedAt && a.at > row.receivedAt ? (officer.agencyId ?? row.holdingAgencyId) : row.receivingAgencyId;
      const p = a.payload as { missingPapers: Array<{ name: string; reason: string }>; note?: string };
      const note = splitSupplementNote(p.note);
      const pdf = await renderSupplementRequest({
        ...(await slip(issuer, a.seq, a.at)),
        requirements: p.missingPapers.map((m) => ({ paper: m.name, detail: m.reason })),
        ...(note.reason ? { reason: note.reason } : {}),
        ...(note.period ? { supplementPeriod: note.period } : {}),
        ...(row.receivedAt ? { receivedAt: row.receivedAt } : {}),
        officerName: officer.name,
      });
      return { pdf, signer: issuer };
    }
    case 'intake-refusal': {
      const a = await latestAction(db, row, ['refuse_intake'], kind);
      const pdf = await renderIntakeRefusal({
        ...(await slip(row.receivingAgencyId, a.seq, a.at)),
        reasons: [(a.payload as { reason: string }).reason],
        officerName: (await officerOf(db, a.actorId)).name,
      });
      return { pdf, signer: row.receivingAgencyId };
    }
    case 'apology': {
      // Issued by the agency that caused the delay, to the applicant through the one-stop desk (§1.5).
      const a = await latestAction(db, row, ['apologise_extend'], kind);
      const p = a.payload as { reason: string; newDueAt: string; previousDueAt?: string };
      const actor = await officerOf(db, a.actorId);
      const issuer = actor.agencyId ?? row.holdingAgencyId;
      const cal = await calendar();
      const receiving = await letterheadOf(db, row.receivingAgencyId);
      const pdf = await renderApology({
        ...(await slip(issuer, a.seq, a.at)),
        receivedAt: row.receivedAt ?? a.at,
        originalDueAt: appointmentAt(cal, new Date(p.previousDueAt ?? p.newDueAt)),
        newDueAt: appointmentAt(cal, new Date(p.newDueAt)),
        reason: p.reason,
        receivingCentre: receiving.name,
        signatory: await headOf(db, issuer, actor),
        recipients: ['Như trên', `${receiving.name} (để trả cho người nộp)`, 'Lưu: VT'],
      });
      return { pdf, signer: issuer };
    }
    case 'stop-notice': {
      // The competent agency stops processing and its head signs (Mẫu 05).
      const a = await latestAction(db, row, ['stop', 'deny'], kind);
      const pdf = await renderStopNotice({
        ...(await slip(row.competentAgencyId, a.seq, a.at)),
        receivedAt: row.receivedAt ?? a.at,
        stoppedAt: a.at,
        reason: (a.payload as { reason: string }).reason,
        signatory: await headOf(db, row.competentAgencyId, await officerOf(db, a.actorId)),
      });
      return { pdf, signer: row.competentAgencyId };
    }
    case 'control-sheet': {
      if (!row.receivedAt || !row.dueAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
      const base = await slip(row.receivingAgencyId, 0, row.receivedAt);
      const pdf = await controlSheet(db, row, base, appointmentAt(await calendar(), row.dueAt));
      return { pdf, signer: row.receivingAgencyId };
    }
  }
}

interface Issued {
  pdf: Uint8Array;
  /** The agency that issues the slip and seals it. */
  signer: string;
}

/** Mẫu 06: one row per hand-over between the agencies of consecutive steps (§1.3, Phiếu kiểm soát). */
async function controlSheet(db: Executor, row: DossierRow, base: DossierParticulars, dueAt: Date): Promise<Uint8Array> {
  if (!row.receivedAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
  const steps = await db
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, row.id))
    .orderBy(asc(dossierSteps.idx));
  const names = await agencyNames(db);
  // The giver of a hand-over is the officer who completed the step; the receiver, the next
  // step's assignee. Both also sign the printed sheet in the spaces left for them.
  const completedBy = new Map<number, string | null>();
  for (const a of await db
    .select({ actorId: dossierActions.actorId, payload: dossierActions.payload })
    .from(dossierActions)
    .where(and(eq(dossierActions.dossierId, row.id), eq(dossierActions.type, 'complete_step')))
    .orderBy(asc(dossierActions.seq)))
    completedBy.set(Number((a.payload as { stepIndex?: number }).stepIndex), a.actorId);
  const nameOf = async (accountId: string | null | undefined) => (await officerOf(db, accountId)).name || undefined;
  const handovers = [];
  for (const [i, s] of steps.entries()) {
    const next = steps[i + 1];
    if (!s.completedAt || !next) continue;
    const timing = stepTimingOf(s.completedAt, s.dueAt, s.timing);
    const givenBy = await nameOf(completedBy.get(s.idx));
    const takenBy = await nameOf(next.assigneeId);
    handovers.push({
      fromUnit: names.get(s.agencyId) ?? '',
      toUnit: names.get(next.agencyId) ?? '',
      at: s.completedAt,
      ...(givenBy ? { handedOverBy: givenBy } : {}),
      ...(takenBy ? { receivedBy: takenBy } : {}),
      ...(timing ? { timing } : {}),
      note: s.name,
    });
  }
  return renderControlSheet({
    ...base,
    receivedAt: row.receivedAt,
    dueAt,
    competentAgency: names.get(row.competentAgencyId) ?? '',
    handovers,
  });
}

/** Any slip of Mẫu 01–06 for a caller who may read the dossier; `signed` seals it PAdES. */
export async function dossierSlip(
  db: Executor,
  caller: Caller,
  code: string,
  kind: SlipKind,
  options: { signed: boolean; publicUrl: string; now?: Date },
): Promise<Uint8Array> {
  const row = await readableDossier(db, caller, code);
  const { pdf, signer } = await render(db, row, kind, options.publicUrl);
  await auditPersonalRead(db, caller, row, { slip: kind });
  if (!options.signed) return pdf;
  return signAsAgency(db, signer, pdf, {
    reason: kind === 'receipt' ? 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' : 'Phiếu hồ sơ thủ tục hành chính',
    at: options.now ?? new Date(),
  });
}
/**
 * The appointment as Mẫu 01 writes it ("17 giờ 00, chiều thứ Năm, ngày 10/12/2026"), for the
 * page that hands the slip over (issue 13.14); null before reception.
 */
export async function appointmentOf(
  db: Executor,
  view: { dueAt: string | null; receivingAgencyId: string },
  provinceCode: string,
): Promise<string | null> {
  if (!view.dueAt) return null;
  const calendar = await calendarFor(db, provinceCode, view.receivingAgencyId);
  return appointmentText(appointmentAt(calendar, new Date(view.dueAt)));
}
