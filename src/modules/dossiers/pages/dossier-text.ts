/**
 * Words for what happened to a dossier, read from its timeline. The payload of an action
 * (reason, missing papers, new date) is shown when the dossier service includes it in the
 * timeline entry; the slips (PDF) always carry it.
 */

import { formatDate, formatDateTime } from '../../../web/components/format.ts';
import type { TimelineEntry } from '../../../web/components/timeline.tsx';
import type { Lang } from '../../../web/i18n/index.ts';
import type { EformField } from '../../catalog/index.ts';
import type { DossierView } from '../index.ts';

export interface MissingPaperText {
  name: string;
  reason: string;
}

type Entry = DossierView['timeline'][number];

function payloadOf(entry: Entry): Record<string, unknown> | undefined {
  const payload: unknown = 'payload' in entry ? (entry as { payload?: unknown }).payload : undefined;
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
}

function missingPapersOf(entry: Entry): MissingPaperText[] {
  const list = payloadOf(entry)?.missingPapers;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m) =>
    typeof m === 'object' && m !== null && typeof m.name === 'string'
      ? [{ name: m.name, reason: typeof m.reason === 'string' ? m.reason : '' }]
      : [],
  );
}

/** The last supplement request and what it asks for (empty when the timeline carries no payload). */
export function lastSupplementRequest(
  view: DossierView,
): { at: string; papers: MissingPaperText[]; note: string } | null {
  const entry = [...view.timeline].reverse().find((e) => e.type === 'request_supplement');
  if (!entry) return null;
  const note = payloadOf(entry)?.note;
  return { at: entry.at, papers: missingPapersOf(entry), note: typeof note === 'string' ? note : '' };
}

function detailOf(entry: Entry, lang: Lang): string | undefined {
  const p = payloadOf(entry);
  if (!p) return undefined;
  const parts: string[] = [];
  for (const m of missingPapersOf(entry)) parts.push(`• ${m.name}${m.reason ? `: ${m.reason}` : ''}`);
  if (typeof p.reason === 'string' && p.reason) parts.push(p.reason);
  if (typeof p.note === 'string' && p.note) parts.push(p.note);
  if (typeof p.newDueAt === 'string') parts.push(`→ ${formatDateTime(p.newDueAt, lang)}`);
  if (typeof p.trackingNumber === 'string' && p.trackingNumber) parts.push(p.trackingNumber);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

export function timelineEntries(view: DossierView, lang: Lang): TimelineEntry[] {
  return view.timeline.map((e) => ({
    seq: e.seq,
    type: e.type,
    at: e.at,
    actorRole: e.actorRole,
    detail: detailOf(e, lang),
  }));
}

/**
 * Steps inside the agencies that say nothing to the applicant (issue 13, item 6): assigning,
 * finishing or returning an internal step, taking it back from a partner agency, and the
 * leader's approval (the result itself is the entry that matters to them).
 */
const internalToCitizen = new Set(['assign_step', 'complete_step', 'return_step', 'transfer_back', 'approve']);

/** The timeline as the applicant reads it: internal steps left out, each entry in their words. */
export function citizenTimelineEntries(view: DossierView, lang: Lang): TimelineEntry[] {
  return timelineEntries(view, lang).filter((e) => !internalToCitizen.has(e.type));
}

/** The slips the applicant is given: not the internal control sheet (Mẫu 06). */
export const citizenSlipsOf = (view: DossierView) => slipsOf(view).filter((k) => k !== 'control-sheet');

/** The slips a dossier has, by the actions in its history (the API renders them as PDF). */
export function slipsOf(
  view: DossierView,
): Array<'receipt' | 'supplement-request' | 'intake-refusal' | 'apology' | 'stop-notice' | 'control-sheet'> {
  const types = new Set(view.timeline.map((e) => e.type));
  return [
    ...(view.receivedAt ? (['receipt'] as const) : []),
    ...(types.has('request_supplement') ? (['supplement-request'] as const) : []),
    ...(types.has('refuse_intake') ? (['intake-refusal'] as const) : []),
    ...(types.has('apologise_extend') ? (['apology'] as const) : []),
    ...(types.has('stop') || types.has('deny') ? (['stop-notice'] as const) : []),
    ...(view.receivedAt ? (['control-sheet'] as const) : []),
  ];
}

export const slipHref = (code: string, kind: string) =>
  `/api/v1/dossiers/${encodeURIComponent(code)}/slips/${kind}.pdf`;
export const attachmentHref = (code: string, id: string) =>
  `/api/v1/dossiers/${encodeURIComponent(code)}/attachments/${encodeURIComponent(id)}`;

/** An e-form answer as people read it: dates as dd/mm/yyyy, the rest as written. */
export function formValue(field: EformField | undefined, value: unknown, lang: Lang): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  if (field?.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(`${text}T12:00:00+07:00`, lang);
  return text;
}

/** The answers in the form's own order (stored JSON keeps no order), unknown keys last. */
export function formRows(eform: readonly EformField[], data: Record<string, unknown>, lang: Lang) {
  const known = eform
    .filter((f) => f.key in data)
    .map((f) => ({ key: f.label, value: formValue(f, data[f.key], lang) }));
  const rest = Object.keys(data)
    .filter((k) => !eform.some((f) => f.key === k))
    .map((k) => ({ key: k, value: formValue(undefined, data[k], lang) }));
  return [...known, ...rest];
}
