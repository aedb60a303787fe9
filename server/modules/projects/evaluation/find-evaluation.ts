import { sql } from 'drizzle-orm';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../../contracts/projects/evaluation.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';

/** The final evaluation, for whoever may see the project. */
export async function findEvaluation(db: Db, ctx: RequestContext, projectId: string) {
  const { c } = await loadVisibleCase(db, ctx.actor, projectId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  const [e] = await rows<{ scores: Record<string, number>; criteria: { key: string; name: string; maxPoints: number; description: string }[]; total: number; grade: EvaluationGrade; summary: string; evaluated_on: string; evaluator_name: string }>(
    db,
    sql`select e.scores, e.criteria, e.total, e.grade, e.summary, e.evaluated_on::text, u.display_name as evaluator_name from project_evaluations e join users u on u.id = e.evaluator_id where e.project_id = ${c.id}`,
  );
  if (!e) throw notFound('evaluation');
  return { scores: e.scores, criteria: e.criteria, total: e.total, grade: e.grade, gradeName: labelOf(EVALUATION_GRADE_NAMES[e.grade], ctx.lang), summary: e.summary, evaluatedOn: e.evaluated_on, evaluatorName: e.evaluator_name };
}
