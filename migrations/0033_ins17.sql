CREATE TABLE "insights_monthly" (
	"province_code" text NOT NULL,
	"month" date NOT NULL,
	"agency_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"received_no_due" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"unclassified" integer DEFAULT 0 NOT NULL,
	"s_early" integer DEFAULT 0 NOT NULL,
	"s_on_time" integer DEFAULT 0 NOT NULL,
	"s_late" integer DEFAULT 0 NOT NULL,
	"s_in_time" integer DEFAULT 0 NOT NULL,
	"s_overdue" integer DEFAULT 0 NOT NULL,
	"results" integer DEFAULT 0 NOT NULL,
	"e_results" integer DEFAULT 0 NOT NULL,
	"digitised" integer DEFAULT 0 NOT NULL,
	"digitised_unless_paper_result" integer DEFAULT 0 NOT NULL,
	"reused" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insights_monthly_province_code_month_agency_id_procedure_id_channel_pk" PRIMARY KEY("province_code","month","agency_id","procedure_id","channel")
);
--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "received_no_due" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "s_early" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "s_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "s_late" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "s_in_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "s_overdue" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "results" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "e_results" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "digitised" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "digitised_unless_paper_result" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insights_daily" ADD COLUMN "reused" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "insights_dossiers_code" ON "insights_dossiers" USING btree ("code");