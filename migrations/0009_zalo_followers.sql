CREATE TABLE "zalo_followers" (
	"user_id" text PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"full_name" text,
	"phone" text,
	"address" text,
	"pending_feedback" jsonb,
	"followed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
