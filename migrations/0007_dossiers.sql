ALTER TABLE "dossier_steps" ADD COLUMN "due_soon_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_steps" ADD COLUMN "overdue_notified_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "dossier_attachments_staged" ON "dossier_attachments" USING btree ("uploaded_by") WHERE dossier_id is null;--> statement-breakpoint
CREATE INDEX "dossier_steps_active_due" ON "dossier_steps" USING btree ("due_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "dossiers_applicant_search" ON "dossiers" USING gin ("applicant_search" gin_trgm_ops);