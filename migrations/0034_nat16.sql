CREATE TABLE "oidc_pending_links" (
	"id" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"sid" text,
	"identity" jsonb NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"level" integer NOT NULL,
	"id_token" text NOT NULL,
	"return_to" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "exempt_reason" text;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "exempted_by" uuid;--> statement-breakpoint
ALTER TABLE "fee_requests" ADD COLUMN "exempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_receipts" ADD COLUMN "provider_bill_key" text;--> statement-breakpoint
ALTER TABLE "payment_receipts" ADD COLUMN "provider_bill_fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "verified_personal_id" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "oidc_issuer" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "oidc_sid" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "oidc_subject" text;--> statement-breakpoint
CREATE INDEX "oidc_pending_links_expires" ON "oidc_pending_links" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_verified_personal_id" ON "accounts" USING btree ("province_code","verified_personal_id") WHERE verified_personal_id is not null;--> statement-breakpoint
CREATE INDEX "sessions_oidc_sid" ON "sessions" USING btree ("oidc_issuer","oidc_sid") WHERE oidc_sid is not null;