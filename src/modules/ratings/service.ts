/**
 * The ratings module's use-cases. Each takes `(db, caller or kiosk, input, options)`, checks
 * who may act and writes its audit entry in the transaction of the change.
 */
import './errors.ts';

export {
  getRatingContext,
  rateDossier,
} from './dossier-ratings.ts';
export {
  computeAgencyEvaluation,
  getAgencyEvaluation,
  setEvaluationPoints,
} from './evaluation.ts';

export {
  authenticateKiosk,
  createKioskToken,
  type KioskIdentity,
  rateAtKiosk,
  revokeKioskToken,
} from './kiosk.ts';
export {
  closeCounterSession,
  officerAtCounter,
  openCounterSession,
} from './sessions.ts';
export { ratingSummary } from './summary.ts';
