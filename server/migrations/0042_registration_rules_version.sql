ALTER TABLE "registration_rules" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "registration_rules" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "registration_rules" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "registration_rules" ADD CONSTRAINT "registration_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_rules" ADD CONSTRAINT "registration_rules_period_ck" CHECK ("registration_rules"."valid_to" is null or "registration_rules"."valid_to" >= "registration_rules"."valid_from");