CREATE TABLE "feedback_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"feedback_id" uuid NOT NULL,
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
	"transaction_scope" text NOT NULL,
	"response" jsonb
);
--> statement-breakpoint
CREATE TABLE "feedback_code_counters" (
	"province_code" text NOT NULL,
	"day" date NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "feedback_code_counters_province_code_day_pk" PRIMARY KEY("province_code","day")
);
--> statement-breakpoint
CREATE TABLE "feedback_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"tracking_key" text NOT NULL,
	"kind" text NOT NULL,
	"classification" text NOT NULL,
	"category_code" text NOT NULL,
	"channel" text NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"dossier_code" text,
	"commune_code" text,
	"place_address" text,
	"lat" double precision,
	"lng" double precision,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sender" jsonb NOT NULL,
	"sender_account_id" text,
	"official" jsonb,
	"agency_id" uuid NOT NULL,
	"routed_by" text NOT NULL,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"clock_start_at" timestamp with time zone NOT NULL,
	"refuse_due_at" timestamp with time zone NOT NULL,
	"supplement_due_at" timestamp with time zone NOT NULL,
	"answer_due_at" timestamp with time zone NOT NULL,
	"publish_due_at" timestamp with time zone,
	"first_info_requested_at" timestamp with time zone,
	"answer" text,
	"answered_at" timestamp with time zone,
	"timing" text,
	"publish_timing" text,
	"published_at" timestamp with time zone,
	"published" jsonb,
	"public_search" text,
	"closed_at" timestamp with time zone,
	"likes" integer DEFAULT 0 NOT NULL,
	"dislikes" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"duplicate_of" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_links" (
	"feedback_id" uuid NOT NULL,
	"related_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"kind" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_links_feedback_id_related_id_pk" PRIMARY KEY("feedback_id","related_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_reactions" (
	"feedback_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"voter" text NOT NULL,
	"reaction" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_reactions_feedback_id_voter_pk" PRIMARY KEY("feedback_id","voter")
);
--> statement-breakpoint
CREATE TABLE "feedback_settings" (
	"province_code" text NOT NULL,
	"effective_from" date NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_settings_province_code_effective_from_pk" PRIMARY KEY("province_code","effective_from")
);
--> statement-breakpoint
CREATE TABLE "hotline_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"operator_id" text NOT NULL,
	"operator_agency_id" uuid NOT NULL,
	"caller_phone" text NOT NULL,
	"caller_name" text,
	"outcome" text NOT NULL,
	"category_code" text,
	"question" text NOT NULL,
	"answer" text,
	"feedback_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"transaction_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open311_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_actions_seq" ON "feedback_actions" USING btree ("feedback_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_actions_tx" ON "feedback_actions" USING btree ("transaction_scope","transaction_id");--> statement-breakpoint
CREATE INDEX "feedback_actions_at" ON "feedback_actions" USING btree ("province_code","at");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_items_code" ON "feedback_items" USING btree ("province_code","code");--> statement-breakpoint
CREATE INDEX "feedback_items_agency_state" ON "feedback_items" USING btree ("agency_id","state","answer_due_at");--> statement-breakpoint
CREATE INDEX "feedback_items_submitted" ON "feedback_items" USING btree ("province_code","submitted_at");--> statement-breakpoint
CREATE INDEX "feedback_items_sender_account" ON "feedback_items" USING btree ("sender_account_id");--> statement-breakpoint
CREATE INDEX "feedback_items_public_search" ON "feedback_items" USING gin ("public_search" gin_trgm_ops) WHERE published_at is not null;--> statement-breakpoint
CREATE INDEX "feedback_links_related" ON "feedback_links" USING btree ("related_id");--> statement-breakpoint
CREATE INDEX "hotline_calls_province_at" ON "hotline_calls" USING btree ("province_code","at");--> statement-breakpoint
CREATE UNIQUE INDEX "hotline_calls_tx" ON "hotline_calls" USING btree ("operator_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_api_keys_hash" ON "open311_api_keys" USING btree ("key_hash");