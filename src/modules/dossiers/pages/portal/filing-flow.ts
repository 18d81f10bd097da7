/**
 * The order of the online filing pages and what each needs (pure): choose where to file
 * (only when several agencies implement the procedure), the applicant, the e-form, the papers,
 * then check answers and send. GOV.UK: one question group per page.
 */
import type { EformField, ProcedureView } from '../../../catalog/index.ts';
import type { Draft, DraftFile } from './draft.ts';

const filingSteps = ['noi-nop', 'nguoi-nop', 'to-khai', 'giay-to', 'kiem-tra'] as const;
export type FilingStep = (typeof filingSteps)[number];

export const isFilingStep = (s: string): s is FilingStep => (filingSteps as readonly string[]).includes(s);

export interface Uploadable {
  /** Paper index, or -1 - i for the i-th file field of the e-form. */
  paper: number;
  name: string;
  required: boolean;
}

/**
 * What the applicant uploads: every paper not merely shown at the counter and not the
 * declaration the e-form fills (no double entry, issue 13, item 4), and the e-form's file fields.
 */
export function uploadables(procedure: ProcedureView): Uploadable[] {
  const papers = procedure.papers.flatMap((p, i) =>
    p.form === 'presented' || p.eform === true ? [] : [{ paper: i, name: p.name, required: p.required }],
  );
  const fileFields = procedure.eform.flatMap((f, i) =>
    f.type === 'file' ? [{ paper: -1 - i, name: f.label, required: f.required }] : [],
  );
  return [...papers, ...fileFields];
}

/** The e-form's fields a page asks (file fields are uploaded with the papers). */
export const formFields = (procedure: ProcedureView): EformField[] => procedure.eform.filter((f) => f.type !== 'file');

const needsAgencyChoice = (procedure: ProcedureView) => procedure.agencies.length > 1;

export function stepsOf(procedure: ProcedureView): FilingStep[] {
  return filingSteps.filter((s) => s !== 'noi-nop' || needsAgencyChoice(procedure));
}

export const missingRequired = (procedure: ProcedureView, files: readonly DraftFile[]): Uploadable[] =>
  uploadables(procedure).filter((u) => u.required && !files.some((f) => f.paper === u.paper));

export function isStepDone(procedure: ProcedureView, draft: Draft, step: FilingStep): boolean {
  switch (step) {
    case 'noi-nop':
      return draft.agencyId !== undefined;
    case 'nguoi-nop':
      return draft.applicant !== undefined;
    case 'to-khai':
      return draft.formDone === true || formFields(procedure).length === 0;
    case 'giay-to':
      return draft.papersDone === true && missingRequired(procedure, draft.files).length === 0;
    case 'kiem-tra':
      return false;
  }
}

/** The first page not done yet (the check-answers page once everything is). */
export function nextStep(procedure: ProcedureView, draft: Draft): FilingStep {
  return stepsOf(procedure).find((s) => !isStepDone(procedure, draft, s)) ?? 'kiem-tra';
}

/** A page may be opened once every page before it is done. */
export function canOpen(procedure: ProcedureView, draft: Draft, step: FilingStep): boolean {
  const steps = stepsOf(procedure);
  const at = steps.indexOf(step);
  return at >= 0 && steps.slice(0, at).every((s) => isStepDone(procedure, draft, s));
}

/** The implementing agency chosen, or the only one. */
export const agencyOf = (procedure: ProcedureView, draft: Draft) =>
  draft.agencyId ?? (procedure.agencies.length === 1 ? procedure.agencies[0]?.id : undefined);
