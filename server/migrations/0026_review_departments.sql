CREATE TABLE "application_review_departments" (
	"application_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	CONSTRAINT "application_review_departments_pk" PRIMARY KEY("application_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "application_setting_review_departments" (
	"kind" text NOT NULL,
	"department_id" uuid NOT NULL,
	CONSTRAINT "application_setting_review_departments_pk" PRIMARY KEY("kind","department_id")
);
--> statement-breakpoint
-- The arrays' ids become rows (issue 14 §3), before the columns go; an id naming no department is left behind.
INSERT INTO "application_review_departments" ("application_id", "department_id")
SELECT DISTINCT a."case_id", d.id FROM "applications" a CROSS JOIN LATERAL unnest(a."review_department_ids") AS d(id)
WHERE EXISTS (SELECT 1 FROM "departments" x WHERE x."id" = d.id);--> statement-breakpoint
INSERT INTO "application_setting_review_departments" ("kind", "department_id")
SELECT DISTINCT s."kind", d.id FROM "application_settings" s CROSS JOIN LATERAL unnest(s."review_department_ids") AS d(id)
WHERE EXISTS (SELECT 1 FROM "departments" x WHERE x."id" = d.id);--> statement-breakpoint
ALTER TABLE "application_review_departments" ADD CONSTRAINT "application_review_departments_application_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_review_departments" ADD CONSTRAINT "application_review_departments_department_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ADD CONSTRAINT "application_setting_review_departments_kind_fk" FOREIGN KEY ("kind") REFERENCES "public"."application_settings"("kind") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_setting_review_departments" ADD CONSTRAINT "application_setting_review_departments_department_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_review_departments_department_idx" ON "application_review_departments" USING btree ("department_id","application_id");--> statement-breakpoint
CREATE INDEX "application_setting_review_departments_department_idx" ON "application_setting_review_departments" USING btree ("department_id");--> statement-breakpoint
ALTER TABLE "application_settings" DROP COLUMN "review_department_ids";--> statement-breakpoint
ALTER TABLE "applications" DROP COLUMN "review_department_ids";