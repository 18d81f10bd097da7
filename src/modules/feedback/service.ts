/**
 * The feedback module's use-cases. Each takes `(db, caller, input…)` and checks permissions
 * itself (states.ts and access.ts hold the rules); every state change is one transaction with
 * its action row, audit entry and outbox messages.
 */
import './errors.ts';

export { submitFeedback } from './intake.ts';
