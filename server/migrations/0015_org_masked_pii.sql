ALTER TABLE "orgs" ADD COLUMN "legal_rep_id_masked" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "legal_rep_phone_masked" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "contact_phone_masked" text;