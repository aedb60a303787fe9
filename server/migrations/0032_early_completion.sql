ALTER TABLE "service_projects" ADD COLUMN "early_completion_on" date;--> statement-breakpoint
ALTER TABLE "service_projects" ADD COLUMN "early_completion_reason" text;