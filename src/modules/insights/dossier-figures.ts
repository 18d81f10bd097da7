/**
 * The figures of a set of rows (already narrowed to a scope) for a period: form 06's columns,
 * the rates of QĐ 766, satisfaction and the feedback figures. Each formula is written beside
 * its code as DOMAIN.md §3 / §10 and documents-reports-ioc.md §3.2 (form 06) and §4.6 (IOC
 * catalogue) state it; docs/insights.md lists them with their sources. Pure.
 */
import type { ProcedureFact } from '../catalog/index.ts';
import { computeIndicators, type FeedbackFact, type FeedbackIndicators } from '../feedback/index.ts';
import type { DossierRow, FeedbackRow, RatingRow } from './load-period.ts';
import type { Period } from './periods.ts';
import { placeInPeriod } from './placement.ts';
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

const RESULT_STATES = new Set(['result_ready', 'delivered']);
const needsElectronicResult = (p: ProcedureFact | undefined) => p?.resultKind === 'paper' || p?.resultKind === 'both';

/** Pure: the dossier indicators of rows (already narrowed to a scope) for a period. */
export function dossierIndicators(
  rows: readonly DossierRow[],
  period: Period,
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
  for (const row of rows) {
    const place = placeInPeriod(row, period);
    if (!place) continue;
    out.received.total++;
    const procedure = procedures.get(row.procedureId);
    if (place.carriedOver) out.received.carriedOver++;
    else {
      out.received[row.channel]++;
      if (procedure?.onlineLevel === 'full') {
        fullEligible++;
        if (row.channel === 'online') fullOnline++;
      }
      // 4.2: digitised components, and the e-result where the TTHC issues a paper one and a result exists.
      const hasResult = RESULT_STATES.has(row.state);
      if (row.paperFiles > 0 && (!hasResult || !needsElectronicResult(procedure) || row.electronicResult)) digitised++;
      // 4.3: at least one component taken from the applicant's digitised papers (DuocTaiSuDung).
      if (row.reusedPapers > 0) reused++;
    }
    // 4.1: results issued in the period (finished in it with a result), of TTHC with a paper result.
    if (
      row.finishedAt &&
      row.finishedAt.getTime() >= period.start.getTime() &&
      row.finishedAt.getTime() < period.end.getTime() &&
      RESULT_STATES.has(row.state) &&
      needsElectronicResult(procedure)
    ) {
      results++;
      if (row.electronicResult) eResults++;
    }
    switch (place.timing) {
      case 'early':
      case 'onTime':
      case 'late':
        out.handled[place.timing]++;
        out.handled.total++;
        break;
      case 'inProgressOnTime':
        out.inProgress.withinTime++;
        out.inProgress.total++;
        break;
      case 'inProgressLate':
        out.inProgress.overdue++;
        out.inProgress.total++;
        break;
      case null:
        out.unclassified++;
    }
  }
  const inPeriod = out.received.online + out.received.counter + out.received.post;
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

/** Pure: ratings given in the period. */
export function satisfaction(ratings: readonly RatingRow[], period: Period): Satisfaction {
  const inPeriod = ratings.filter(
    (r) => r.ratedAt.getTime() >= period.start.getTime() && r.ratedAt.getTime() < period.end.getTime(),
  );
  const count = (level: string) => inPeriod.filter((r) => r.level === level).length;
  const verySatisfied = count('very_satisfied');
  const satisfied = count('satisfied');
  return {
    forms: inPeriod.length,
    verySatisfied,
    satisfied,
    unsatisfied: count('unsatisfied'),
    satisfiedRate: rate(verySatisfied + satisfied, inPeriod.length),
  };
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
