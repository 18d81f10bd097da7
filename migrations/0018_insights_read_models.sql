CREATE TABLE "insights_dossiers" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"procedure_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"receiving_agency_id" uuid NOT NULL,
	"competent_agency_id" uuid NOT NULL,
	"holding_agency_id" uuid NOT NULL,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"supplement_intervals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"electronic_result" boolean DEFAULT false NOT NULL,
	"paper_files" integer DEFAULT 0 NOT NULL,
	"holder_account_id" text,
	"holder_step" text,
	"source_version" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights_feedback" (
	"feedback_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"dossier_code" text,
	"classification" text NOT NULL,
	"state" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"timing" text,
	"answer_due_at" timestamp with time zone NOT NULL,
	"likes" integer NOT NULL,
	"dislikes" integer NOT NULL,
	"reopen_count" integer NOT NULL,
	"source_version" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights_ratings" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"level" text NOT NULL,
	"channel" text NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"source_version" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "insights_dossiers_received" ON "insights_dossiers" USING btree ("province_code","received_at");--> statement-breakpoint
CREATE INDEX "insights_dossiers_open" ON "insights_dossiers" USING btree ("province_code","finished_at");--> statement-breakpoint
CREATE INDEX "insights_dossiers_competent" ON "insights_dossiers" USING btree ("competent_agency_id","received_at");--> statement-breakpoint
CREATE INDEX "insights_dossiers_running_due" ON "insights_dossiers" USING btree ("province_code","due_at") WHERE finished_at is null;--> statement-breakpoint
CREATE INDEX "insights_feedback_submitted" ON "insights_feedback" USING btree ("province_code","submitted_at");--> statement-breakpoint
CREATE INDEX "insights_feedback_dossier" ON "insights_feedback" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "insights_ratings_rated" ON "insights_ratings" USING btree ("province_code","rated_at");