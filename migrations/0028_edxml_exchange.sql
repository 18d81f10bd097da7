CREATE TABLE "edxml_packages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"direction" text NOT NULL,
	"agency_code" text NOT NULL,
	"sender_code" text NOT NULL,
	"recipient_codes" jsonb NOT NULL,
	"document_id" text NOT NULL,
	"code_number" text NOT NULL,
	"code_notation" text NOT NULL,
	"promulgation_date" text NOT NULL,
	"subject" text NOT NULL,
	"xml" text NOT NULL,
	"document_ref" text,
	"hub_doc_id" text,
	"verification" jsonb,
	"last_status_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "edxml_statuses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"package_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"organ_id" text NOT NULL,
	"organ_name" text NOT NULL,
	"status_code" text NOT NULL,
	"description" text NOT NULL,
	"staff" jsonb,
	"at" timestamp with time zone NOT NULL,
	"xml" text NOT NULL,
	"hub_doc_id" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "edxml_statuses" ADD CONSTRAINT "edxml_statuses_package_id_edxml_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."edxml_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "edxml_packages_receipt" ON "edxml_packages" USING btree ("agency_code","document_id","sender_code","code_number") WHERE direction = 'incoming';--> statement-breakpoint
CREATE INDEX "edxml_packages_outgoing" ON "edxml_packages" USING btree ("agency_code","document_id") WHERE direction = 'outgoing';--> statement-breakpoint
CREATE INDEX "edxml_packages_document" ON "edxml_packages" USING btree ("document_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "edxml_statuses_once" ON "edxml_statuses" USING btree ("package_id","direction","organ_id","status_code");
