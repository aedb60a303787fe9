CREATE TABLE "project_meeting_projects" (
	"meeting_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	CONSTRAINT "project_meeting_projects_pk" PRIMARY KEY("meeting_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "service_project_towns" (
	"project_id" uuid NOT NULL,
	"town_id" uuid NOT NULL,
	CONSTRAINT "service_project_towns_pk" PRIMARY KEY("project_id","town_id")
);
--> statement-breakpoint
-- The arrays' ids become rows (issue 14 §3), before the columns go. An id that names no row (nothing kept it
-- real until now) has nothing to point at and is left behind; duplicates in an array become one row.
INSERT INTO "project_meeting_projects" ("meeting_id", "project_id")
SELECT DISTINCT m."id", p.id FROM "project_meetings" m CROSS JOIN LATERAL unnest(m."project_ids") AS p(id)
WHERE EXISTS (SELECT 1 FROM "cases" c WHERE c."id" = p.id);--> statement-breakpoint
INSERT INTO "service_project_towns" ("project_id", "town_id")
SELECT DISTINCT s."case_id", t.id FROM "service_projects" s CROSS JOIN LATERAL unnest(s."town_ids") AS t(id)
WHERE EXISTS (SELECT 1 FROM "regions" r WHERE r."id" = t.id);--> statement-breakpoint
DROP INDEX "project_meetings_projects_idx";--> statement-breakpoint
DROP INDEX "service_projects_towns_idx";--> statement-breakpoint
ALTER TABLE "project_meeting_projects" ADD CONSTRAINT "project_meeting_projects_meeting_id_project_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."project_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_meeting_projects" ADD CONSTRAINT "project_meeting_projects_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_project_towns" ADD CONSTRAINT "service_project_towns_project_id_service_projects_case_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."service_projects"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_project_towns" ADD CONSTRAINT "service_project_towns_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_meeting_projects_project_idx" ON "project_meeting_projects" USING btree ("project_id","meeting_id");--> statement-breakpoint
CREATE INDEX "service_project_towns_town_idx" ON "service_project_towns" USING btree ("town_id","project_id");--> statement-breakpoint
ALTER TABLE "project_meetings" DROP COLUMN "project_ids";--> statement-breakpoint
ALTER TABLE "service_projects" DROP COLUMN "town_ids";