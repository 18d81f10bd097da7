ALTER TABLE "dossier_holders" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "current" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "dossier_holders_finished" ON "dossier_holders" USING btree ("agency_id","finished_at" DESC NULLS LAST,"dossier_id" DESC NULLS LAST) WHERE finished_at is not null;--> statement-breakpoint
CREATE INDEX "dossier_holders_elsewhere" ON "dossier_holders" USING btree ("agency_id") WHERE finished_at is null and not current;--> statement-breakpoint
CREATE INDEX "dossiers_inbox_clock" ON "dossiers" USING btree ("holding_agency_id","due_at","submitted_at","id") WHERE finished_at is null and code is not null and due_at is not null and clock_paused_at is null;--> statement-breakpoint
CREATE INDEX "dossiers_inbox_idle" ON "dossiers" USING btree ("holding_agency_id","due_at","submitted_at","id") WHERE finished_at is null and code is not null and (due_at is null or clock_paused_at is not null);--> statement-breakpoint
CREATE INDEX "dossiers_code_trgm" ON "dossiers" USING gin ("code" gin_trgm_ops);