CREATE TABLE "filing_drafts" (
	"province_code" text NOT NULL,
	"account_id" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "filing_drafts_account_id_procedure_id_pk" PRIMARY KEY("account_id","procedure_id")
);
--> statement-breakpoint
CREATE INDEX "filing_drafts_updated" ON "filing_drafts" USING btree ("updated_at");