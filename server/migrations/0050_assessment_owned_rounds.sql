-- Issue 18: the final evaluation of a project moves onto the assessment engine. A round gets an id of its own (a
-- round of its own kind keeps its case's id), so a project's case can hold the rounds that score its steps; each
-- city's evaluation standard becomes a published rubric version (kind `evaluation`), and every recorded evaluation
-- its round with the evaluator's sheet, criterion by criterion, before the JSON columns go.
ALTER TABLE "assessment_appeals" DROP CONSTRAINT "assessment_appeals_round_id_assessment_rounds_case_id_fk";--> statement-breakpoint
ALTER TABLE "assessment_assignments" DROP CONSTRAINT "assessment_assignments_round_id_assessment_rounds_case_id_fk";--> statement-breakpoint
ALTER TABLE "assessment_panel" DROP CONSTRAINT "assessment_panel_round_id_assessment_rounds_case_id_fk";--> statement-breakpoint
ALTER TABLE "assessment_results" DROP CONSTRAINT "assessment_results_round_id_assessment_rounds_case_id_fk";--> statement-breakpoint
ALTER TABLE "assessment_subjects" DROP CONSTRAINT "assessment_subjects_round_id_assessment_rounds_case_id_fk";--> statement-breakpoint
ALTER TABLE "assessment_rounds" DROP CONSTRAINT "assessment_rounds_pkey";--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD COLUMN "id" uuid;--> statement-breakpoint
UPDATE "assessment_rounds" SET "id" = "case_id";--> statement-breakpoint
ALTER TABLE "assessment_rounds" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_pkey" PRIMARY KEY ("id");--> statement-breakpoint
ALTER TABLE "assessment_assignments" ADD COLUMN "comment" text;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_assignments" ADD CONSTRAINT "assessment_assignments_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_panel" ADD CONSTRAINT "assessment_panel_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_subjects" ADD CONSTRAINT "assessment_subjects_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_rounds_case_uq" ON "assessment_rounds" USING btree ("case_id","kind");--> statement-breakpoint
ALTER TABLE "assessment_rounds" ADD CONSTRAINT "assessment_rounds_own_case_ck" CHECK ("assessment_rounds"."id" = "assessment_rounds"."case_id" or "assessment_rounds"."kind" in ('procurement', 'evaluation'));--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD COLUMN "round_id" uuid;--> statement-breakpoint
-- A rubric version of kind `evaluation` made of the old JSON: one dimension, a criterion an indicator scored by the
-- evaluator, and the grade bands (below 合格 is 不合格).
CREATE FUNCTION pg_temp.shezhi_evaluation_rubric(p_city uuid, p_name text, p_criteria jsonb, p_bands jsonb, p_version int, p_state text) RETURNS uuid LANGUAGE plpgsql AS $f$
DECLARE
  r uuid := gen_random_uuid();
  d uuid := gen_random_uuid();
  m numeric;
BEGIN
  SELECT coalesce(sum((c->>'maxPoints')::numeric), 0) INTO m FROM jsonb_array_elements(p_criteria) c;
  INSERT INTO assessment_rubrics (id, city_id, kind, code, version, name, description, state, aggregation, max_points, published_at)
    VALUES (r, p_city, 'evaluation', 'evaluation', p_version, p_name, '政府购买服务项目终期评估：评估人按标准逐项打分，总分对应等次，等次记入承接机构的履约记录。', p_state, 'mean', m, now());
  INSERT INTO assessment_dimensions (id, rubric_id, code, name, max_points, seq) VALUES (d, r, 'final', '终期评估', m, 1);
  INSERT INTO assessment_indicators (rubric_id, dimension_id, code, name, max_points, source, guide, seq)
    SELECT r, d, x.c->>'key', x.c->>'name', (x.c->>'maxPoints')::numeric, 'manual', coalesce(x.c->>'description', ''), x.n
    FROM jsonb_array_elements(p_criteria) WITH ORDINALITY AS x(c, n);
  INSERT INTO assessment_grade_bands (rubric_id, code, name, min_composite, seq) VALUES
    (r, 'excellent', '优秀', coalesce((p_bands->>'excellent')::numeric, 90), 1),
    (r, 'good', '良好', coalesce((p_bands->>'good')::numeric, 80), 2),
    (r, 'pass', '合格', coalesce((p_bands->>'pass')::numeric, 60), 3),
    (r, 'fail', '不合格', 0, 4);
  RETURN r;
END
$f$;--> statement-breakpoint
DO $$
DECLARE
  std record;
  e record;
  v_city uuid;
  v_rubric uuid;
  v_round uuid;
  v_subject uuid;
  v_at timestamptz;
BEGIN
  CREATE TEMP TABLE shezhi_eval_versions (city_id uuid, criteria jsonb, rubric_id uuid) ON COMMIT DROP;
  SELECT name, criteria, bands INTO std FROM evaluation_standards WHERE code = 'default';
  -- Every city held the one standard: each gets it as its published version 1.
  IF FOUND THEN
    FOR v_city IN SELECT id FROM regions WHERE level = 'city' LOOP
      INSERT INTO shezhi_eval_versions VALUES (v_city, std.criteria, pg_temp.shezhi_evaluation_rubric(v_city, std.name, std.criteria, std.bands, 1, 'published'));
    END LOOP;
  END IF;
  FOR e IN SELECT pe.*, cs.title, coalesce(cs.number, '') AS number, cs.region_path FROM project_evaluations pe JOIN cases cs ON cs.id = pe.project_id ORDER BY pe.evaluated_on, pe.project_id LOOP
    SELECT r.id INTO v_city FROM regions r WHERE r.level = 'city' AND e.region_path LIKE r.path || '%' ORDER BY length(r.path) DESC LIMIT 1;
    IF v_city IS NULL THEN RAISE EXCEPTION 'project % lies in no city (%)', e.project_id, e.region_path; END IF;
    -- The version the evaluation was scored on: its city's with the same criteria, else a retired version of its own
    -- criteria (the standard was edited after it), numbered after the city's others.
    SELECT rubric_id INTO v_rubric FROM shezhi_eval_versions WHERE city_id = v_city AND criteria = e.criteria;
    IF v_rubric IS NULL THEN
      v_rubric := pg_temp.shezhi_evaluation_rubric(v_city, coalesce(std.name, '政府购买服务项目终期评估标准'), e.criteria, coalesce(std.bands, '{}'::jsonb),
        (SELECT coalesce(max(version), 0) + 1 FROM assessment_rubrics WHERE city_id = v_city AND code = 'evaluation'), 'retired');
      INSERT INTO shezhi_eval_versions VALUES (v_city, e.criteria, v_rubric);
    END IF;
    v_round := gen_random_uuid();
    v_subject := gen_random_uuid();
    v_at := e.evaluated_on::timestamptz;
    INSERT INTO assessment_rounds (id, case_id, city_id, kind, year, rubric_id, blind, published_at, finalized_at)
      VALUES (v_round, e.project_id, v_city, 'evaluation', extract(year FROM e.evaluated_on)::int, v_rubric, false, v_at, v_at);
    INSERT INTO assessment_subjects (id, round_id, subject_type, subject_ref, name, code, blind_label, seq)
      VALUES (v_subject, v_round, 'project', e.project_id, e.title, e.number, '受评对象 A', 1);
    INSERT INTO assessment_panel (round_id, evaluator_id, state, declared_at, assigned_by, assigned_at)
      VALUES (v_round, e.evaluator_id, 'declared', v_at, e.evaluator_id, v_at);
    INSERT INTO assessment_assignments (subject_id, evaluator_id, round_id, recused, submitted_at)
      VALUES (v_subject, e.evaluator_id, v_round, false, v_at);
    INSERT INTO assessment_scores (subject_id, indicator_id, evaluator_id, points, updated_at)
      SELECT v_subject, i.id, e.evaluator_id, s.value::numeric, v_at
      FROM jsonb_each_text(e.scores) s JOIN assessment_indicators i ON i.rubric_id = v_rubric AND i.code = s.key;
    UPDATE project_evaluations SET round_id = v_round WHERE project_id = e.project_id;
  END LOOP;
END
$$;--> statement-breakpoint
ALTER TABLE "project_evaluations" ALTER COLUMN "round_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" DROP COLUMN "criteria";--> statement-breakpoint
ALTER TABLE "project_evaluations" DROP COLUMN "scores";--> statement-breakpoint
DROP TABLE "evaluation_standards";--> statement-breakpoint
DROP FUNCTION pg_temp.shezhi_evaluation_rubric(uuid, text, jsonb, jsonb, int, text);
