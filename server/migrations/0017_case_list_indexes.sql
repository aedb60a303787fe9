DROP INDEX "cases_type_state_idx";--> statement-breakpoint
CREATE INDEX "cases_title_trgm_idx" ON "cases" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cases_type_state_idx" ON "cases" USING btree ("case_type","state","number");