/**
 * The real filings `mocua demo generate` clones (issue 21): counter filings at the seeded
 * service centres for a few procedures, made through the dossier service itself, then taken
 * through their lifecycle by its own actions — to delivered, part-way (running), or stopped.
 * Every row the clones copy (dossier, steps, holders, actions, audit chain) was written by the
 * application, so the generated history has the shapes the application reads.
 */
import { randomUUID } from 'node:crypto';
import { PDF } from '@libpdf/core';
import { getProcedure, searchProcedures } from '../../modules/catalog/index.ts';
import { findAgencies, staffOfAgency } from '../../modules/directory/index.ts';
import type { DossierCommand, DossierContext, DossierView } from '../../modules/dossiers/index.ts';
import { addAttachment, fileDossier, loadView, takeAction } from '../../modules/dossiers/index.ts';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';

type Outcome = 'delivered' | 'running' | 'ended';

export interface Template {
  id: string;
  code: string;
  outcome: Outcome;
}

const allRoles: StaffRole[] = ['receiver', 'specialist', 'leader', 'clerk'];

async function resultPdf(code: string): Promise<Uint8Array> {
  // @libpdf/core, a dependency of the release (pdf-lib is only the tests').
  const pdf = PDF.create();
  pdf.addPage({ width: 200, height: 200 }).drawText(`Ket qua ${code}`, { x: 10, y: 100, size: 12 });
  return pdf.save();
}

/** Fills the required e-form fields with plausible values (the bench's filing does the same). */
function formFor(eform: ReadonlyArray<{ key: string; type: string; required: boolean; options?: string[] }>) {
  const data: Record<string, string | number | boolean> = {};
  for (const f of eform) {
    if (!f.required) continue;
    data[f.key] =
      f.type === 'choice'
        ? (f.options?.[0] ?? '')
        : f.type === 'date'
          ? '2020-05-04'
          : f.type === 'number'
            ? 1
            : f.type === 'boolean'
              ? true
              : 'Nguyễn Văn An';
  }
  return data;
}

/** Staff of the holding agency able to take any action: the clones need each kind of history. */
function actorAt(view: DossierView, provinceCode: string, staffId: string): Caller {
  return { kind: 'staff', id: staffId, provinceCode, agencyId: view.holdingAgencyId, roles: allRoles };
}

async function step(
  db: Executor,
  ctx: DossierContext,
  view: DossierView,
  staffId: string,
  action: DossierCommand,
): Promise<DossierView> {
  return takeAction(
    db,
    actorAt(view, ctx.provinceCode, staffId),
    view.code,
    action,
    { transactionId: randomUUID() },
    ctx,
  );
}

/**
 * Takes a received dossier to `delivered`, or `limit` actions along the way. The handler works
 * the steps and delivers; another officer (separation of duties: whoever handled a step does not
 * approve it) adds the draft result and approves it, then the result is issued.
 */
async function advance(
  db: Executor,
  ctx: DossierContext,
  start: DossierView,
  staffId: string,
  approverId: string,
  limit: number,
): Promise<DossierView> {
  let view = start;
  for (let i = 0; i < limit && view.state !== 'delivered'; i++) {
    const allowed = new Set(view.allowedActions);
    const approver = actorAt(view, ctx.provinceCode, approverId);
    const asApprover = new Set((await loadView(db, approver, view.code, { audit: false })).allowedActions);
    const active = view.steps.find((s) => s.status === 'active');
    const results = view.attachments.filter((a) => a.kind === 'result').map((a) => a.id);
    if (asApprover.has('approve')) {
      // No approval without a result (issue 11): the approver adds the draft result first.
      if (!ctx.blobs) throw new Error('a blob store is needed for results');
      if (results.length === 0) {
        await addAttachment(
          db,
          ctx.blobs,
          approver,
          view.code,
          { kind: 'result', fileName: 'ket-qua.pdf', bytes: await resultPdf(view.code) },
          { maxBytes: ctx.uploadMaxBytes ?? 10_000_000 },
        );
      }
      view = await step(db, ctx, view, approverId, { type: 'approve' });
    } else if (asApprover.has('attach_result') && results.length > 0) {
      view = await step(db, ctx, view, approverId, {
        type: 'attach_result',
        attachmentIds: results,
        electronic: false,
      });
    } else if (allowed.has('deliver')) {
      view = await step(db, ctx, view, staffId, { type: 'deliver', channel: 'counter' });
    } else if (allowed.has('complete_step') && active) {
      view = await step(db, ctx, view, staffId, { type: 'complete_step', stepIndex: active.idx });
    } else {
      break;
    }
    // Read back as staff of the agency holding it now (no audited read: nobody looked at it).
    view = await loadView(db, actorAt(view, ctx.provinceCode, staffId), view.code, { audit: false });
  }
  return view;
}

/**
 * Files and drives the templates: for up to `procedures` procedures, at each service centre
 * with a receiver, one delivered, two running (as received and one step on) and one stopped.
 */
export async function makeTemplates(
  db: Executor,
  ctx: DossierContext,
  options: { procedures?: number } = {},
): Promise<Template[]> {
  const found = await searchProcedures(db, { provinceCode: ctx.provinceCode, limit: 100 });
  const templates: Template[] = [];
  let used = 0;
  for (const summary of found.items) {
    if (used >= (options.procedures ?? 6)) break;
    const procedure = await getProcedure(db, summary.id, { provinceCode: ctx.provinceCode }).catch(() => null);
    if (!procedure) continue;
    let filedProcedure = 0;
    for (const agency of procedure.agencies) {
      let filedHere = 0;
      const centres = (await findAgencies(db, { kinds: ['service_centre'] })).filter(
        (c) => c.parentId === agency.id || c.id === agency.id,
      );
      let receiver: { id: string; agencyId: string; roles: string[] } | undefined;
      let colleagues: Array<{ id: string }> = [];
      for (const centre of centres) {
        const members = await staffOfAgency(db, centre.id);
        receiver = members.find((m) => m.roles.includes('receiver'));
        colleagues = members;
        if (receiver) break;
      }
      if (!receiver) continue;
      // Another officer of the centre approves (separation of duties); any id will do for a
      // centre with one officer: the approval is recorded under it.
      const other = colleagues.find((m) => m.id !== receiver.id);
      const approverId = other?.id ?? randomUUID();
      const caller: Caller = {
        kind: 'staff',
        id: receiver.id,
        provinceCode: ctx.provinceCode,
        agencyId: receiver.agencyId,
        roles: receiver.roles as StaffRole[],
      };
      for (const outcome of ['delivered', 'running', 'running', 'ended'] as const) {
        try {
          const filed = await fileDossier(
            db,
            caller,
            {
              procedure: procedure.id,
              agencyId: agency.id,
              applicant: {
                type: 'citizen',
                fullName: 'Nguyễn Văn An',
                personalId: '008090001234',
                phone: '0912345678',
              },
              formData: formFor(procedure.eform),
              channel: 'counter',
            },
            { transactionId: randomUUID() },
            ctx,
          );
          let view = filed;
          if (outcome === 'delivered') view = await advance(db, ctx, filed, receiver.id, approverId, 40);
          // The second running one is a step further on.
          if (outcome === 'running' && filedHere === 2)
            view = await advance(db, ctx, filed, receiver.id, approverId, 1);
          if (outcome === 'ended')
            view = await step(db, ctx, filed, receiver.id, { type: 'stop', reason: 'Người nộp không bổ sung hồ sơ.' });
          const ok =
            outcome === 'delivered'
              ? view.state === 'delivered'
              : outcome === 'ended'
                ? view.finishedAt !== null
                : view.finishedAt === null;
          if (ok) templates.push({ id: view.id, code: view.code, outcome });
          filedHere++;
          filedProcedure++;
        } catch {
          // A procedure this simple filing cannot satisfy (a required paper, a rule): skip it.
        }
      }
    }
    if (filedProcedure > 0) used++;
  }
  return templates;
}
