DROP INDEX "service_projects_year_idx";--> statement-breakpoint
DROP INDEX "service_projects_department_idx";--> statement-breakpoint
DROP INDEX "service_projects_category_idx";--> statement-breakpoint
-- Added nullable, filled from the cases, then required (drizzle-kit wrote it NOT NULL at once, which fails on existing rows).
ALTER TABLE "service_projects" ADD COLUMN "number" text;--> statement-breakpoint
UPDATE "service_projects" p SET "number" = c."number" FROM "cases" c WHERE c."id" = p."case_id";--> statement-breakpoint
ALTER TABLE "service_projects" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "service_projects_number_uq" ON "service_projects" USING btree ("number");--> statement-breakpoint
CREATE INDEX "service_projects_year_idx" ON "service_projects" USING btree ("year","number");--> statement-breakpoint
CREATE INDEX "service_projects_department_idx" ON "service_projects" USING btree ("department_id","number");--> statement-breakpoint
CREATE INDEX "service_projects_category_idx" ON "service_projects" USING btree ("catalog_category_id","number");