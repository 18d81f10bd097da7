/**
 * The records layer every module with an action log uses (dossiers, feedback; documents next):
 * the action-table columns, idempotent requests with their replay window, locking a record for
 * an action, and unique-violation detection. See README.md.
 */

export {
  answeredBefore,
  IdempotentCall,
  lockForAction,
  once,
  rememberSql,
  requestHash,
  sweepIdempotentRequests,
} from './once.ts';
export { idempotentRequests } from './schema.ts';
export { isUniqueViolation } from './unique.ts';
