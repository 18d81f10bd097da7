/**
 * The feedback module's use-cases. Each takes `(db, caller, input…)` and checks permissions
 * itself (states.ts and access.ts hold the rules); every state change is one transaction with
 * its action row, audit entry and outbox messages.
 */
import './errors.ts';

export { type ActionOptions, type ActionResult, takeFeedbackAction } from './actions.ts';
export { type FeedbackCategory, feedbackCategories, findCategory } from './categories.ts';
export type { FeedbackContext, TransactionOptions } from './core.ts';
export { DEFAULT_FEEDBACK_RULES, type FeedbackRules } from './deadlines.ts';
export { type HotlineCallView, type LogHotlineCallInput, listHotlineCalls, logHotlineCall } from './hotline.ts';
export { computeIndicators, type FeedbackIndicators, feedbackIndicators } from './indicators.ts';
export { type FeedbackPlace, type FeedbackReceipt, type SubmitFeedbackInput, submitFeedback } from './intake.ts';
export {
  createOpen311Key,
  listOpen311Keys,
  type Open311KeyView,
  revokeOpen311Key,
  verifyOpen311Key,
} from './open311-keys.ts';
export {
  getPublishedAnswer,
  type ListPublishedInput,
  listPublishedAnswers,
  type PublicAnswer,
  type RateAnswerInput,
  rateAnswer,
} from './public.ts';
export { getFeedbackRules, type SaveFeedbackRulesInput, saveFeedbackRules } from './settings.ts';
export {
  type FeedbackSummary,
  type FeedbackView,
  getFeedback,
  type ListFeedbackInput,
  listFeedback,
} from './views.ts';
