CREATE TABLE "agency_signing_keys" (
	"agency_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"pkcs12" text NOT NULL,
	"password" text NOT NULL,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_holders" (
	"dossier_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_holders_dossier_id_agency_id_pk" PRIMARY KEY("dossier_id","agency_id")
);
--> statement-breakpoint
ALTER TABLE "dossier_attachments" ALTER COLUMN "dossier_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "dossier_actions" ADD COLUMN "response" jsonb;--> statement-breakpoint
CREATE INDEX "dossier_holders_agency" ON "dossier_holders" USING btree ("agency_id");