/**
 * The columns of a module's action log (dossier_actions, feedback_actions, next documents):
 * one row per action taken on a record, in order, never changed afterwards. The log keeps what happened — who, in which role, from which state to
 * which, with which payload, under which client transaction id — not what was answered: the
 * answers of idempotent requests live in `idempotent_requests` for the replay window only.
 * The tables are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
 * (`records_refuse_change()`, migration `records_layer`).
 */
import { bigserial, integer, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Fresh column builders each call (a builder belongs to one table). */
export function actionColumns() {
  const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
  return {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: text('province_code').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    actorId: text('actor_id'),
    actorKind: text('actor_kind').notNull(),
    actorRole: text('actor_role'),
    actorAgencyId: uuid('actor_agency_id'),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    at: ts('at').notNull(),
    /** Client transaction id (Idempotency-Key) of the request that took the action. */
    transactionId: text('transaction_id').notNull(),
    /** Whose transaction id it is. */
    transactionScope: text('transaction_scope').notNull(),
  };
}
