-- The outbox's dead-letter index (outbox_dead) is built by migrations/concurrent/0036_ops19.sql,
-- outside this transaction: CREATE INDEX CONCURRENTLY cannot run inside one.
SELECT 1;
