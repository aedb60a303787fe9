CREATE TABLE "application_checklist_items" (
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"required" boolean NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "application_checklist_items_pk" PRIMARY KEY("city_id","kind","key"),
	CONSTRAINT "application_checklist_items_kind_enum_ck" CHECK ("kind" in ('establishment', 'change', 'deregistration', 'annualReport', 'filing')),
	CONSTRAINT "application_checklist_items_name_ck" CHECK (length("application_checklist_items"."name") between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "application_checklist_items" ADD CONSTRAINT "application_checklist_items_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_checklist_items" ADD CONSTRAINT "application_checklist_items_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;