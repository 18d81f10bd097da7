-- The operations centre's dashboard (issue 17, branch dash17). A period's ratings were counted by
-- joining every rating of the period to its dossier row (a probe of insights_dossiers per
-- rating: 4,000 a year at 1 M dossiers, for the period and the one before it); insights_ratings
-- now carries its dossier's rollup key (competent agency, procedure, channel), copied by the feed.
-- Nullable columns: no rewrite. Their backfill and the indexes are in
-- migrations/concurrent/0038_dash17.sql (insights_dossiers and insights_ratings grow with the
-- province's history; docs/architecture.md, "Migrations").
ALTER TABLE "insights_ratings" ADD COLUMN "dossier_agency_id" uuid;--> statement-breakpoint
ALTER TABLE "insights_ratings" ADD COLUMN "dossier_procedure_id" uuid;--> statement-breakpoint
ALTER TABLE "insights_ratings" ADD COLUMN "dossier_channel" text;
