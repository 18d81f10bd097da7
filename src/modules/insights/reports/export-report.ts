/**
 * Exporting a periodic report (form 06 and its variants, form 07b, the feedback report) as Excel or PDF:
 * the same read models and figures as the dashboard. `composeReport` is the report itself (used
 * by the monthly mailing, which runs as the system); `exportReport` checks the caller first.
 */
import type { Caller } from '../../../platform/auth/caller.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { procedureFacts, procedureSetupFacts } from '../../catalog/index.ts';
import { findAgencies } from '../../directory/index.ts';
import type { Lookups } from '../dimensions.ts';
import { loadPeriod } from '../load-period.ts';
import { parsePeriod } from '../periods.ts';
import { dashboardAccess } from '../policies.ts';
import { renderReportExcel } from './excel.ts';
import { buildFeedbackReport } from './feedback-report.ts';
import { buildForm06 } from './form06.ts';
import { buildForm07b } from './form07b.ts';
import { renderReportPdf } from './pdf.ts';
import type { ReportScope } from './report-scope.ts';
import type { ReportTable } from './report-table.ts';

export type ReportKind = 'form06' | 'form07b' | 'feedback';
export type ReportFormat = 'xlsx' | 'pdf';

export interface ReportRequest {
  provinceCode: string;
  period: string;
  kind: ReportKind;
  scope: ReportScope;
  now?: Date;
}

export async function reportLookups(db: Executor, provinceCode: string): Promise<Lookups> {
  const [procedures, agencies] = await Promise.all([
    procedureFacts(db, provinceCode),
    findAgencies(db, { provinceCode }),
  ]);
  return {
    procedures: new Map(procedures.map((p) => [p.id, p])),
    agencies: new Map(agencies.map((a) => [a.id, a])),
  };
}

export async function composeReport(db: Executor, input: ReportRequest, lookups?: Lookups): Promise<ReportTable> {
  const known = lookups ?? (await reportLookups(db, input.provinceCode));
  const now = input.now ?? new Date();
  if (input.kind === 'form07b') {
    // Procedures, not dossiers: the catalog as it is now, whatever the period.
    const procedures = await procedureSetupFacts(db, input.provinceCode);
    return buildForm07b(procedures, parsePeriod(input.period), input.scope, known, now);
  }
  const data = await loadPeriod(db, input.provinceCode, parsePeriod(input.period));
  return input.kind === 'form06'
    ? buildForm06(data, input.scope, known, now)
    : buildFeedbackReport(data, input.scope, known, now);
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export async function renderReport(report: ReportTable, format: ReportFormat): Promise<ReportFile> {
  return format === 'xlsx'
    ? {
        fileName: `${report.fileName}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes: await renderReportExcel(report),
      }
    : { fileName: `${report.fileName}.pdf`, contentType: 'application/pdf', bytes: await renderReportPdf(report) };
}

/** The report as a file, for a caller who may read the dashboard (aggregates: no personal data). */
export async function exportReport(
  db: Executor,
  caller: Caller,
  input: ReportRequest & { format: ReportFormat },
): Promise<ReportFile> {
  const lookups = await reportLookups(db, input.provinceCode);
  dashboardAccess(caller, input.provinceCode, lookups.agencies);
  return renderReport(await composeReport(db, input, lookups), input.format);
}

/** The units a report may be asked for: the province-level agencies and the communes, by name. */
export async function reportUnitChoices(
  db: Executor,
  caller: Caller,
  provinceCode: string,
): Promise<{ agencies: { id: string; name: string }[]; communes: { id: string; name: string }[] }> {
  const lookups = await reportLookups(db, provinceCode);
  dashboardAccess(caller, provinceCode, lookups.agencies);
  const active = [...lookups.agencies.values()].filter((a) => a.active);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');
  return {
    agencies: active
      .filter((a) => a.level === 'province')
      .map((a) => ({ id: a.id, name: a.name }))
      .sort(byName),
    communes: active
      .filter((a) => a.kind === 'commune')
      .map((a) => ({ id: a.id, name: a.name }))
      .sort(byName),
  };
}
