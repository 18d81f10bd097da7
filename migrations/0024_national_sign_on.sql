ALTER TABLE "procedures" ADD COLUMN "assurance_level" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "oidc_flows" ADD COLUMN "level" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "assurance_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "id_token" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "identity" jsonb;
