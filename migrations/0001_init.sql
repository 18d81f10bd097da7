CREATE TABLE "fields" (
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "fields_province_code_code_pk" PRIMARY KEY("province_code","code")
);
--> statement-breakpoint
CREATE TABLE "procedure_agencies" (
	"province_code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "procedure_agencies_procedure_id_agency_id_pk" PRIMARY KEY("procedure_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"national_code" text,
	"local_code" text,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"search_key" text NOT NULL,
	"field_code" text NOT NULL,
	"level" text NOT NULL,
	"agency_kind" text NOT NULL,
	"applicant_types" text[] NOT NULL,
	"online_level" text NOT NULL,
	"result_kind" text NOT NULL,
	"result_name" text NOT NULL,
	"legal_bases" jsonb NOT NULL,
	"fees" jsonb NOT NULL,
	"papers" jsonb NOT NULL,
	"eform" jsonb NOT NULL,
	"time_limit" jsonb NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_templates" (
	"province_code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"steps" jsonb NOT NULL,
	"total_hours" double precision NOT NULL,
	"total_hours_online" double precision,
	"time_limit" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "process_templates_procedure_id_version_pk" PRIMARY KEY("procedure_id","version")
);
--> statement-breakpoint
CREATE TABLE "admin_unit_mappings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_unit_mappings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"province_code" text NOT NULL,
	"old_code" text,
	"old_name" text,
	"old_district" text,
	"old_province" text,
	"new_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_units" (
	"code" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"effective_from" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"admin_unit_code" text,
	"office_hours" jsonb,
	"address" text,
	"phone" text,
	"email" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"account_id" text,
	"agency_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"title" text,
	"email" text,
	"phone" text,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor_id" text,
	"actor_kind" text NOT NULL,
	"actor_role" text,
	"actor_agency_id" uuid,
	"from_state" text,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"transaction_id" text NOT NULL,
	"transaction_scope" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"paper_name" text,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"blob_key" text NOT NULL,
	"signed" boolean DEFAULT false NOT NULL,
	"uploaded_by" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_code_counters" (
	"agency_code" text NOT NULL,
	"day" date NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "dossier_code_counters_agency_code_day_pk" PRIMARY KEY("agency_code","day")
);
--> statement-breakpoint
CREATE TABLE "dossier_steps" (
	"dossier_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"province_code" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"unit" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"budget_hours" integer NOT NULL,
	"assignee_id" text,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"timing" text,
	CONSTRAINT "dossier_steps_dossier_id_idx_pk" PRIMARY KEY("dossier_id","idx")
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"code" text,
	"tracking_key" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"procedure_version" integer NOT NULL,
	"procedure_snapshot" jsonb NOT NULL,
	"channel" text NOT NULL,
	"receiving_agency_id" uuid NOT NULL,
	"competent_agency_id" uuid NOT NULL,
	"holding_agency_id" uuid NOT NULL,
	"applicant_account_id" text,
	"applicant" jsonb NOT NULL,
	"applicant_search" text DEFAULT '' NOT NULL,
	"form_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text NOT NULL,
	"machine" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"clock_paused_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"timing" text,
	"due_soon_notified_at" timestamp with time zone,
	"overdue_notified_at" timestamp with time zone,
	"electronic_result" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"streams" integer NOT NULL,
	"events" integer NOT NULL,
	"heads_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"stream" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"action" text NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"kind" text NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"totp_secret" text,
	"totp_confirmed_at" timestamp with time zone,
	"totp_last_step" integer,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"oidc_issuer" text,
	"oidc_subject" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oidc_flows" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"code_verifier" text NOT NULL,
	"nonce" text NOT NULL,
	"return_to" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"totp_pending" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_schedules" (
	"scope" text NOT NULL,
	"year" text NOT NULL,
	"schedule" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_schedules_scope_year_pk" PRIMARY KEY("scope","year")
);
--> statement-breakpoint
CREATE TABLE "platform_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"channel" text NOT NULL,
	"topic" text NOT NULL,
	"recipient" text,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "zalo_seen_events" (
	"key" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zalo_tokens" (
	"oa_id" text PRIMARY KEY NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text NOT NULL,
	"access_expires_at" timestamp with time zone NOT NULL,
	"refresh_expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procedure_agencies" ADD CONSTRAINT "procedure_agencies_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_agencies" ADD CONSTRAINT "procedure_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_province_code_field_code_fields_province_code_code_fk" FOREIGN KEY ("province_code","field_code") REFERENCES "public"."fields"("province_code","code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "process_templates" ADD CONSTRAINT "process_templates_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_admin_unit_code_admin_units_code_fk" FOREIGN KEY ("admin_unit_code") REFERENCES "public"."admin_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counters" ADD CONSTRAINT "counters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedure_agencies_agency" ON "procedure_agencies" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "procedures_national_code" ON "procedures" USING btree ("province_code","national_code") WHERE national_code is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "procedures_name_level" ON "procedures" USING btree ("province_code","level","name");--> statement-breakpoint
CREATE INDEX "procedures_local_code" ON "procedures" USING btree ("local_code");--> statement-breakpoint
CREATE INDEX "procedures_field" ON "procedures" USING btree ("province_code","field_code");--> statement-breakpoint
CREATE INDEX "procedures_search_key_trgm" ON "procedures" USING gin ("search_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "admin_unit_mappings_old_code" ON "admin_unit_mappings" USING btree ("old_code");--> statement-breakpoint
CREATE INDEX "admin_unit_mappings_new_code" ON "admin_unit_mappings" USING btree ("new_code");--> statement-breakpoint
CREATE INDEX "admin_units_province_kind" ON "admin_units" USING btree ("province_code","kind");--> statement-breakpoint
CREATE INDEX "admin_units_name_fold" ON "admin_units" USING gin (vn_fold("name") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_code" ON "agencies" USING btree ("code");--> statement-breakpoint
CREATE INDEX "agencies_province_parent" ON "agencies" USING btree ("province_code","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "counters_agency_number" ON "counters" USING btree ("agency_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_account" ON "staff" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "staff_province_agency" ON "staff" USING btree ("province_code","agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_actions_seq" ON "dossier_actions" USING btree ("dossier_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_actions_tx" ON "dossier_actions" USING btree ("transaction_scope","transaction_id");--> statement-breakpoint
CREATE INDEX "dossier_attachments_dossier" ON "dossier_attachments" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_code" ON "dossiers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "dossiers_holding_state" ON "dossiers" USING btree ("holding_agency_id","state","due_at");--> statement-breakpoint
CREATE INDEX "dossiers_applicant" ON "dossiers" USING btree ("applicant_account_id");--> statement-breakpoint
CREATE INDEX "dossiers_due" ON "dossiers" USING btree ("due_at") WHERE finished_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_stream_seq" ON "audit_events" USING btree ("stream","seq");--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_login" ON "accounts" USING btree ("login");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_oidc" ON "accounts" USING btree ("oidc_issuer","oidc_subject");--> statement-breakpoint
CREATE INDEX "accounts_province_kind" ON "accounts" USING btree ("province_code","kind");--> statement-breakpoint
CREATE INDEX "oidc_flows_expires" ON "oidc_flows" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_account" ON "sessions" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sessions_expires" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "zalo_seen_events_seen_at" ON "zalo_seen_events" USING btree ("seen_at");