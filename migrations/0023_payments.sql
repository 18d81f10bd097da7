CREATE TABLE "fee_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"dossier_id" uuid NOT NULL,
	"dossier_code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"procedure_national_code" text,
	"procedure_name" text NOT NULL,
	"competent_agency_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"state" text NOT NULL,
	"paid_at" timestamp with time zone,
	"paid_attempt_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"reference" text NOT NULL,
	"amount" integer NOT NULL,
	"state" text NOT NULL,
	"provider_create_date" text NOT NULL,
	"provider_transaction_no" text,
	"bank_code" text,
	"result_code" text,
	"settled_by" text,
	"paid_at" timestamp with time zone,
	"refund_state" text,
	"refund_reason" text,
	"last_queried_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_receipt_counters" (
	"province_code" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"fee_request_id" uuid NOT NULL,
	"attempt_id" uuid,
	"number" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"amount" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"payer_name" text NOT NULL,
	"method" text NOT NULL,
	"online" boolean NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "fee_requests_open_uq" ON "fee_requests" USING btree ("dossier_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "fee_requests_dossier_idx" ON "fee_requests" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "fee_requests_procedure_idx" ON "fee_requests" USING btree ("province_code","procedure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_attempts_reference_uq" ON "payment_attempts" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "payment_attempts_request_idx" ON "payment_attempts" USING btree ("fee_request_id");--> statement-breakpoint
CREATE INDEX "payment_attempts_pending_idx" ON "payment_attempts" USING btree ("created_at") WHERE state = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_receipt_counters_pk" ON "payment_receipt_counters" USING btree ("province_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_receipts_request_uq" ON "payment_receipts" USING btree ("fee_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_receipts_number_uq" ON "payment_receipts" USING btree ("province_code","number");
