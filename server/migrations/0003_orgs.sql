CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"type" text NOT NULL,
	"registration" text NOT NULL,
	"town_id" uuid NOT NULL,
	"community_id" uuid,
	"region_path" text NOT NULL,
	"address" text NOT NULL,
	"business_scope" text NOT NULL,
	"service_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"supervising_unit_id" uuid,
	"registered_capital_fen" bigint DEFAULT 0 NOT NULL,
	"legal_rep_name" text NOT NULL,
	"legal_rep_id_sealed" text,
	"legal_rep_id_hash" text,
	"legal_rep_phone_sealed" text,
	"contact_name" text,
	"contact_phone_sealed" text,
	"founded_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"grade" text,
	"grade_valid_until" date,
	"has_party_org" boolean DEFAULT false NOT NULL,
	"social_worker_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "orgs_capital_ck" CHECK ("orgs"."registered_capital_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_supervising_unit_id_departments_id_fk" FOREIGN KEY ("supervising_unit_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_credit_code_uq" ON "orgs" USING btree ("credit_code") WHERE "orgs"."credit_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_name_active_uq" ON "orgs" USING btree ("name") WHERE "orgs"."status" in ('active', 'changing');--> statement-breakpoint
CREATE INDEX "orgs_name_trgm_idx" ON "orgs" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orgs_region_path_idx" ON "orgs" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_town_idx" ON "orgs" USING btree ("town_id","name");--> statement-breakpoint
CREATE INDEX "orgs_legal_rep_hash_idx" ON "orgs" USING btree ("legal_rep_id_hash");--> statement-breakpoint
-- Grants of the organization-member role now point at a real organization.
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id");
