ALTER TABLE "org_imports" ADD COLUMN "changed_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_imports" ADD COLUMN "updated_rows" integer DEFAULT 0 NOT NULL;