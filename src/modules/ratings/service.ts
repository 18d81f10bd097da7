/**
 * The ratings module's use-cases. Each takes `(db, caller or kiosk, input, options)`, checks
 * who may act and writes its audit entry in the transaction of the change.
 */
import './errors.ts';

export {
  DEFAULT_CHANGE_WINDOW_DAYS,
  type DossierRatingView,
  getRatingContext,
  type RateDossierInput,
  type RatingContext,
  type RatingOptions,
  rateDossier,
} from './dossier-ratings.ts';
export {
  computeAgencyEvaluation,
  type EvaluationCriterionView,
  type EvaluationView,
  getAgencyEvaluation,
  type SetEvaluationPointsInput,
  setEvaluationPoints,
} from './evaluation.ts';
export type { ComputedCriterion, ComputedEvaluation } from './evaluation-compute.ts';
export {
  authenticateKiosk,
  type CreatedKioskToken,
  createKioskToken,
  type KioskIdentity,
  type KioskRatingInput,
  type KioskRatingResult,
  type KioskStatus,
  kioskPagePath,
  kioskStatus,
  rateAtKiosk,
  revokeKioskToken,
} from './kiosk.ts';
export {
  type CounterSessionView,
  closeCounterSession,
  officerAtCounter,
  openCounterSession,
} from './sessions.ts';
export { type RatingSummary, ratingSummary, type SummaryGroup, type SummaryRow } from './summary.ts';
export { isValidRatingToken, ratingLinkPath, ratingToken } from './tokens.ts';
