CREATE TABLE "concern_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"time_limit_days" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "concern_categories_days_ck" CHECK ("concern_categories"."time_limit_days" between 1 and 60),
	CONSTRAINT "concern_categories_code_ck" CHECK ("concern_categories"."code" ~ '^[a-z][a-zA-Z0-9_-]{0,39}$')
);
--> statement-breakpoint
CREATE TABLE "concern_photos" (
	"case_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concern_photos_pk" PRIMARY KEY("case_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "concern_routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"category_code" text,
	"region_id" uuid,
	"target" text NOT NULL,
	"department_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "concern_routing_rules_target_enum_ck" CHECK ("target" in ('town', 'department', 'station')),
	CONSTRAINT "concern_routing_rules_department_ck" CHECK (("concern_routing_rules"."target" = 'department') = ("concern_routing_rules"."department_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "concerns" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"number" text NOT NULL,
	"tracking_number" text NOT NULL,
	"category_code" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"channel" text NOT NULL,
	"town_id" uuid NOT NULL,
	"place_region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"description" text NOT NULL,
	"public_description" text NOT NULL,
	"reporter_name_sealed" text,
	"reporter_phone_sealed" text,
	"reporter_phone_hash" text,
	"reporter_phone_masked" text,
	"reporter_email_sealed" text,
	"responsible_kind" text NOT NULL,
	"responsible_department_id" uuid,
	"routing_rule_id" uuid,
	"reply" text,
	"public_reply" text,
	"rating" smallint,
	"rating_comment" text,
	"merged_into_case_id" uuid,
	"overdue_since" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"open311_token" text,
	"api_key_id" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "concerns_state_enum_ck" CHECK ("state" in ('submitted', 'accepted', 'handling', 'replied', 'rated', 'closed', 'merged')),
	CONSTRAINT "concerns_channel_enum_ck" CHECK ("channel" in ('staff', 'public', 'open311')),
	CONSTRAINT "concerns_responsible_kind_enum_ck" CHECK ("responsible_kind" in ('town', 'department', 'station')),
	CONSTRAINT "concerns_rating_ck" CHECK ("concerns"."rating" between 1 and 5),
	CONSTRAINT "concerns_department_ck" CHECK (("concerns"."responsible_kind" = 'department') = ("concerns"."responsible_department_id" is not null)),
	CONSTRAINT "concerns_coordinates_ck" CHECK (("concerns"."lat" is null) = ("concerns"."lng" is null) and coalesce("concerns"."lat" between -90 and 90, true) and coalesce("concerns"."lng" between -180 and 180, true)),
	CONSTRAINT "concerns_merged_ck" CHECK (("concerns"."state" = 'merged') = ("concerns"."merged_into_case_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "open311_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "concern_categories" ADD CONSTRAINT "concern_categories_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_photos" ADD CONSTRAINT "concern_photos_concern_fk" FOREIGN KEY ("case_id") REFERENCES "public"."concerns"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_photos" ADD CONSTRAINT "concern_photos_file_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_photos" ADD CONSTRAINT "concern_photos_uploaded_by_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_routing_rules" ADD CONSTRAINT "concern_routing_rules_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_routing_rules" ADD CONSTRAINT "concern_routing_rules_region_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_routing_rules" ADD CONSTRAINT "concern_routing_rules_department_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_routing_rules" ADD CONSTRAINT "concern_routing_rules_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_town_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_place_fk" FOREIGN KEY ("place_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_department_fk" FOREIGN KEY ("responsible_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_routing_rule_fk" FOREIGN KEY ("routing_rule_id") REFERENCES "public"."concern_routing_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_merged_into_fk" FOREIGN KEY ("merged_into_case_id") REFERENCES "public"."concerns"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concerns" ADD CONSTRAINT "concerns_api_key_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."open311_api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "concern_categories_city_code_uq" ON "concern_categories" USING btree ("city_id","code");--> statement-breakpoint
CREATE INDEX "concern_photos_file_idx" ON "concern_photos" USING btree ("file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "concern_routing_rules_uq" ON "concern_routing_rules" USING btree ("city_id",coalesce("category_code", ''),coalesce("region_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE UNIQUE INDEX "concerns_number_uq" ON "concerns" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "concerns_tracking_number_uq" ON "concerns" USING btree ("tracking_number");--> statement-breakpoint
CREATE UNIQUE INDEX "concerns_open311_token_uq" ON "concerns" USING btree ("open311_token");--> statement-breakpoint
CREATE INDEX "concerns_city_list_idx" ON "concerns" USING btree ("city_id","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX "concerns_city_state_idx" ON "concerns" USING btree ("city_id","state","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX "concerns_city_category_idx" ON "concerns" USING btree ("city_id","category_code","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX "concerns_town_list_idx" ON "concerns" USING btree ("town_id","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX "concerns_town_state_idx" ON "concerns" USING btree ("town_id","state","submitted_at","case_id");--> statement-breakpoint
CREATE INDEX "concerns_overdue_idx" ON "concerns" USING btree ("city_id","submitted_at","case_id") WHERE "concerns"."overdue_since" is not null;--> statement-breakpoint
CREATE INDEX "concerns_department_idx" ON "concerns" USING btree ("responsible_department_id","submitted_at","case_id") WHERE "concerns"."responsible_department_id" is not null;--> statement-breakpoint
CREATE INDEX "concerns_region_path_idx" ON "concerns" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "concerns_description_trgm_idx" ON "concerns" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "concerns_phone_hash_idx" ON "concerns" USING btree ("reporter_phone_hash");--> statement-breakpoint
CREATE INDEX "concerns_merged_into_idx" ON "concerns" USING btree ("merged_into_case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_api_keys_hash_uq" ON "open311_api_keys" USING btree ("key_hash");