-- Provinces and prefectures above the cities (issue 16 §2); service domains and case time limits become a city's (§3). What an installation has is its first city's.
DROP VIEW "public"."service_domain_directory";
--> statement-breakpoint
ALTER TABLE "regions" DROP CONSTRAINT "regions_level_enum_ck";
--> statement-breakpoint
ALTER TABLE "regions" DROP CONSTRAINT "regions_kind_enum_ck";
--> statement-breakpoint
ALTER TABLE "regions" DROP CONSTRAINT "regions_level_kind_ck";
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_level_enum_ck" CHECK ("level" in ('province', 'prefecture', 'city', 'town', 'community', 'grid'));
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_kind_enum_ck" CHECK ("kind" in ('province', 'prefecture', 'city', 'town', 'subdistrict', 'village', 'community', 'grid'));
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_level_kind_ck" CHECK (("regions"."level" in ('province', 'prefecture', 'city') and "regions"."kind" = "regions"."level") or ("regions"."level" = 'town' and "regions"."kind" in ('town','subdistrict')) or ("regions"."level" = 'community' and "regions"."kind" in ('village','community')) or ("regions"."level" = 'grid' and "regions"."kind" = 'grid'));
--> statement-breakpoint
ALTER TABLE "case_time_limits" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "case_time_limits" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
DELETE FROM "case_time_limits" WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "case_time_limits" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
DROP INDEX "case_time_limits_pk";
--> statement-breakpoint
ALTER TABLE "case_time_limits" ADD CONSTRAINT "case_time_limits_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "case_time_limits_city_uq" ON "case_time_limits" USING btree ("city_id","case_type","variant","state");
--> statement-breakpoint
ALTER TABLE "service_domains" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "service_domains" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
DELETE FROM "service_domains" WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "service_domains" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "service_domains" DROP CONSTRAINT "service_domains_pkey";
--> statement-breakpoint
ALTER TABLE "service_domains" ADD CONSTRAINT "service_domains_pk" PRIMARY KEY("city_id","code");
--> statement-breakpoint
DROP INDEX "service_domains_name_uq";
--> statement-breakpoint
ALTER TABLE "service_domains" ADD CONSTRAINT "service_domains_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "service_domains_city_name_uq" ON "service_domains" USING btree ("city_id","name") WHERE "service_domains"."retired_at" is null;
--> statement-breakpoint
CREATE VIEW "public"."service_domain_directory" AS (select "city_id", "code", "name", "sort_order", "retired_at" from "service_domains");
