-- Settings become a city's own (issue 16 §3). Until now an installation served one city: what it has is that city's (the first city made).
ALTER TABLE "catalog_categories" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "catalog_categories" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "catalog_categories" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "catalog_categories" ADD CONSTRAINT "catalog_categories_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "eligibility_rules" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "eligibility_rules" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "eligibility_rules" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "eligibility_rules" ADD CONSTRAINT "eligibility_rules_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "procurement_method_bands" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "procurement_method_bands" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "procurement_method_bands" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "procurement_method_bands" ADD CONSTRAINT "procurement_method_bands_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "registration_rules" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "registration_rules" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "registration_rules" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "registration_rules" ADD CONSTRAINT "registration_rules_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "application_settings" ADD COLUMN "city_id" uuid;
--> statement-breakpoint
UPDATE "application_settings" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;
--> statement-breakpoint
-- A database with no city yet holds only the defaults migration 0004 wrote: a city gets them when it is made (or copies another city's), so they go.
DELETE FROM "application_setting_review_departments" WHERE "kind" IN (SELECT "kind" FROM "application_settings" WHERE "city_id" IS NULL);
--> statement-breakpoint
DELETE FROM "application_settings" WHERE "city_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "application_settings" ALTER COLUMN "city_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "application_settings" ADD CONSTRAINT "application_settings_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
DROP INDEX "registration_rules_uq";
--> statement-breakpoint
DROP INDEX "catalog_categories_code_uq";
--> statement-breakpoint
DROP INDEX "eligibility_rules_code_uq";
--> statement-breakpoint
DROP INDEX "procurement_method_bands_from_uq";
--> statement-breakpoint
CREATE UNIQUE INDEX "application_settings_city_kind_uq" ON "application_settings" USING btree ("city_id","kind");
--> statement-breakpoint
CREATE UNIQUE INDEX "registration_rules_city_uq" ON "registration_rules" USING btree ("city_id","org_type","valid_from");
--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_categories_city_code_uq" ON "catalog_categories" USING btree ("city_id","code");
--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_rules_city_code_uq" ON "eligibility_rules" USING btree ("city_id","code");
--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_method_bands_city_from_uq" ON "procurement_method_bands" USING btree ("city_id","from_fen");
--> statement-breakpoint
-- An application setting is now one city's kind: it gets an id of its own, and its review departments point at it.
ALTER TABLE "application_setting_review_departments" DROP CONSTRAINT "application_setting_review_departments_kind_fk";
--> statement-breakpoint
ALTER TABLE "application_settings" DROP CONSTRAINT "application_settings_pkey";
--> statement-breakpoint
ALTER TABLE "application_settings" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;
--> statement-breakpoint
ALTER TABLE "application_settings" ADD CONSTRAINT "application_settings_pkey" PRIMARY KEY ("id");
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ADD COLUMN "setting_id" uuid;
--> statement-breakpoint
UPDATE "application_setting_review_departments" r SET "setting_id" = s."id" FROM "application_settings" s WHERE s."kind" = r."kind";
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ALTER COLUMN "setting_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" DROP CONSTRAINT "application_setting_review_departments_pk";
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" DROP COLUMN "kind";
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ADD CONSTRAINT "application_setting_review_departments_pk" PRIMARY KEY("setting_id","department_id");
--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ADD CONSTRAINT "application_setting_review_departments_setting_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."application_settings"("id") ON DELETE no action ON UPDATE no action;
