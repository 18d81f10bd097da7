/**
 * Filing a dossier. A signed-in citizen files online, at once or first as a draft; a receiver
 * at the counter files and receives in one transaction. The code is taken when the dossier is
 * submitted, from the receiving agency's gap-free daily counter (DOMAIN.md §1.4).
 */
import { eq } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { foldVietnamese, generateTrackingKey } from '../../platform/codes/index.ts';
import { tagRecord } from '../../platform/context/index.ts';
import { type Executor, named } from '../../platform/db/index.ts';
import { DomainError, registerErrors } from '../../platform/errors.ts';
import { getProcedure } from '../catalog/index.ts';
import { checkRequiredPapers } from './action-checks.ts';
import { applyAction } from './actions.ts';
import { claimAttachments, type NamedFile } from './attachment-links.ts';
import { agencyRow, calendarFor, type DossierContext, lockDossier, receivingCentreOf } from './context.ts';
import { stageDeclaration } from './declaration.ts';
import { type Applicant, filerSignIn, validateApplicant, validateFormData } from './filing-rules.ts';
import { once } from './idempotency.ts';
import { filings } from './metrics.ts';
import {
  commitWithoutWaiting,
  isTopLevel,
  pendingCode,
  takePendingCode,
  waitDurable,
  withCode,
} from './pending-code.ts';
import { recordAction } from './record.ts';
import { dossierHolders, dossiers } from './schema.ts';
import { snapshotToJson } from './snapshot-json.ts';
import { type DossierCommand, newDossierSnapshot } from './states.ts';
import { applicantOf, formDataOf } from './stored-json.ts';
import type { DossierView } from './view-types.ts';

registerErrors({
  DOSSIER_PROCEDURE_NOT_ONLINE: { status: 409, vi: 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến.' },
  DOSSIER_FILER_NOT_ALLOWED: {
    status: 403,
    vi: 'Chỉ công dân đã đăng nhập hoặc cán bộ tiếp nhận tại quầy mới được nộp hồ sơ.',
  },
  DOSSIER_NOT_A_DRAFT: { status: 409, vi: 'Hồ sơ đã được nộp nên không thể sửa như hồ sơ nháp.' },
  RECEPTION_OUTSIDE_WORKING_HOURS: {
    status: 409,
    vi:
      'Đang ngoài giờ làm việc của cơ quan tiếp nhận nên không thể tiếp nhận hồ sơ tại quầy. ' +
      'Nếu vẫn phải tiếp nhận, vui lòng ghi rõ lý do tiếp nhận ngoài giờ.',
  },
});

export interface FileDossierInput {
  /** Procedure id, national or local code. */
  procedure: string;
  /** The implementing agency chosen by the applicant (required when there are several). */
  agencyId?: string;
  applicant: Applicant;
  formData?: Record<string, unknown>;
  /** Files staged before filing (POST /api/v1/attachments), each as one of the procedure's papers. */
  papers?: readonly NamedFile[];
  /** false: keep it as a draft (online only); the citizen submits it later. Default true. */
  submit?: boolean;
  /** Staff: how the papers came in; default the counter. Citizens always file online. */
  channel?: 'online' | 'counter' | 'post';
  /** Counter: why papers are received outside the receiving agency's working time (recorded). */
  outsideHoursReason?: string;
  /** Counter: the names of the procedure's papers handed in; Mẫu 01 lists only these (issue 13.10). */
  papersReceived?: readonly string[];
  /**
   * Counter, when papers are missing: instead of receiving, guide the applicant to complete
   * the dossier (Mẫu 02) or refuse it (Mẫu 03), from the same screen (Decree 61/2018 Art. 19;
   * TT 03/2025 Annex I). Default: receive.
   */
  intake?: CounterIntake;
}

export type CounterIntake =
  | { kind: 'receive' }
  | {
      kind: 'guide';
      missingPapers: Extract<DossierCommand, { type: 'request_supplement' }>['missingPapers'];
      note?: string;
    }
  | { kind: 'refuse'; reason: string };

/** The action the counter takes on the dossier it has just filed. */
function counterAction(intake: CounterIntake | undefined): DossierCommand {
  switch (intake?.kind) {
    case 'guide':
      return {
        type: 'request_supplement',
        missingPapers: intake.missingPapers,
        ...(intake.note ? { note: intake.note } : {}),
      };
    case 'refuse':
      return { type: 'refuse_intake', reason: intake.reason };
    default:
      return { type: 'receive' };
  }
}

type Channel = 'online' | 'counter' | 'post';

function channelOf(caller: Caller, requested: FileDossierInput['channel']): Channel {
  if (caller.kind === 'citizen') return 'online';
  if (caller.kind === 'staff' && caller.roles.includes('receiver')) return requested === 'post' ? 'post' : 'counter';
  // A filing made elsewhere online (the national portal) and accepted by a connector (external-filing.ts).
  if (caller.kind === 'system' && requested === 'online') return 'online';
  throw new DomainError('DOSSIER_FILER_NOT_ALLOWED');
}

/**
 * Issue 23: papers are taken at the counter during the receiving agency's working time; outside
 * it (a Sunday at 02:11) only with a recorded reason. Online filing is open at any hour and
 * counts from the next working time (Decree 45/2020, DOMAIN.md §2.1). Returns the reason to
 * record, or null when the counter is open.
 */
async function counterOverride(
  db: Executor,
  channel: Channel,
  receivingAgencyId: string,
  reason: string | undefined,
  now: Date,
  ctx: DossierContext,
): Promise<string | null> {
  if (channel !== 'counter' || ctx.counterHours !== 'refuse') return null;
  const calendar = await calendarFor(db, ctx.provinceCode, receivingAgencyId);
  if (calendar.isWorkingTime(now)) return null;
  const given = reason?.trim() ?? '';
  if (!given) throw new DomainError('RECEPTION_OUTSIDE_WORKING_HOURS', { at: now.toISOString() });
  return given.slice(0, 2000);
}

export async function fileDossier(
  db: Executor,
  caller: Caller,
  input: FileDossierInput,
  /**
   * `external`: filed and checked on another portal (its own e-form and papers): ours may lack
   * answers, and missing papers are for the officer to ask for (external-filing.ts).
   */
  options: {
    transactionId: string;
    external?: boolean;
    vneidVerified?: boolean;
    /**
     * Another module's write that must commit with the filing (the exchange module marks the
     * dossier as using population data), run last in the filing's transaction; not on a replay.
     */
    alsoInTransaction?: (tx: Executor, view: DossierView) => Promise<void>;
  },
  ctx: DossierContext,
): Promise<DossierView> {
  const channel = channelOf(caller, input.channel);
  const draft = channel === 'online' && input.submit === false;
  const own = isTopLevel(db);
  // What a retry must ask again: the same filing (platform/records `once`, which opens the transaction).
  const expected = { operation: 'file', body: input };
  const view = await once(db, caller, options.transactionId, expected, async (tx, call) => {
    if (!draft) call.afterCommit(() => filings.inc(channel));
    const procedure = await getProcedure(tx, input.procedure, { provinceCode: ctx.provinceCode });
    if (channel === 'online' && procedure.onlineLevel === 'info') throw new DomainError('DOSSIER_PROCEDURE_NOT_ONLINE');
    const needed = procedure.assuranceLevel ?? 2;
    if (ctx.assuranceRequired && caller.kind === 'citizen' && !draft && (caller.assurance ?? 0) < needed)
      throw new DomainError('ASSURANCE_TOO_LOW', { required: needed, current: caller.assurance ?? 0 });
    const chosen = input.agencyId ?? (procedure.agencies.length === 1 ? procedure.agencies[0]?.id : undefined);
    if (!chosen || !procedure.agencies.some((a) => a.id === chosen)) {
      throw new DomainError('DOSSIER_RECEIVING_AGENCY_REQUIRED', { agencies: procedure.agencies });
    }
    const applicant = validateApplicant(input.applicant);
    const formData = validateFormData(procedure.eform, input.formData ?? {}, {
      partial: draft || options.external === true,
    });
    const competent = await agencyRow(tx, chosen);
    // At the counter the officer's own centre receives; online, the centre of the competent agency.
    const receiving =
      caller.kind === 'staff' ? await agencyRow(tx, caller.agencyId) : await receivingCentreOf(tx, competent);
    const now = ctx.now ?? new Date();
    const outsideHoursReason = await counterOverride(tx, channel, receiving.id, input.outsideHoursReason, now, ctx);
    // Online, the e-form is the declaration: drawn as the legal template and kept as that paper (issue 13.4).
    const declaration =
      channel === 'online' && !draft && options.external !== true && ctx.blobs
        ? await stageDeclaration(
            tx,
            ctx.blobs,
            caller,
            procedure,
            { applicant, formData, agencyName: competent.name, filedAt: now },
            ctx.provinceCode,
          )
        : undefined;
    const papers = [...(input.papers ?? []), ...(declaration ? [declaration] : [])];
    const write = async () => {
      // A submission writes under a placeholder and takes its number last (pending-code.ts).
      const pending = draft ? undefined : pendingCode(receiving.code, now);
      if (pending && own) await commitWithoutWaiting(tx);
      const code = pending ? pending.placeholder : null;
      const snapshot = newDossierSnapshot(draft ? {} : { submittedAt: now });
      const [row] = await named(
        'dossier_insert',
        tx
          .insert(dossiers)
          .values({
            provinceCode: ctx.provinceCode,
            code,
            trackingKey: generateTrackingKey(),
            procedureId: procedure.id,
            procedureVersion: procedure.currentVersion,
            // What the applicant saw when filing: the slips and the view read it, not today's catalog.
            procedureSnapshot: {
              name: procedure.name,
              nationalCode: procedure.nationalCode,
              localCode: procedure.localCode,
              timeLimit: procedure.timeLimit,
              timeLimitOnline: procedure.timeLimitOnline,
              fees: procedure.fees,
              papers: procedure.papers,
              eform: procedure.eform,
              process: procedure.process,
              resultName: procedure.resultName,
            },
            channel,
            receivingAgencyId: receiving.id,
            competentAgencyId: competent.id,
            holdingAgencyId: receiving.id,
            applicantAccountId: caller.kind === 'citizen' ? caller.id : null,
            applicant,
            applicantSearch: foldVietnamese(`${applicant.fullName} ${applicant.personalId ?? ''}`),
            formData,
            state: snapshot.state,
            machine: snapshotToJson(snapshot),
            submittedAt: draft ? null : now,
          })
          .returning(),
      );
      if (!row) throw new Error('insert returned nothing');
      if (pending) pending.written.row = row;
      if (code) {
        await named(
          'dossier_holder_insert',
          tx.insert(dossierHolders).values({ dossierId: row.id, agencyId: receiving.id, since: now }),
        );
      }
      await claimAttachments(tx, caller, row, papers, 'paper', pending);
      if (channel === 'online' && !draft && options.external !== true) await checkRequiredPapers(tx, row);
      const filed = await recordAction(
        tx,
        caller,
        row,
        {
          type: draft ? 'draft' : 'submit',
          payload: {
            channel,
            ...(draft ? {} : filerSignIn(caller, options.vneidVerified)),
            ...(outsideHoursReason ? { outsideHoursReason } : {}),
            ...(channel !== 'online' && input.papersReceived ? { papersReceived: input.papersReceived } : {}),
          },
          fromState: null,
          toState: snapshot.state,
          events: draft ? [] : ['submitted'],
          // At the counter the reception below answers to the client's key.
          transactionId: channel === 'online' ? options.transactionId : `${options.transactionId}:submit`,
          now,
        },
        ctx,
        pending,
        1,
      );
      if (!pending || !code) return { view: filed };
      const view =
        channel === 'online'
          ? filed
          : await applyAction(
              tx,
              caller,
              code,
              counterAction(input.intake),
              { transactionId: options.transactionId, pending },
              ctx,
            );
      // Last statement before the commit: the counter row is locked only from here. It also
      // stores the answer for replays (platform/records), with the code in it.
      pending.answer = { call, response: view };
      return { view, pending, code: await takePendingCode(tx, pending, row.id) };
    };
    const done = await write();
    const filed = done.pending ? withCode(done.view, done.pending, done.code) : done.view;
    if (options.alsoInTransaction) await options.alsoInTransaction(tx, filed);
    return filed;
  });
  // Answer only what is on disk: the filing's own commit did not wait (pending-code.ts), and a
  // replayed answer may come from a twin whose flush is still under way.
  if (view.code) tagRecord(`dossier:${view.code}`);
  if (own && !draft) await waitDurable(db);
  return view;
}

export interface DraftChanges {
  agencyId?: string;
  applicant?: Applicant;
  formData?: Record<string, unknown>;
  papers?: readonly NamedFile[];
}

/** The applicant edits a draft before submitting it (`submit` action). */
export async function updateDraft(
  db: Executor,
  caller: Caller,
  ref: string,
  changes: DraftChanges,
  options: { transactionId: string },
  ctx: DossierContext,
): Promise<DossierView> {
  if (caller.kind !== 'citizen') throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
  return once(db, caller, options.transactionId, { operation: 'update_draft', ref, body: changes }, (tx) =>
    (async () => {
      const { row } = await lockDossier(tx, ref);
      if (row.applicantAccountId !== caller.id) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
      if (row.state !== 'draft') throw new DomainError('DOSSIER_NOT_A_DRAFT');
      const procedure = await getProcedure(tx, row.procedureId, { provinceCode: ctx.provinceCode });
      const applicant = changes.applicant ? validateApplicant(changes.applicant) : applicantOf(row);
      const formData = changes.formData
        ? validateFormData(procedure.eform, changes.formData, { partial: true })
        : formDataOf(row);
      let competentId = row.competentAgencyId;
      let receivingId = row.receivingAgencyId;
      if (changes.agencyId && changes.agencyId !== row.competentAgencyId) {
        if (!procedure.agencies.some((a) => a.id === changes.agencyId)) {
          throw new DomainError('DOSSIER_RECEIVING_AGENCY_REQUIRED', { agencies: procedure.agencies });
        }
        const competent = await agencyRow(tx, changes.agencyId);
        competentId = competent.id;
        receivingId = (await receivingCentreOf(tx, competent)).id;
      }
      const now = ctx.now ?? new Date();
      const [fresh] = await tx
        .update(dossiers)
        .set({
          applicant,
          applicantSearch: foldVietnamese(`${applicant.fullName} ${applicant.personalId ?? ''}`),
          formData,
          competentAgencyId: competentId,
          receivingAgencyId: receivingId,
          holdingAgencyId: receivingId,
          updatedAt: now,
        })
        .where(eq(dossiers.id, row.id))
        .returning();
      if (!fresh) throw new DomainError('DOSSIER_NOT_FOUND', { code: ref });
      await claimAttachments(tx, caller, fresh, changes.papers ?? [], 'paper');
      const payload = { fields: Object.keys(changes) };
      return recordAction(
        tx,
        caller,
        fresh,
        {
          type: 'update_draft',
          payload,
          fromState: 'draft',
          toState: 'draft',
          events: [],
          transactionId: options.transactionId,
          now,
        },
        ctx,
      );
    })(),
  );
}
