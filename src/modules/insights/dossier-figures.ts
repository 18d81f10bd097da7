/**
 * The figures of a set of rows (already narrowed to a scope) for a period: form 06's columns,
 * the rates of QĐ 766, satisfaction and the feedback figures. Each formula is written beside
 * its code as DOMAIN.md §3 / §10 and documents-reports-ioc.md §3.2 (form 06) and §4.6 (IOC
 * catalogue) state it; docs/insights.md lists them with their sources. Pure.
 */
import type { ProcedureFact } from '../catalog/index.ts';
import { computeIndicators, type FeedbackFact, type FeedbackIndicators } from '../feedback/index.ts';
import type { FeedbackRow, RatingCell } from './load-period.ts';
import type { Cell } from './period-cells.ts';
import type { Period } from './periods.ts';
import { type Rate, rate } from './rate.ts';

export interface DossierIndicators {
  /** Form 06 cols. 3–6: total = carriedOver + online + counterOrPost (col. 3 = 4 + 5 + 6). */
  received: { total: number; carriedOver: number; online: number; counter: number; post: number };
  /** Cols. 7–10: total = early + onTime + late (col. 7 = 8 + 9 + 10). */
  handled: { total: number; early: number; onTime: number; late: number };
  /** Cols. 11–13: total = withinTime + overdue (col. 11 = 12 + 13). */
  inProgress: { total: number; withinTime: number; overdue: number };
  /** Received dossiers without a due date: not classified (never guessed). Col. 3 = 7 + 11 + this. */
  unclassified: number;
  /** QĐ 766 indicator 2.1: (early + on time + in progress within time) ÷ (handled + in progress). */
  onTimeRate: Rate;
  /** §3.1 3.3 and IOC catalogue: online received ÷ received in the period (col. 4 ÷ (4 + 5)). */
  onlineRate: Rate;
  /** §3.1 3.x: dossiers filed online ÷ dossiers received, both of TTHC offered toàn trình. */
  fullOnlineRate: Rate;
  /** §3.1 4.1: results issued in the period as electronic files ÷ results issued, of TTHC with a paper result. */
  electronicResultRate: Rate;
  /** §3.1 4.2: received dossiers with digitised papers (and the e-result where 4.1 asks one) ÷ received. */
  digitisedRate: Rate;
  /** §3.1 4.3: received dossiers with ≥ 1 paper reused from digitised data ÷ received in the period. */
  reuseRate: Rate;
}

export interface Satisfaction {
  /** §1.6: forms answered in the period, by level; % of each = count ÷ forms × 100. */
  forms: number;
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
  /** (very satisfied + satisfied) ÷ forms. */
  satisfiedRate: Rate;
}

const needsElectronicResult = (p: ProcedureFact | undefined) => p?.resultKind === 'paper' || p?.resultKind === 'both';

/**
 * Pure: the dossier indicators of a period's rollup cells (period-cells.ts, already narrowed to
 * a scope). The cells hold form 06's columns per (agency, procedure, channel); the procedure
 * decides 3.x (offered full online), 4.1 and 4.2 (issues a paper result).
 */
export function dossierIndicators(
  cells: readonly Cell[],
  procedures: ReadonlyMap<string, ProcedureFact>,
): DossierIndicators {
  const out: DossierIndicators = {
    received: { total: 0, carriedOver: 0, online: 0, counter: 0, post: 0 },
    handled: { total: 0, early: 0, onTime: 0, late: 0 },
    inProgress: { total: 0, withinTime: 0, overdue: 0 },
    unclassified: 0,
    onTimeRate: rate(0, 0),
    onlineRate: rate(0, 0),
    fullOnlineRate: rate(0, 0),
    electronicResultRate: rate(0, 0),
    digitisedRate: rate(0, 0),
    reuseRate: rate(0, 0),
  };
  let fullOnline = 0;
  let fullEligible = 0;
  let eResults = 0;
  let results = 0;
  let digitised = 0;
  let reused = 0;
  for (const c of cells) {
    const procedure = procedures.get(c.procedureId);
    out.received.carriedOver += c.carriedOver;
    out.received[c.channel] += c.received;
    if (procedure?.onlineLevel === 'full') {
      fullEligible += c.received;
      if (c.channel === 'online') fullOnline += c.received;
    }
    // 4.2: digitised components, and the e-result where the TTHC issues a paper one and a result exists.
    digitised += c.digitised + (needsElectronicResult(procedure) ? 0 : c.digitisedUnlessPaperResult);
    // 4.3: at least one component taken from the applicant's digitised papers (DuocTaiSuDung).
    reused += c.reused;
    // 4.1: results issued in the period, of TTHC with a paper result.
    if (needsElectronicResult(procedure)) {
      results += c.results;
      eResults += c.eResults;
    }
    out.handled.early += c.early;
    out.handled.onTime += c.onTime;
    out.handled.late += c.late;
    out.inProgress.withinTime += c.inTime;
    out.inProgress.overdue += c.overdue;
    out.unclassified += c.unclassified;
  }
  out.handled.total = out.handled.early + out.handled.onTime + out.handled.late;
  out.inProgress.total = out.inProgress.withinTime + out.inProgress.overdue;
  const inPeriod = out.received.online + out.received.counter + out.received.post;
  out.received.total = out.received.carriedOver + inPeriod;
  out.onTimeRate = rate(
    out.handled.early + out.handled.onTime + out.inProgress.withinTime,
    out.handled.total + out.inProgress.total,
  );
  out.onlineRate = rate(out.received.online, inPeriod);
  out.fullOnlineRate = rate(fullOnline, fullEligible);
  out.electronicResultRate = rate(eResults, results);
  out.digitisedRate = rate(digitised, inPeriod);
  out.reuseRate = rate(reused, inPeriod);
  return out;
}

/** Pure: ratings given in the period (already counted per cell and narrowed to a scope). */
export function satisfaction(ratings: readonly RatingCell[]): Satisfaction {
  const verySatisfied = ratings.reduce((s, r) => s + r.verySatisfied, 0);
  const satisfied = ratings.reduce((s, r) => s + r.satisfied, 0);
  const unsatisfied = ratings.reduce((s, r) => s + r.unsatisfied, 0);
  const forms = verySatisfied + satisfied + unsatisfied;
  return { forms, verySatisfied, satisfied, unsatisfied, satisfiedRate: rate(verySatisfied + satisfied, forms) };
}

/**
 * Feedback answered on time (§3.1 5.2) and satisfaction with its handling (5.3): the feedback
 * module's own computation (§8.2), applied to the read model's rows.
 */
export function feedbackFigures(rows: readonly FeedbackRow[], period: Period, now: Date): FeedbackIndicators {
  const items: FeedbackFact[] = rows.map((r) => ({
    feedbackId: r.feedbackId,
    provinceCode: r.provinceCode,
    code: r.code,
    agencyId: r.agencyId,
    channel: r.channel,
    dossierCode: r.dossierCode,
    classification: r.classification,
    state: r.state,
    submittedAt: r.submittedAt,
    closedAt: r.closedAt,
    timing: r.timing,
    answerDueAt: r.answerDueAt,
    likes: r.likes,
    dislikes: r.dislikes,
    reopenCount: r.reopenCount,
    version: r.sourceVersion,
  }));
  return computeIndicators(items, period.start, new Date(period.end.getTime() - 1), now);
}
