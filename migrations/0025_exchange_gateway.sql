CREATE TABLE "exchange_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"sealed_at" timestamp with time zone NOT NULL,
	"records" integer NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"prev_digest" text NOT NULL,
	"digest" text NOT NULL,
	"signature" text,
	"cert_fingerprint" text,
	"timestamp_token" text,
	"stamped_at" timestamp with time zone,
	CONSTRAINT "exchange_batches_digest_unique" UNIQUE("digest")
);
--> statement-breakpoint
CREATE TABLE "exchange_certificates" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"der" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"personal_id" text NOT NULL,
	"method" text NOT NULL,
	"purpose" text NOT NULL,
	"procedure_code" text,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_messages" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"caller_module" text NOT NULL,
	"service_id" text NOT NULL,
	"purpose" text NOT NULL,
	"dossier_ref" text,
	"request_bytes" integer NOT NULL,
	"response_bytes" integer NOT NULL,
	"request_digest" text NOT NULL,
	"response_digest" text,
	"result" text NOT NULL,
	"error_code" text,
	"latency_ms" integer NOT NULL,
	"attempts" integer NOT NULL,
	"signature" text,
	"cert_fingerprint" text,
	"batch_id" bigint,
	CONSTRAINT "exchange_messages_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "exchange_prefills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"consent_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"dossier_id" text,
	"dossier_code" text,
	"procedure_code" text,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "exchange_consents_person" ON "exchange_consents" USING btree ("province_code","personal_id");--> statement-breakpoint
CREATE INDEX "exchange_messages_unsealed" ON "exchange_messages" USING btree ("seq") WHERE batch_id is null;--> statement-breakpoint
CREATE INDEX "exchange_messages_batch" ON "exchange_messages" USING btree ("batch_id","seq");--> statement-breakpoint
CREATE INDEX "exchange_messages_service_at" ON "exchange_messages" USING btree ("province_code","service_id","at");--> statement-breakpoint
CREATE INDEX "exchange_messages_at" ON "exchange_messages" USING btree ("province_code","at");--> statement-breakpoint
CREATE INDEX "exchange_prefills_dossier" ON "exchange_prefills" USING btree ("dossier_id");--> statement-breakpoint
-- The message log is append-only: a record may only be sealed into a batch once, a batch only
-- time-stamped once; nothing is deleted (docs/exchange.md). Hand-written below drizzle's output.
CREATE FUNCTION exchange_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'exchange log is append-only (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_TABLE_NAME = 'exchange_messages' THEN
    IF OLD.batch_id IS NOT NULL OR NEW.batch_id IS NULL
       OR (to_jsonb(NEW) - 'batch_id') IS DISTINCT FROM (to_jsonb(OLD) - 'batch_id') THEN
      RAISE EXCEPTION 'an exchange record changes only when sealed' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    IF OLD.timestamp_token IS NOT NULL OR NEW.timestamp_token IS NULL
       OR (to_jsonb(NEW) - 'timestamp_token' - 'stamped_at') IS DISTINCT FROM (to_jsonb(OLD) - 'timestamp_token' - 'stamped_at') THEN
      RAISE EXCEPTION 'an exchange batch changes only when time-stamped' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER exchange_messages_guard BEFORE UPDATE OR DELETE ON exchange_messages FOR EACH ROW EXECUTE FUNCTION exchange_log_guard();
--> statement-breakpoint
CREATE TRIGGER exchange_batches_guard BEFORE UPDATE OR DELETE ON exchange_batches FOR EACH ROW EXECUTE FUNCTION exchange_log_guard();
