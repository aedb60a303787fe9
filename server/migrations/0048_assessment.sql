CREATE TABLE "assessment_adjustment_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"adjustment_id" uuid NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	"reason" text NOT NULL,
	"given_by" uuid,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_adjustment_entries_points_ck" CHECK ("assessment_adjustment_entries"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rubric_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"cap" numeric(7, 2) NOT NULL,
	"rule" text DEFAULT '' NOT NULL,
	"seq" smallint NOT NULL,
	CONSTRAINT "assessment_adjustments_kind_enum_ck" CHECK ("kind" in ('bonus', 'deduction')),
	CONSTRAINT "assessment_adjustments_cap_ck" CHECK ("assessment_adjustments"."cap" > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_appeal_indicators" (
	"appeal_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "assessment_appeal_indicators_appeal_id_indicator_id_pk" PRIMARY KEY("appeal_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"due_on" date NOT NULL,
	"raised_by" uuid NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"upheld" boolean,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_appeals_state_enum_ck" CHECK ("state" in ('open', 'answered')),
	CONSTRAINT "assessment_appeals_answer_ck" CHECK (("assessment_appeals"."state" = 'answered') = ("assessment_appeals"."answered_at" is not null and "assessment_appeals"."answer" is not null and "assessment_appeals"."upheld" is not null))
);
--> statement-breakpoint
CREATE TABLE "assessment_assignments" (
	"subject_id" uuid NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"recused" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "assessment_assignments_subject_id_evaluator_id_pk" PRIMARY KEY("subject_id","evaluator_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_computed" (
	"subject_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"points" numeric(7, 2),
	"figure" text NOT NULL,
	"sample" integer,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_computed_subject_id_indicator_id_pk" PRIMARY KEY("subject_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_dimensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rubric_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"max_points" numeric(7, 2) NOT NULL,
	"seq" smallint NOT NULL,
	CONSTRAINT "assessment_dimensions_max_ck" CHECK ("assessment_dimensions"."max_points" > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_grade_bands" (
	"rubric_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"min_composite" numeric(7, 2) NOT NULL,
	"seq" smallint NOT NULL,
	CONSTRAINT "assessment_grade_bands_rubric_id_code_pk" PRIMARY KEY("rubric_id","code")
);
--> statement-breakpoint
CREATE TABLE "assessment_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rubric_id" uuid NOT NULL,
	"dimension_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"max_points" numeric(7, 2) NOT NULL,
	"source" text NOT NULL,
	"formula" text,
	"target" numeric(12, 2),
	"guide" text DEFAULT '' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"seq" smallint NOT NULL,
	CONSTRAINT "assessment_indicators_source_enum_ck" CHECK ("source" in ('manual', 'computed', 'survey', 'self')),
	CONSTRAINT "assessment_indicators_max_ck" CHECK ("assessment_indicators"."max_points" > 0),
	CONSTRAINT "assessment_indicators_formula_ck" CHECK (("assessment_indicators"."source" = 'computed') = ("assessment_indicators"."formula" is not null))
);
--> statement-breakpoint
CREATE TABLE "assessment_levels" (
	"indicator_id" uuid NOT NULL,
	"seq" smallint NOT NULL,
	"name" text NOT NULL,
	"min_points" numeric(7, 2) NOT NULL,
	"max_points" numeric(7, 2) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "assessment_levels_indicator_id_seq_pk" PRIMARY KEY("indicator_id","seq"),
	CONSTRAINT "assessment_levels_range_ck" CHECK ("assessment_levels"."min_points" <= "assessment_levels"."max_points")
);
--> statement-breakpoint
CREATE TABLE "assessment_panel" (
	"round_id" uuid NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"state" text DEFAULT 'assigned' NOT NULL,
	"conflict_note" text,
	"declared_at" timestamp with time zone,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_panel_round_id_evaluator_id_pk" PRIMARY KEY("round_id","evaluator_id"),
	CONSTRAINT "assessment_panel_state_enum_ck" CHECK ("state" in ('assigned', 'declared'))
);
--> statement-breakpoint
CREATE TABLE "assessment_result_parts" (
	"subject_id" uuid NOT NULL,
	"part" text NOT NULL,
	"code" text NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	CONSTRAINT "assessment_result_parts_subject_id_part_code_pk" PRIMARY KEY("subject_id","part","code"),
	CONSTRAINT "assessment_result_parts_part_enum_ck" CHECK ("part" in ('dimension', 'indicator', 'adjustment'))
);
--> statement-breakpoint
CREATE TABLE "assessment_results" (
	"subject_id" uuid PRIMARY KEY NOT NULL,
	"round_id" uuid NOT NULL,
	"total" numeric(7, 2) NOT NULL,
	"bonus" numeric(7, 2) NOT NULL,
	"deduction" numeric(7, 2) NOT NULL,
	"composite" numeric(7, 2) NOT NULL,
	"rank" smallint NOT NULL,
	"tied" boolean NOT NULL,
	"grade_code" text,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_rounds" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" smallint NOT NULL,
	"rubric_id" uuid NOT NULL,
	"blind" boolean DEFAULT false NOT NULL,
	"self_due_on" date,
	"scoring_due_on" date,
	"notice_working_days" smallint DEFAULT 5 NOT NULL,
	"appeal_working_days" smallint DEFAULT 5 NOT NULL,
	"notice_starts_on" date,
	"notice_ends_on" date,
	"published_at" timestamp with time zone,
	"finalized_at" timestamp with time zone,
	CONSTRAINT "assessment_rounds_kind_enum_ck" CHECK ("kind" in ('sppe', 'town', 'procurement', 'evaluation')),
	CONSTRAINT "assessment_rounds_days_ck" CHECK ("assessment_rounds"."notice_working_days" between 1 and 30 and "assessment_rounds"."appeal_working_days" between 1 and 30)
);
--> statement-breakpoint
CREATE TABLE "assessment_rubrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"aggregation" text DEFAULT 'mean' NOT NULL,
	"trim_min_evaluators" smallint DEFAULT 5 NOT NULL,
	"max_points" numeric(7, 2) NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_rubrics_kind_enum_ck" CHECK ("kind" in ('sppe', 'town', 'procurement', 'evaluation')),
	CONSTRAINT "assessment_rubrics_state_enum_ck" CHECK ("state" in ('draft', 'published', 'retired')),
	CONSTRAINT "assessment_rubrics_aggregation_enum_ck" CHECK ("aggregation" in ('mean', 'trimmedMean')),
	CONSTRAINT "assessment_rubrics_version_ck" CHECK ("assessment_rubrics"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "assessment_scores" (
	"subject_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	"comment" text,
	"evidence" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_scores_subject_id_indicator_id_evaluator_id_pk" PRIMARY KEY("subject_id","indicator_id","evaluator_id"),
	CONSTRAINT "assessment_scores_points_ck" CHECK ("assessment_scores"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_self_scores" (
	"subject_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"points" numeric(7, 2) NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_self_scores_subject_id_indicator_id_pk" PRIMARY KEY("subject_id","indicator_id"),
	CONSTRAINT "assessment_self_scores_points_ck" CHECK ("assessment_self_scores"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_ref" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"region_id" uuid,
	"blind_label" text NOT NULL,
	"seq" smallint NOT NULL,
	"self_submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_subjects_subject_type_enum_ck" CHECK ("subject_type" in ('station', 'town', 'bid', 'proposal', 'project'))
);
--> statement-breakpoint
CREATE TABLE "work_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"operator_org_id" uuid,
	"integrated_with_center" boolean DEFAULT true NOT NULL,
	"contract_from" date,
	"contract_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "work_stations_contract_ck" CHECK ("work_stations"."contract_from" is null or "work_stations"."contract_to" is null or "work_stations"."contract_from" <= "work_stations"."contract_to")
);
--> statement-breakpoint
ALTER TABLE "assessment_adjustment_entries" ADD CONSTRAINT "assessment_adjustment_entries_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustment_entries" ADD CONSTRAINT "assessment_adjustment_entries_adjustment_id_assessment_adjustments_id_fk" FOREIGN KEY ("adjustment_id") REFERENCES "public"."assessment_adjustments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustment_entries" ADD CONSTRAINT "assessment_adjustment_entries_given_by_users_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_rubric_id_assessment_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."assessment_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeal_indicators" ADD CONSTRAINT "assessment_appeal_indicators_appeal_id_assessment_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."assessment_appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeal_indicators" ADD CONSTRAINT "assessment_appeal_indicators_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_round_id_assessment_rounds_case_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_assignments" ADD CONSTRAINT "assessment_assignments_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_assignments" ADD CONSTRAINT "assessment_assignments_evaluator_id_users_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_assignments" ADD CONSTRAINT "assessment_assignments_round_id_assessment_rounds_case_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_computed" ADD CONSTRAINT "assessment_computed_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_computed" ADD CONSTRAINT "assessment_computed_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_dimensions" ADD CONSTRAINT "assessment_dimensions_rubric_id_assessment_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."assessment_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_grade_bands" ADD CONSTRAINT "assessment_grade_bands_rubric_id_assessment_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."assessment_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_indicators" ADD CONSTRAINT "assessment_indicators_rubric_id_assessment_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."assessment_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_indicators" ADD CONSTRAINT "assessment_indicators_dimension_id_assessment_dimensions_id_fk" FOREIGN KEY ("dimension_id") REFERENCES "public"."assessment_dimensions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_levels" ADD CONSTRAINT "assessment_levels_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_panel" ADD CONSTRAINT "assessment_panel_round_id_assessment_rounds_case_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_panel" ADD CONSTRAINT "assessment_panel_evaluator_id_users_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_panel" ADD CONSTRAINT "assessment_panel_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result_parts" ADD CONSTRAINT "assessment_result_parts_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_round_id_assessment_rounds_case_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_rubric_id_assessment_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."assessment_rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rubrics" ADD CONSTRAINT "assessment_rubrics_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_rubrics" ADD CONSTRAINT "assessment_rubrics_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_evaluator_id_users_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_scores" ADD CONSTRAINT "assessment_self_scores_subject_id_assessment_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."assessment_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_scores" ADD CONSTRAINT "assessment_self_scores_indicator_id_assessment_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."assessment_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_scores" ADD CONSTRAINT "assessment_self_scores_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_subjects" ADD CONSTRAINT "assessment_subjects_round_id_assessment_rounds_case_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_subjects" ADD CONSTRAINT "assessment_subjects_region_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_stations" ADD CONSTRAINT "work_stations_operator_org_id_orgs_id_fk" FOREIGN KEY ("operator_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_stations" ADD CONSTRAINT "work_stations_city_fk" FOREIGN KEY ("city_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_stations" ADD CONSTRAINT "work_stations_region_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_adjustment_entries_subject_idx" ON "assessment_adjustment_entries" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_adjustments_uq" ON "assessment_adjustments" USING btree ("rubric_id","code");--> statement-breakpoint
CREATE INDEX "assessment_appeals_round_idx" ON "assessment_appeals" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "assessment_assignments_evaluator_idx" ON "assessment_assignments" USING btree ("evaluator_id","round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_dimensions_uq" ON "assessment_dimensions" USING btree ("rubric_id","code");--> statement-breakpoint
CREATE INDEX "assessment_evidence_subject_idx" ON "assessment_evidence" USING btree ("subject_id","indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_evidence_file_uq" ON "assessment_evidence" USING btree ("subject_id","indicator_id","file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_indicators_uq" ON "assessment_indicators" USING btree ("rubric_id","code");--> statement-breakpoint
CREATE INDEX "assessment_indicators_dimension_idx" ON "assessment_indicators" USING btree ("dimension_id");--> statement-breakpoint
CREATE INDEX "assessment_panel_evaluator_idx" ON "assessment_panel" USING btree ("evaluator_id");--> statement-breakpoint
CREATE INDEX "assessment_results_round_idx" ON "assessment_results" USING btree ("round_id","rank");--> statement-breakpoint
CREATE INDEX "assessment_rounds_city_idx" ON "assessment_rounds" USING btree ("city_id","kind","year");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_rubrics_version_uq" ON "assessment_rubrics" USING btree ("city_id","code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_rubrics_published_uq" ON "assessment_rubrics" USING btree ("city_id","code") WHERE "assessment_rubrics"."state" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_subjects_uq" ON "assessment_subjects" USING btree ("round_id","subject_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_subjects_label_uq" ON "assessment_subjects" USING btree ("round_id","blind_label");--> statement-breakpoint
CREATE INDEX "assessment_subjects_region_idx" ON "assessment_subjects" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_stations_region_uq" ON "work_stations" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_stations_code_uq" ON "work_stations" USING btree ("city_id","code");