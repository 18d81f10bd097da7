CREATE TABLE "insights_daily" (
	"province_code" text NOT NULL,
	"day" date NOT NULL,
	"agency_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"unclassified" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insights_daily_province_code_day_agency_id_procedure_id_channel_pk" PRIMARY KEY("province_code","day","agency_id","procedure_id","channel")
);
--> statement-breakpoint
CREATE TABLE "insights_targets" (
	"province_code" text NOT NULL,
	"year" integer NOT NULL,
	"indicator" text NOT NULL,
	"percent" numeric(5, 2) NOT NULL,
	"set_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insights_targets_province_code_year_indicator_pk" PRIMARY KEY("province_code","year","indicator")
);
