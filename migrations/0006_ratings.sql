CREATE TABLE "agency_evaluations" (
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"criterion" integer NOT NULL,
	"computed_points" numeric(4, 2),
	"self_points" numeric(4, 2),
	"appraised_points" numeric(4, 2),
	"note" text,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_evaluations_agency_id_quarter_criterion_pk" PRIMARY KEY("agency_id","quarter","criterion"),
	CONSTRAINT "agency_evaluations_criterion" CHECK ("agency_evaluations"."criterion" between 1 and 9),
	CONSTRAINT "agency_evaluations_quarter" CHECK ("agency_evaluations"."quarter" ~ '^[0-9]{4}-Q[1-4]$'),
	CONSTRAINT "agency_evaluations_points" CHECK (coalesce("agency_evaluations"."computed_points", 0) between 0 and 2 and coalesce("agency_evaluations"."self_points", 0) between 0 and 2 and coalesce("agency_evaluations"."appraised_points", 0) between 0 and 2)
);
--> statement-breakpoint
CREATE TABLE "counter_kiosk_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"counter_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "counter_session_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"counter_id" uuid NOT NULL,
	"officer_account_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "counter_sessions" (
	"counter_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"officer_account_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"officer_account_id" text,
	"counter_id" uuid,
	"level" text NOT NULL,
	"convenience" text,
	"overall" text,
	"comment" text,
	"channel" text NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone,
	"changes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "officer_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"counter_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"officer_account_id" text,
	"level" text NOT NULL,
	"comment" text,
	"client_id" uuid NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agency_evaluations" ADD CONSTRAINT "agency_evaluations_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counter_kiosk_tokens" ADD CONSTRAINT "counter_kiosk_tokens_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counter_session_history" ADD CONSTRAINT "counter_session_history_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counter_sessions" ADD CONSTRAINT "counter_sessions_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_ratings" ADD CONSTRAINT "officer_ratings_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_ratings" ADD CONSTRAINT "officer_ratings_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "counter_kiosk_tokens_hash" ON "counter_kiosk_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "counter_kiosk_tokens_counter" ON "counter_kiosk_tokens" USING btree ("counter_id");--> statement-breakpoint
CREATE INDEX "counter_session_history_counter" ON "counter_session_history" USING btree ("counter_id","started_at");--> statement-breakpoint
CREATE INDEX "counter_session_history_officer" ON "counter_session_history" USING btree ("officer_account_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "counter_sessions_officer" ON "counter_sessions" USING btree ("officer_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_ratings_dossier" ON "dossier_ratings" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_ratings_agency" ON "dossier_ratings" USING btree ("agency_id","rated_at");--> statement-breakpoint
CREATE INDEX "dossier_ratings_officer" ON "dossier_ratings" USING btree ("officer_account_id","rated_at");--> statement-breakpoint
CREATE INDEX "dossier_ratings_counter" ON "dossier_ratings" USING btree ("counter_id","rated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "officer_ratings_client" ON "officer_ratings" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "officer_ratings_counter" ON "officer_ratings" USING btree ("counter_id","rated_at");--> statement-breakpoint
CREATE INDEX "officer_ratings_officer" ON "officer_ratings" USING btree ("officer_account_id","rated_at");--> statement-breakpoint
CREATE INDEX "officer_ratings_agency" ON "officer_ratings" USING btree ("agency_id","rated_at");