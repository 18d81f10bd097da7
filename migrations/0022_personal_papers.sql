CREATE TABLE "personal_paper_uses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"paper_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dossier_code" text,
	"attachment_id" uuid,
	"actor_id" text,
	"actor_role" text,
	"agency_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personal_papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"owner_account_id" text,
	"owner_personal_id" text,
	"name" text NOT NULL,
	"origin" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"dossier_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"blob_key" text NOT NULL,
	"signed" boolean NOT NULL,
	"valid_until" date,
	"attested_by" text,
	"attested_by_name" text,
	"attested_at" timestamp with time zone,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dossier_attachments" ADD COLUMN "reused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dossier_attachments" ADD COLUMN "reused_from" uuid;--> statement-breakpoint
ALTER TABLE "insights_dossiers" ADD COLUMN "reused_papers" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "personal_paper_uses" ADD CONSTRAINT "personal_paper_uses_paper_id_personal_papers_id_fk" FOREIGN KEY ("paper_id") REFERENCES "public"."personal_papers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personal_paper_uses_paper" ON "personal_paper_uses" USING btree ("paper_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "personal_paper_uses_copy" ON "personal_paper_uses" USING btree ("paper_id","attachment_id") WHERE attachment_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "personal_papers_attachment" ON "personal_papers" USING btree ("attachment_id");--> statement-breakpoint
CREATE INDEX "personal_papers_owner" ON "personal_papers" USING btree ("owner_account_id") WHERE removed_at is null;--> statement-breakpoint
CREATE INDEX "personal_papers_personal_id" ON "personal_papers" USING btree ("owner_personal_id") WHERE removed_at is null;