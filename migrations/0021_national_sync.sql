CREATE TABLE "national_dossier_sync" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"dossier_code" text NOT NULL,
	"queued_seq" integer NOT NULL,
	"sent_seq" integer,
	"first_sent_at" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	"sent_payload" jsonb,
	"last_response" text,
	"online_level" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_filings" (
	"national_code" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"dossier_code" text NOT NULL,
	"arrived_by" text NOT NULL,
	"filed_at" timestamp with time zone,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_sessions" (
	"adapter_url" text PRIMARY KEY NOT NULL,
	"session" text NOT NULL,
	"obtained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_timeline" (
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"province_code" text NOT NULL,
	"entry" jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"last_response" text,
	CONSTRAINT "national_timeline_dossier_id_seq_pk" PRIMARY KEY("dossier_id","seq")
);
--> statement-breakpoint
CREATE INDEX "national_dossier_sync_pending" ON "national_dossier_sync" USING btree ("province_code") WHERE sent_seq is distinct from queued_seq;--> statement-breakpoint
CREATE UNIQUE INDEX "national_filings_dossier" ON "national_filings" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "national_timeline_unsent" ON "national_timeline" USING btree ("dossier_id") WHERE sent_at is null;