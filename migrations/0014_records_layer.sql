-- platform/records: the answers of idempotent requests live apart from the action logs, for the
-- replay window only (swept by the `idempotent-requests-sweep` job); the action logs keep what
-- happened, not the response body, and are append-only without exception.
CREATE TABLE "idempotent_requests" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotent_requests_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE INDEX "idempotent_requests_created" ON "idempotent_requests" USING btree ("created_at");--> statement-breakpoint
-- Answers still inside the replay window move over. Their request was not fingerprinted, so a
-- retry of one is refused (IDEMPOTENCY_KEY_REUSED) rather than done twice.
INSERT INTO "idempotent_requests" ("scope", "key", "request_hash", "response", "created_at")
  SELECT 'dossiers:' || "transaction_scope", "transaction_id", 'migrated', "response", "at" FROM "dossier_actions"
  WHERE "response" IS NOT NULL AND "at" > now() - interval '72 hours'
  ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "idempotent_requests" ("scope", "key", "request_hash", "response", "created_at")
  SELECT 'feedback:' || "transaction_scope", "transaction_id", 'migrated', "response", "at" FROM "feedback_actions"
  WHERE "response" IS NOT NULL AND "at" > now() - interval '72 hours'
  ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP TRIGGER IF EXISTS "dossier_actions_append_only" ON "dossier_actions";--> statement-breakpoint
DROP TRIGGER IF EXISTS "dossier_actions_no_truncate" ON "dossier_actions";--> statement-breakpoint
DROP FUNCTION IF EXISTS dossier_actions_guard();--> statement-breakpoint
ALTER TABLE "dossier_actions" DROP COLUMN "response";--> statement-breakpoint
ALTER TABLE "feedback_actions" DROP COLUMN "response";--> statement-breakpoint
CREATE OR REPLACE FUNCTION records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'action logs are append-only: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER dossier_actions_append_only BEFORE UPDATE OR DELETE ON dossier_actions
  FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER dossier_actions_no_truncate BEFORE TRUNCATE ON dossier_actions
  FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER feedback_actions_append_only BEFORE UPDATE OR DELETE ON feedback_actions
  FOR EACH ROW EXECUTE FUNCTION records_refuse_change();
--> statement-breakpoint
CREATE TRIGGER feedback_actions_no_truncate BEFORE TRUNCATE ON feedback_actions
  FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_change();
