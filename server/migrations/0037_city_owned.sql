CREATE TABLE "city_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"cert_prefix" text NOT NULL,
	"registration_authority" text NOT NULL,
	"portal_name" text NOT NULL,
	"portal_contact" text DEFAULT '' NOT NULL,
	"portal_address" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
DROP INDEX "departments_name_uq";--> statement-breakpoint
DROP INDEX "funds_year_name_uq";--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "city_id" uuid;--> statement-breakpoint
ALTER TABLE "funds" ADD COLUMN "city_id" uuid;--> statement-breakpoint
-- Until now an installation served one city: its departments and funds are that city's (the first city made).
UPDATE "departments" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;--> statement-breakpoint
UPDATE "funds" SET "city_id" = (SELECT "id" FROM "regions" WHERE "level" = 'city' ORDER BY "created_at", "code" LIMIT 1) WHERE "city_id" IS NULL;--> statement-breakpoint
ALTER TABLE "departments" ALTER COLUMN "city_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "funds" ALTER COLUMN "city_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "city_settings" ADD CONSTRAINT "city_settings_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_city_id_regions_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "departments_city_name_uq" ON "departments" USING btree ("city_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "funds_city_year_name_uq" ON "funds" USING btree ("city_id","year","name");