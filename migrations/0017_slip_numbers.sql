CREATE TABLE "slip_number_counters" (
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "slip_number_counters_agency_id_year_pk" PRIMARY KEY("agency_id","year")
);
--> statement-breakpoint
CREATE TABLE "slip_numbers" (
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"action_seq" integer NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slip_numbers_dossier_id_kind_action_seq_pk" PRIMARY KEY("dossier_id","kind","action_seq")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "slip_numbers_agency_year_seq" ON "slip_numbers" USING btree ("agency_id","year","seq");