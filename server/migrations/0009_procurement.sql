CREATE TABLE "bid_scores" (
	"bid_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bid_scores_total_ck" CHECK ("bid_scores"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contract_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"due_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"condition" text NOT NULL,
	"accepted_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contract_milestones_amount_ck" CHECK ("contract_milestones"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_contracts" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"signed_on" date NOT NULL,
	"value_fen" bigint NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_contracts_value_ck" CHECK ("project_contracts"."value_fen" > 0 and "project_contracts"."end_on" >= "project_contracts"."start_on")
);
--> statement-breakpoint
CREATE TABLE "project_experts" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"state" text DEFAULT 'assigned' NOT NULL,
	"conflict_note" text,
	"declared_at" timestamp with time zone,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"text" text NOT NULL,
	"raised_by" uuid NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"upheld" boolean,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_rubrics" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"min_experts" integer DEFAULT 3 NOT NULL,
	"notice_working_days" integer DEFAULT 5 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "rubric" jsonb;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "recommended_bid_id" uuid;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "notice_starts_on" date;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "notice_ends_on" date;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "awarded_bid_id" uuid;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "awarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "provider_org_id" uuid;--> statement-breakpoint
ALTER TABLE "bid_scores" ADD CONSTRAINT "bid_scores_bid_id_project_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."project_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_scores" ADD CONSTRAINT "bid_scores_expert_id_users_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD CONSTRAINT "contract_milestones_project_id_project_contracts_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project_contracts"("project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contracts" ADD CONSTRAINT "project_contracts_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contracts" ADD CONSTRAINT "project_contracts_provider_org_id_orgs_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_contracts" ADD CONSTRAINT "project_contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_experts" ADD CONSTRAINT "project_experts_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_experts" ADD CONSTRAINT "project_experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_experts" ADD CONSTRAINT "project_experts_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_objections" ADD CONSTRAINT "project_objections_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_objections" ADD CONSTRAINT "project_objections_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_objections" ADD CONSTRAINT "project_objections_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_scores_uq" ON "bid_scores" USING btree ("bid_id","expert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_milestones_seq_uq" ON "contract_milestones" USING btree ("project_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "project_contracts_number_uq" ON "project_contracts" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "project_experts_uq" ON "project_experts" USING btree ("project_id","user_id");--> statement-breakpoint
CREATE INDEX "project_experts_user_idx" ON "project_experts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "project_objections_project_idx" ON "project_objections" USING btree ("project_id");--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_provider_org_id_orgs_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A default rubric every installation starts with (administrators edit the data; projects copy it when the call closes).
INSERT INTO "scoring_rubrics" ("code", "name", "criteria", "min_experts", "notice_working_days") VALUES ('default', '政府购买服务项目评审标准', '[{"key":"plan","name":"服务方案","maxPoints":40,"description":"需求分析准确，目标清晰，服务内容与方法专业可行，进度安排合理"},{"key":"team","name":"团队能力","maxPoints":25,"description":"项目负责人与一线社工的资质、经验与稳定性，持证比例"},{"key":"budget","name":"预算合理性","maxPoints":20,"description":"预算科目完整、测算依据充分、与服务量相匹配"},{"key":"record","name":"机构资质与业绩","maxPoints":15,"description":"评估等级、同类项目经验与以往项目评估结果"}]'::jsonb, 2, 5) ON CONFLICT DO NOTHING;
