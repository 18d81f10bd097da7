-- Declared in src/modules/dossiers/schema.ts; generated into migrations/0037_search21.sql by
-- drizzle-kit and moved here: dossier_holders grows with the province's history, and a plain
-- CREATE INDEX would stop every write to it while it builds (docs/architecture.md, "Migrations").
CREATE INDEX CONCURRENTLY IF NOT EXISTS "dossier_holders_search" ON "dossier_holders" USING gin (dossier_search_keys("agency_id", "search"));
