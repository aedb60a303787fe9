import { eq } from 'drizzle-orm';
import { EVALUATION_GRADE_NAMES } from '../../../../contracts/projects/evaluation.js';
import { users } from '../../../platform/auth/auth.tables.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { projectEvaluations } from '../projects.tables.js';
import { ownedRoundOf, roundCriteria, sheetsOf, type Sheet } from '../../assessment/index.js';

/** The final evaluation, for whoever may see the project. */
export async function findEvaluation(db: Db, ctx: RequestContext, projectId: string) {
  const { c } = await loadVisibleCase(db, ctx.actor, projectId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  const [e] = await db
    .select({
      evaluatorId: projectEvaluations.evaluatorId,
      total: projectEvaluations.total,
      grade: projectEvaluations.grade,
      summary: projectEvaluations.summary,
      evaluatedOn: projectEvaluations.evaluatedOn,
      evaluatorName: users.displayName,
    })
    .from(projectEvaluations)
    .innerJoin(users, eq(users.id, projectEvaluations.evaluatorId))
    .where(eq(projectEvaluations.projectId, c.id));
  if (!e) throw notFound('evaluation');
  // The criteria and points are the engine's: the round the evaluation was scored in, and the evaluator's sheet.
  const round = await ownedRoundOf(db, c.id, 'evaluation');
  const [criteria, sheets] = round ? await Promise.all([roundCriteria(db, round), sheetsOf(db, round.id, e.evaluatorId)]) : [[], new Map<string, Sheet>()];
  return {
    scores: sheets.get(c.id)?.scores ?? {},
    criteria,
    total: e.total,
    grade: e.grade,
    gradeName: labelOf(EVALUATION_GRADE_NAMES[e.grade], ctx.lang),
    summary: e.summary,
    evaluatedOn: e.evaluatedOn,
    evaluatorName: e.evaluatorName,
  };
}
