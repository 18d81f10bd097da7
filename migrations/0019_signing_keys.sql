CREATE TABLE "signing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"account_id" uuid,
	"provider" text NOT NULL,
	"certificate" text NOT NULL,
	"chain" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sealed_key" text,
	"token_label" text,
	"key_label" text,
	"remote_user_id" text,
	"remote_serial" text,
	"subject" text NOT NULL,
	"fingerprint" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"revoked_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"expiry_notice_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP TABLE "agency_signing_keys" CASCADE;--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_fingerprint" ON "signing_keys" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "signing_keys_owner" ON "signing_keys" USING btree ("agency_id","account_id","status");