CREATE TABLE "community_profiles" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"households" integer,
	"elderly_permille" smallint,
	"children_permille" smallint,
	"new_resident_permille" smallint,
	"disabled_count" integer,
	"hardship_households" integer,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "community_profiles_permille_ck" CHECK (coalesce("community_profiles"."elderly_permille", 0) between 0 and 1000 and coalesce("community_profiles"."children_permille", 0) between 0 and 1000 and coalesce("community_profiles"."new_resident_permille", 0) between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "rotation_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"season" smallint NOT NULL,
	"town_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"role" text NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_assignments_role_enum_ck" CHECK ("role" in ('policyExplainer', 'resourceLinker', 'charityPromoter', 'concernCollector')),
	CONSTRAINT "rotation_assignments_resource_kind_enum_ck" CHECK ("resource_kind" in ('org', 'socialWorker', 'certifiedEmployee')),
	CONSTRAINT "rotation_assignments_source_enum_ck" CHECK ("source" in ('solver', 'office'))
);
--> statement-breakpoint
CREATE TABLE "rotation_pairings" (
	"year" smallint NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"town_id" uuid NOT NULL,
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "rotation_pairings_pk" PRIMARY KEY("year","resource_kind","resource_id"),
	CONSTRAINT "rotation_pairings_resource_kind_enum_ck" CHECK ("resource_kind" in ('org', 'socialWorker', 'certifiedEmployee')),
	CONSTRAINT "rotation_pairings_source_enum_ck" CHECK ("source" in ('solver', 'office'))
);
--> statement-breakpoint
CREATE TABLE "rotation_plan_towns" (
	"plan_id" uuid NOT NULL,
	"town_id" uuid NOT NULL,
	"status" text NOT NULL,
	"objective" double precision,
	"gap" double precision,
	"millis" integer NOT NULL,
	"infeasible_rule" text,
	"infeasible_detail" text,
	CONSTRAINT "rotation_plan_towns_pk" PRIMARY KEY("plan_id","town_id"),
	CONSTRAINT "rotation_plan_towns_status_enum_ck" CHECK ("status" in ('optimal', 'timeLimit', 'infeasible')),
	CONSTRAINT "rotation_plan_towns_infeasible_rule_enum_ck" CHECK ("infeasible_rule" in ('coverage', 'noRepeat', 'capacity', 'domainMatch', 'pairing', 'balance', 'homeTown'))
);
--> statement-breakpoint
CREATE TABLE "rotation_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"season" smallint NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"computed_at" timestamp with time zone,
	"computed_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_plans_state_enum_ck" CHECK ("state" in ('draft', 'published')),
	CONSTRAINT "rotation_plans_season_ck" CHECK ("rotation_plans"."season" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "rotation_rules" (
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"hard" boolean NOT NULL,
	"weight" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "rotation_rules_pk" PRIMARY KEY("city_id","code"),
	CONSTRAINT "rotation_rules_code_enum_ck" CHECK ("code" in ('coverage', 'noRepeat', 'capacity', 'domainMatch', 'pairing', 'balance', 'homeTown')),
	CONSTRAINT "rotation_rules_weight_ck" CHECK ("rotation_rules"."weight" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "community_profiles" ADD CONSTRAINT "community_profiles_community_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_profiles" ADD CONSTRAINT "community_profiles_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_profiles" ADD CONSTRAINT "community_profiles_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_assignments" ADD CONSTRAINT "rotation_assignments_plan_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."rotation_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_assignments" ADD CONSTRAINT "rotation_assignments_town_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_assignments" ADD CONSTRAINT "rotation_assignments_community_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_pairings" ADD CONSTRAINT "rotation_pairings_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_pairings" ADD CONSTRAINT "rotation_pairings_town_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_pairings" ADD CONSTRAINT "rotation_pairings_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_plan_towns" ADD CONSTRAINT "rotation_plan_towns_plan_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."rotation_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_plan_towns" ADD CONSTRAINT "rotation_plan_towns_town_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_plans" ADD CONSTRAINT "rotation_plans_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_plans" ADD CONSTRAINT "rotation_plans_computed_by_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_plans" ADD CONSTRAINT "rotation_plans_published_by_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_rules" ADD CONSTRAINT "rotation_rules_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_rules" ADD CONSTRAINT "rotation_rules_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_profiles_city_idx" ON "community_profiles" USING btree ("city_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_assignments_slot_uq" ON "rotation_assignments" USING btree ("plan_id","community_id","role","resource_kind","resource_id");--> statement-breakpoint
CREATE INDEX "rotation_assignments_plan_idx" ON "rotation_assignments" USING btree ("plan_id","town_id");--> statement-breakpoint
CREATE INDEX "rotation_assignments_resource_idx" ON "rotation_assignments" USING btree ("resource_kind","resource_id","year","season");--> statement-breakpoint
CREATE INDEX "rotation_assignments_region_path_idx" ON "rotation_assignments" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "rotation_pairings_city_year_town_idx" ON "rotation_pairings" USING btree ("city_id","year","town_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_plans_city_season_uq" ON "rotation_plans" USING btree ("city_id","year","season");--> statement-breakpoint
ALTER TABLE "workers" ADD CONSTRAINT "workers_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workers_user_uq" ON "workers" USING btree ("user_id") WHERE "workers"."user_id" is not null;