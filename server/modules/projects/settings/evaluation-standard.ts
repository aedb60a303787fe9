import type { z } from 'zod';
import type { ZStandardPatch } from '../../../../contracts/projects/settings.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { criteriaOf, EVALUATION_BANDS, publishedRubricOf, publishOwnedRubric } from '../../assessment/index.js';

/*
 * The final evaluation standard is the city's published rubric of kind `evaluation` in the assessment engine (issue
 * 18): this form shows it as criteria and grade lines, and a change publishes its next version — the projects
 * evaluated on the one before keep theirs. `version` is the rubric's version number.
 */

type Rubric = NonNullable<Awaited<ReturnType<typeof publishedRubricOf>>>;

function bandsOf(r: Rubric) {
  const line = (code: string) => r.gradeBands.find((b) => b.code === code)?.minComposite ?? 0;
  return { excellent: line('excellent'), good: line('good'), pass: line('pass') };
}

function present(r: Rubric) {
  return { cityId: r.cityId, name: r.name, criteria: criteriaOf(r), bands: bandsOf(r), version: r.version };
}

export async function getStandard(db: DbOrTx, ctx: RequestContext, cityId?: string) {
  const actor = requirePermission(ctx.actor, 'project.read');
  const city = await cityForWrite(db, actor, 'project.read', cityId);
  const r = await publishedRubricOf(db, city.id, 'evaluation');
  if (!r) throw notFound('record');
  return present(r);
}

export async function updateStandard(db: Db, ctx: RequestContext, input: z.infer<typeof ZStandardPatch>) {
  const actor = requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'project.manage', input.cityId);
    const before = await publishedRubricOf(tx, city.id, 'evaluation');
    if (!before) throw notFound('record');
    const criteria = input.criteria ?? criteriaOf(before);
    const bands = input.bands ?? bandsOf(before);
    const after = await publishOwnedRubric(tx, ctx, city.id, 'evaluation', { name: before.name, description: before.description, criteria, gradeBands: EVALUATION_BANDS(bands) }, input.version);
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'evaluationStandard',
      entityId: after.id,
      changes: { criteria: { before: criteriaOf(before), after: criteria }, bands: { before: bandsOf(before), after: bands } },
      detail: { cityId: city.id, version: after.version },
    });
    return present(after);
  });
}
