/**
 * The slips of a dossier as PDF (TT 03/2025 Annex I, Mẫu 01–06; DOMAIN.md §1.3), filled from
 * the dossier's own record: each comes from the latest action of its kind. Signed PAdES on
 * request: the receipt with the receiving agency's certificate, the others with the holding
 * agency's. A slip carries personal data, so a staff download is an audited read.
 */
import { asc, desc, eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import type { Paper, TimeLimit } from '../catalog/index.ts';
import { describeTimeLimit } from '../catalog/index.ts';
import { agencies, staff } from '../directory/schema.ts';
import type { DossierRow } from './context.ts';
import type { Applicant } from './filing-rules.ts';
import { auditPersonalRead, readableDossier } from './queries.ts';
import { dossierActions, dossierSteps } from './schema.ts';
import { letterheadOf, signAsAgency } from './signing-keys.ts';
import {
  renderApology,
  renderControlSheet,
  renderIntakeRefusal,
  renderReceiptSlip,
  renderStopNotice,
  renderSupplementRequest,
} from './slips/index.ts';
import type { DossierParticulars } from './slips/types.ts';

export { signingKeyOf } from './signing-keys.ts';

registerErrors({
  DOSSIER_NOT_RECEIVED_YET: {
    status: 409,
    vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.',
  },
  DOSSIER_SLIP_NOT_ISSUED: { status: 409, vi: 'Hồ sơ chưa có phiếu này (chưa phát sinh thao tác tương ứng).' },
});

export const slipKinds = [
  'receipt',
  'supplement-request',
  'intake-refusal',
  'apology',
  'stop-notice',
  'control-sheet',
] as const;
export type SlipKind = (typeof slipKinds)[number];

const paperForms: Record<Paper['form'], string> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  certified_copy: 'Bản sao có chứng thực',
  presented: 'Bản chính để đối chiếu',
};

interface ProcedureSnapshot {
  name: string;
  timeLimit: TimeLimit;
  papers?: Array<Pick<Paper, 'name' | 'form' | 'copies'>>;
}

/** The officer's name as it goes under "Người tiếp nhận" (the staff row of the acting account). */
async function officerName(db: Executor, accountId: string | null | undefined): Promise<string> {
  if (!accountId) return '';
  const [row] = await db.select({ name: staff.fullName }).from(staff).where(eq(staff.accountId, accountId));
  return row?.name ?? '';
}

async function particulars(
  db: Executor,
  row: DossierRow,
  agencyId: string,
  publicUrl: string,
): Promise<DossierParticulars> {
  const applicant = row.applicant as Applicant;
  return {
    agency: await letterheadOf(db, agencyId),
    dossierCode: row.code ?? '',
    procedureName: (row.procedureSnapshot as ProcedureSnapshot).name,
    applicant: {
      name: applicant.fullName,
      ...(applicant.address ? { address: applicant.address } : {}),
      ...(applicant.phone ? { phone: applicant.phone } : {}),
      ...(applicant.email ? { email: applicant.email } : {}),
    },
    // The receipt's QR opens the public tracking page with the secret key (no sign-in needed).
    trackingUrl: `${publicUrl}/tra-cuu/${row.code}?key=${row.trackingKey}`,
    issuedAt: row.receivedAt ?? row.submittedAt ?? row.createdAt,
  };
}

async function latestAction(db: Executor, row: DossierRow, type: string, kind: SlipKind) {
  const all = await db
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, row.id))
    .orderBy(desc(dossierActions.seq));
  const found = all.find((a) => a.type === type);
  if (!found) throw new DomainError('DOSSIER_SLIP_NOT_ISSUED', { kind });
  return found;
}

async function render(db: Executor, row: DossierRow, kind: SlipKind, publicUrl: string): Promise<Uint8Array> {
  const holder = await particulars(db, row, row.holdingAgencyId, publicUrl);
  const leader = { title: 'THỦ TRƯỞNG CƠ QUAN', name: '' };
  const snapshot = row.procedureSnapshot as ProcedureSnapshot;
  switch (kind) {
    case 'receipt': {
      if (!row.receivedAt || !row.dueAt) throw new DomainError('DOSSIER_NOT_RECEIVED_YET');
      const received = await latestAction(db, row, 'receive', kind);
      const base = await particulars(db, row, row.receivingAgencyId, publicUrl);
      return renderReceiptSlip({
        ...base,
        papers: (snapshot.papers ?? []).map((p) => ({ name: p.name, form: paperForms[p.form], copies: p.copies })),
        processingTime: describeTimeLimit(snapshot.timeLimit),
        receivedAt: row.receivedAt,
        dueAt: row.dueAt,
        resultDelivery: base.agency.name,
        officerName: await officerName(db, received.actorId),
      });
    }
    case 'supplement-request': {
      const a = await latestAction(db, row, 'request_supplement', kind);
      const p = a.payload as { missingPapers: Array<{ name: string; reason: string }>; note?: string };
      return renderSupplementRequest({
        ...holder,
        issuedAt: a.at,
        requirements: p.missingPapers.map((m) => ({ paper: m.name, detail: m.reason })),
        ...(p.note ? { reason: p.note } : {}),
        ...(row.receivedAt ? { receivedAt: row.receivedAt } : {}),
        officerName: await officerName(db, a.actorId),
      });
    }
    case 'intake-refusal': {
      const a = await latestAction(db, row, 'refuse_intake', kind);
      return renderIntakeRefusal({
        ...holder,
        issuedAt: a.at,
        reasons: [(a.payload as { reason: string }).reason],
        officerName: await officerName(db, a.actorId),
      });
    }
    case 'apology': {
      const a = await latestAction(db, row, 'apologise_extend', kind);
      const p = a.payload as { reason: string; newDueAt: string; previousDueAt?: string };
      return renderApology({
        ...holder,
        issuedAt: a.at,
        receivedAt: row.receivedAt ?? a.at,
        originalDueAt: new Date(p.previousDueAt ?? p.newDueAt),
        newDueAt: new Date(p.newDueAt),
        reason: p.reason,
        signatory: { ...leader, name: await officerName(db, a.actorId) },
      });
    }
    case 'stop-notice': {
      const a = await latestAction(db, row, 'stop', kind).catch(() => latestAction(db, row, 'deny', kind));
      return renderStopNotice({
        ...holder,
        issuedAt: a.at,
        receivedAt: row.receivedAt ?? a.at,
        stoppedAt: a.at,
        reason: (a.payload as { reason: string }).reason,
        signatory: { ...leader, name: await officerName(db, a.actorId) },
      });
    }
    case 'control-sheet':
      return controlSheet(db, row, holder);
  }
}

/** Mẫu 06: one row per hand-over between the agencies of consecutive steps (§1.3, Phiếu kiểm soát). */
async function controlSheet(db: Executor, row: DossierRow, base: DossierParticulars): Promise<Uint8Array> {
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
    const timing = s.timing ?? (s.dueAt ? (s.completedAt <= s.dueAt ? 'onTime' : 'late') : undefined);
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
  return renderControlSheet({
    ...base,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
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
  const pdf = await render(db, row, kind, options.publicUrl);
  await auditPersonalRead(db, caller, row, { slip: kind });
  if (!options.signed) return pdf;
  const signer = kind === 'receipt' ? row.receivingAgencyId : row.holdingAgencyId;
  return signAsAgency(db, signer, pdf, {
    reason: kind === 'receipt' ? 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' : 'Phiếu hồ sơ thủ tục hành chính',
    at: options.now ?? new Date(),
  });
}

/** Mẫu 01 (kept for callers of the first API). */
export const receiptSlip = (
  db: Executor,
  caller: Caller,
  code: string,
  options: { signed: boolean; publicUrl: string },
): Promise<Uint8Array> => dossierSlip(db, caller, code, 'receipt', options);
