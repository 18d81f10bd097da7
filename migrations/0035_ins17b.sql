CREATE TABLE "insights_totals" (
	"province_code" text NOT NULL,
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
	CONSTRAINT "insights_totals_province_code_agency_id_procedure_id_channel_pk" PRIMARY KEY("province_code","agency_id","procedure_id","channel")
);
--> statement-breakpoint
-- The totals of the rollups already kept (kept by the feed from now on; `mocua insights rebuild` rebuilds them too).
INSERT INTO "insights_totals" SELECT "province_code", "agency_id", "procedure_id", "channel", sum("received")::int, sum("received_no_due")::int, sum("early")::int, sum("on_time")::int, sum("late")::int, sum("unclassified")::int, sum("s_early")::int, sum("s_on_time")::int, sum("s_late")::int, sum("s_in_time")::int, sum("s_overdue")::int, sum("results")::int, sum("e_results")::int, sum("digitised")::int, sum("digitised_unless_paper_result")::int, sum("reused")::int FROM "insights_daily" GROUP BY "province_code", "agency_id", "procedure_id", "channel";
