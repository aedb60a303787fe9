CREATE TABLE "credit_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"listed_on" date NOT NULL,
	"lifted_on" date,
	"listed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eligibility_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"plan" text NOT NULL,
	"budget_items" jsonb NOT NULL,
	"team" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"eligibility" jsonb NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "project_bids_total_ck" CHECK ("project_bids"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_projects" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"department_id" uuid NOT NULL,
	"catalog_category_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"town_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"budget_fen" bigint NOT NULL,
	"duration_months" integer NOT NULL,
	"indicators" jsonb NOT NULL,
	"line_id" uuid,
	"allocation_id" uuid,
	"procurement_method" text,
	"call_notice" text,
	"call_deadline" date,
	"call_published_at" timestamp with time zone,
	CONSTRAINT "service_projects_budget_ck" CHECK ("service_projects"."budget_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "credit_blacklist" ADD CONSTRAINT "credit_blacklist_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_blacklist" ADD CONSTRAINT "credit_blacklist_listed_by_users_id_fk" FOREIGN KEY ("listed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_bids" ADD CONSTRAINT "project_bids_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_bids" ADD CONSTRAINT "project_bids_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_bids" ADD CONSTRAINT "project_bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_catalog_category_id_catalog_categories_id_fk" FOREIGN KEY ("catalog_category_id") REFERENCES "public"."catalog_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_line_id_fund_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."fund_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_allocation_id_fund_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_blacklist_org_idx" ON "credit_blacklist" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_rules_code_uq" ON "eligibility_rules" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "project_bids_live_uq" ON "project_bids" USING btree ("project_id","org_id") WHERE "project_bids"."state" = 'submitted';--> statement-breakpoint
CREATE INDEX "project_bids_org_idx" ON "project_bids" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "service_projects_year_idx" ON "service_projects" USING btree ("year");--> statement-breakpoint
CREATE INDEX "service_projects_department_idx" ON "service_projects" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "service_projects_category_idx" ON "service_projects" USING btree ("catalog_category_id");--> statement-breakpoint
CREATE INDEX "service_projects_towns_idx" ON "service_projects" USING gin ("town_ids");--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;