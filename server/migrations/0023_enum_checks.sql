ALTER TABLE "departments" ADD CONSTRAINT "departments_kind_enum_ck" CHECK ("kind" in ('party', 'government', 'massOrg', 'other'));--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_level_enum_ck" CHECK ("level" in ('city', 'town', 'community', 'grid'));--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_kind_enum_ck" CHECK ("kind" in ('city', 'town', 'subdistrict', 'village', 'community', 'grid'));--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_outcome_enum_ck" CHECK ("outcome" in ('success', 'denied', 'failure'));--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_role_enum_ck" CHECK ("role" in ('officeAdmin', 'departmentStaff', 'townStaff', 'stationOperator', 'orgMember', 'applicant', 'socialWorker', 'evaluator', 'supervisor', 'auditor'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_status_enum_ck" CHECK ("status" in ('active', 'disabled'));--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_kind_enum_ck" CHECK ("kind" in ('holiday', 'workday'));--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_source_enum_ck" CHECK ("source" in ('official', 'manual'));--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_source_enum_ck" CHECK ("source" in ('official', 'manual'));--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_kind_enum_ck" CHECK ("kind" in ('owner', 'permission', 'department'));--> statement-breakpoint
ALTER TABLE "case_comments" ADD CONSTRAINT "case_comments_visibility_enum_ck" CHECK ("visibility" in ('everyone', 'staff'));--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_state_enum_ck" CHECK ("state" in ('pending', 'done'));--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_channel_enum_ck" CHECK ("channel" in ('email', 'sms', 'dingtalk'));--> statement-breakpoint
ALTER TABLE "application_settings" ADD CONSTRAINT "application_settings_kind_enum_ck" CHECK ("kind" in ('establishment', 'change', 'deregistration', 'annualReport', 'filing'));--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_kind_enum_ck" CHECK ("kind" in ('establishment', 'change', 'deregistration', 'annualReport', 'filing'));--> statement-breakpoint
ALTER TABLE "registration_rules" ADD CONSTRAINT "registration_rules_org_type_enum_ck" CHECK ("org_type" in ('association', 'serviceAgency', 'foundation', 'communityOrg'));--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_kind_enum_ck" CHECK ("kind" in ('registration', 'filing'));--> statement-breakpoint
ALTER TABLE "catalog_categories" ADD CONSTRAINT "catalog_categories_tier_enum_ck" CHECK ("tier" in ('core', 'brand', 'basic', 'featured'));--> statement-breakpoint
ALTER TABLE "fund_lines" ADD CONSTRAINT "fund_lines_purpose_enum_ck" CHECK ("purpose" in ('services', 'cultivation'));--> statement-breakpoint
ALTER TABLE "fund_movements" ADD CONSTRAINT "fund_movements_kind_enum_ck" CHECK ("kind" in ('allocate', 'reserve', 'release', 'commit', 'decommit', 'pay'));--> statement-breakpoint
ALTER TABLE "project_meetings" ADD CONSTRAINT "project_meetings_kind_enum_ck" CHECK ("kind" in ('launchBriefing', 'supervisionMeeting', 'evaluationBriefing'));--> statement-breakpoint
ALTER TABLE "org_imports" ADD CONSTRAINT "org_imports_status_enum_ck" CHECK ("status" in ('validating', 'validated', 'importing', 'completed', 'failed'));--> statement-breakpoint
ALTER TABLE "org_imports" ADD CONSTRAINT "org_imports_mode_enum_ck" CHECK ("mode" in ('validOnly', 'allOrNothing'));--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_type_enum_ck" CHECK ("type" in ('association', 'serviceAgency', 'foundation', 'communityOrg'));--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_registration_enum_ck" CHECK ("registration" in ('registered', 'filed'));--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_status_enum_ck" CHECK ("status" in ('active', 'changing', 'deregistered', 'revoked'));--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_grade_enum_ck" CHECK ("grade" in ('1A', '2A', '3A', '4A', '5A'));--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD CONSTRAINT "contract_milestones_condition_enum_ck" CHECK ("condition" in ('signing', 'midtermSupervision', 'finalEvaluation'));--> statement-breakpoint
ALTER TABLE "eligibility_rules" ADD CONSTRAINT "eligibility_rules_kind_enum_ck" CHECK ("kind" in ('activeStatus', 'minYearsRegistered', 'minGradeAboveAmount', 'notOnBadCreditList', 'noFailedEvaluation'));--> statement-breakpoint
ALTER TABLE "payment_requests" ADD CONSTRAINT "payment_requests_state_enum_ck" CHECK ("state" in ('requested', 'paid', 'rejected'));--> statement-breakpoint
ALTER TABLE "project_bids" ADD CONSTRAINT "project_bids_state_enum_ck" CHECK ("state" in ('submitted', 'withdrawn'));--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_grade_enum_ck" CHECK ("grade" in ('excellent', 'good', 'pass', 'fail'));--> statement-breakpoint
ALTER TABLE "project_experts" ADD CONSTRAINT "project_experts_state_enum_ck" CHECK ("state" in ('assigned', 'declared', 'recused'));--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_state_enum_ck" CHECK ("state" in ('open', 'submitted', 'closed'));--> statement-breakpoint
ALTER TABLE "service_projects" ADD CONSTRAINT "service_projects_procurement_method_enum_ck" CHECK ("procurement_method" in ('publicTender', 'competitiveConsultation', 'competitiveNegotiation', 'inquiry', 'singleSource'));--> statement-breakpoint
ALTER TABLE "supervision_visits" ADD CONSTRAINT "supervision_visits_kind_enum_ck" CHECK ("kind" in ('routine', 'midterm', 'final'));--> statement-breakpoint
ALTER TABLE "supervision_visits" ADD CONSTRAINT "supervision_visits_result_enum_ck" CHECK ("result" in ('pass', 'rectify', 'fail'));