CREATE TABLE "document_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
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
	"document_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"assignee_id" text NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"instruction" text,
	"due_date" date,
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "document_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"recipient_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" jsonb NOT NULL,
	"incoming_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "document_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"role" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"blob_key" text NOT NULL,
	"size" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_links" (
	"from_id" uuid NOT NULL,
	"to_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "document_links_from_id_to_id_kind_pk" PRIMARY KEY("from_id","to_id","kind")
);
--> statement-breakpoint
CREATE TABLE "document_readers" (
	"document_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "document_readers_document_id_account_id_pk" PRIMARY KEY("document_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "document_registers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"direction" text NOT NULL,
	"series" text DEFAULT 'general' NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"state" text NOT NULL,
	"register_id" uuid,
	"register_number" integer,
	"registered_at" timestamp with time zone,
	"code_number" text,
	"code_notation" text NOT NULL,
	"type_code" text NOT NULL,
	"type_name" text NOT NULL,
	"subject" text NOT NULL,
	"content" text,
	"issued_date" date,
	"place" text,
	"issuer_name" text NOT NULL,
	"issuer_organ_id" text,
	"signer" jsonb,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"secrecy" text DEFAULT 'none' NOT NULL,
	"page_amount" integer,
	"language" text DEFAULT 'vi' NOT NULL,
	"description" text,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"to_places" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_date" date,
	"source" text NOT NULL,
	"received_at" timestamp with time zone,
	"exchange_document_id" text,
	"drafting_unit" text,
	"created_by" text,
	"approver_id" text,
	"pdf_key" text,
	"draft_version" integer DEFAULT 0 NOT NULL,
	"issued_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"search_text" text NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_file_documents" (
	"file_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_file_documents_file_id_document_id_pk" PRIMARY KEY("file_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "work_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"notation" text NOT NULL,
	"title" text NOT NULL,
	"retention_years" integer,
	"permanent" boolean DEFAULT false NOT NULL,
	"creator_id" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"state" text DEFAULT 'open' NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "document_actions_seq" ON "document_actions" USING btree ("document_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "document_actions_tx" ON "document_actions" USING btree ("transaction_scope","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_assignments_person" ON "document_assignments" USING btree ("document_id","assignee_id");--> statement-breakpoint
CREATE INDEX "document_assignments_inbox" ON "document_assignments" USING btree ("assignee_id","state","due_date");--> statement-breakpoint
CREATE INDEX "document_comments_document" ON "document_comments" USING btree ("document_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_deliveries_key" ON "document_deliveries" USING btree ("document_id","recipient_key");--> statement-breakpoint
CREATE INDEX "document_files_document" ON "document_files" USING btree ("document_id","created_at");--> statement-breakpoint
CREATE INDEX "document_links_to" ON "document_links" USING btree ("to_id");--> statement-breakpoint
CREATE INDEX "document_readers_account" ON "document_readers" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_registers_key" ON "document_registers" USING btree ("agency_id","year","direction","series");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_register_number" ON "documents" USING btree ("register_id","register_number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_exchange_receipt" ON "documents" USING btree ("agency_id","exchange_document_id","issuer_organ_id","code_number") WHERE "documents"."exchange_document_id" is not null;--> statement-breakpoint
CREATE INDEX "documents_agency_state" ON "documents" USING btree ("agency_id","direction","state","created_at");--> statement-breakpoint
CREATE INDEX "documents_register_list" ON "documents" USING btree ("register_id","register_number");--> statement-breakpoint
CREATE INDEX "work_file_documents_document" ON "work_file_documents" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_files_notation" ON "work_files" USING btree ("agency_id","year","notation");--> statement-breakpoint
CREATE TRIGGER document_actions_append_only BEFORE UPDATE OR DELETE ON document_actions
  FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER document_actions_no_truncate BEFORE TRUNCATE ON document_actions
  FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_change();
