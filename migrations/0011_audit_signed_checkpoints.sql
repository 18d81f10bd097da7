CREATE TABLE "audit_checkpoint_stamps" (
	"checkpoint_id" bigint PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"gen_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "heads" jsonb;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "prev_digest" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoint_stamps" ADD CONSTRAINT "audit_checkpoint_stamps_checkpoint_id_audit_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."audit_checkpoints"("id") ON DELETE no action ON UPDATE no action;