DROP INDEX "dossier_holders_elsewhere";--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD COLUMN "idle" boolean DEFAULT false NOT NULL;
