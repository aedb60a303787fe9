CREATE TABLE "evaluation_standards" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"bands" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"note" text,
	"voucher_no" text,
	"reject_reason" text,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"paid_at" timestamp with time zone,
	"fund_movement_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "payment_requests_amount_ck" CHECK ("payment_requests"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "project_evaluations" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"criteria" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"grade" text NOT NULL,
	"summary" text NOT NULL,
	"evaluated_on" date NOT NULL,
	"evaluator_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"month" text NOT NULL,
	"summary" text NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"next_plan" text DEFAULT '' NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"item" text NOT NULL,
	"due_on" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"response" text,
	"response_attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"review_comment" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"served_on" date NOT NULL,
	"place" text NOT NULL,
	"activity" text NOT NULL,
	"participants" integer NOT NULL,
	"beneficiaries" integer NOT NULL,
	"progress" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visited_on" date NOT NULL,
	"findings" text NOT NULL,
	"result" text NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"status_code" integer,
	"content_type" text,
	"body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "closing_report" text;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_milestone_id_contract_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."contract_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_provider_org_id_orgs_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_evaluator_id_users_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_reports" ADD CONSTRAINT "project_reports_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_reports" ADD CONSTRAINT "project_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_visit_id_supervision_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."supervision_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_visits" ADD CONSTRAINT "supervision_visits_project_id_cases_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_visits" ADD CONSTRAINT "supervision_visits_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_requests_live_uq" ON "payment_requests" USING btree ("milestone_id") WHERE "payment_requests"."state" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_requests_voucher_uq" ON "payment_requests" USING btree ("voucher_no") WHERE "payment_requests"."voucher_no" is not null;--> statement-breakpoint
CREATE INDEX "payment_requests_project_idx" ON "payment_requests" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_evaluations_org_idx" ON "project_evaluations" USING btree ("provider_org_id","evaluated_on");--> statement-breakpoint
CREATE UNIQUE INDEX "project_reports_month_uq" ON "project_reports" USING btree ("project_id","month");--> statement-breakpoint
CREATE INDEX "rectifications_project_idx" ON "rectifications" USING btree ("project_id","state");--> statement-breakpoint
CREATE INDEX "rectifications_open_due_idx" ON "rectifications" USING btree ("due_on") WHERE "rectifications"."state" <> 'closed';--> statement-breakpoint
CREATE INDEX "service_records_project_idx" ON "service_records" USING btree ("project_id","served_on");--> statement-breakpoint
CREATE INDEX "supervision_visits_project_idx" ON "supervision_visits" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_records_key_uq" ON "idempotency_records" USING btree ("user_id","key");--> statement-breakpoint
CREATE INDEX "idempotency_records_created_idx" ON "idempotency_records" USING btree ("created_at");--> statement-breakpoint
-- The default evaluation standard: outputs, outcomes, beneficiaries' satisfaction, finances, management; grade bands.
INSERT INTO "evaluation_standards" ("code", "name", "criteria", "bands") VALUES ('default', '政府购买服务项目终期评估标准', '[{"key":"outputs","name":"产出指标完成情况","maxPoints":30,"description":"服务人数、次数等产出指标的完成度"},{"key":"outcomes","name":"成效指标达成情况","maxPoints":30,"description":"服务对象状况改善等成效指标的达成度"},{"key":"satisfaction","name":"服务对象满意度","maxPoints":20,"description":"服务对象与社区的满意度测评"},{"key":"finances","name":"资金使用","maxPoints":10,"description":"预算执行、票据规范、专款专用"},{"key":"management","name":"项目管理","maxPoints":10,"description":"档案、月报、督导整改落实"}]'::jsonb, '{"excellent":90,"good":80,"pass":60}'::jsonb) ON CONFLICT DO NOTHING;
