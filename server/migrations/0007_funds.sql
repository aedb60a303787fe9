CREATE TABLE "catalog_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"tier" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_domains" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fund_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"budget_fen" bigint DEFAULT 0 NOT NULL,
	"reserved_fen" bigint DEFAULT 0 NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "fund_allocations_amounts_ck" CHECK ("fund_allocations"."budget_fen" >= 0 and "fund_allocations"."reserved_fen" >= 0 and "fund_allocations"."committed_fen" >= 0 and "fund_allocations"."paid_fen" >= 0 and "fund_allocations"."reserved_fen" + "fund_allocations"."committed_fen" + "fund_allocations"."paid_fen" <= "fund_allocations"."budget_fen")
);
--> statement-breakpoint
CREATE TABLE "fund_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fund_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"budget_fen" bigint DEFAULT 0 NOT NULL,
	"allocated_fen" bigint DEFAULT 0 NOT NULL,
	"reserved_fen" bigint DEFAULT 0 NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "fund_lines_amounts_ck" CHECK ("fund_lines"."budget_fen" >= 0 and "fund_lines"."reserved_fen" >= 0 and "fund_lines"."committed_fen" >= 0 and "fund_lines"."paid_fen" >= 0 and "fund_lines"."allocated_fen" >= 0 and "fund_lines"."allocated_fen" <= "fund_lines"."budget_fen" and "fund_lines"."reserved_fen" + "fund_lines"."committed_fen" + "fund_lines"."paid_fen" <= "fund_lines"."allocated_fen")
);
--> statement-breakpoint
CREATE TABLE "fund_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"fund_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"allocation_id" uuid NOT NULL,
	"project_id" uuid,
	"case_id" uuid,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"allocation_available_after_fen" bigint NOT NULL,
	"line_available_after_fen" bigint NOT NULL,
	"note" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_movements_amount_ck" CHECK ("fund_movements"."kind" = 'allocate' or "fund_movements"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"lines_budget_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "funds_amounts_ck" CHECK ("funds"."total_fen" >= 0 and "funds"."lines_budget_fen" >= 0 and "funds"."lines_budget_fen" <= "funds"."total_fen")
);
--> statement-breakpoint
ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_line_id_fund_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."fund_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_allocations" ADD CONSTRAINT "fund_allocations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_lines" ADD CONSTRAINT "fund_lines_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_line_id_fund_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."fund_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_allocation_id_fund_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."fund_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_categories_code_uq" ON "catalog_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalog_categories_tier_idx" ON "catalog_categories" USING btree ("tier","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "service_domains_name_uq" ON "service_domains" USING btree ("name") WHERE "service_domains"."retired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_allocations_line_department_uq" ON "fund_allocations" USING btree ("line_id","department_id");--> statement-breakpoint
CREATE INDEX "fund_allocations_department_idx" ON "fund_allocations" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_lines_code_uq" ON "fund_lines" USING btree ("fund_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_movements_seq_uq" ON "fund_movements" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "fund_movements_fund_idx" ON "fund_movements" USING btree ("fund_id","seq");--> statement-breakpoint
CREATE INDEX "fund_movements_allocation_idx" ON "fund_movements" USING btree ("allocation_id","seq");--> statement-breakpoint
CREATE INDEX "fund_movements_project_idx" ON "fund_movements" USING btree ("project_id","seq") WHERE "fund_movements"."project_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "funds_year_name_uq" ON "funds" USING btree ("year","name");--> statement-breakpoint
-- The fund ledger is append-only, like the audit trail: a correction is a new movement, never an edit.
CREATE OR REPLACE FUNCTION fund_movements_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fund_movements is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER fund_movements_no_update BEFORE UPDATE OR DELETE ON fund_movements FOR EACH ROW EXECUTE FUNCTION fund_movements_refuse_change();
--> statement-breakpoint
CREATE TRIGGER fund_movements_no_truncate BEFORE TRUNCATE ON fund_movements FOR EACH STATEMENT EXECUTE FUNCTION fund_movements_refuse_change();
