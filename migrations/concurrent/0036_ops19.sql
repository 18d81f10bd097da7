-- Declared in src/platform/notify/schema.ts; generated into migrations/0036_ops19.sql by drizzle-kit
-- and moved here: the outbox holds every message ever sent, and a plain CREATE INDEX would stop
-- every write to it while it builds (docs/architecture.md, "Migrations").
CREATE INDEX CONCURRENTLY IF NOT EXISTS "outbox_dead" ON "outbox" USING btree ("channel") WHERE status = 'dead';
