import { eq } from 'drizzle-orm';
import { MILESTONE_CONDITION_NAMES } from '../../../../contracts/projects/delivery.js';
import { loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { serviceTermOf } from '../project.queries.js';
import { contractMilestones, projectContracts } from '../projects.tables.js';


/** The contract, for whoever may see the project's case (staff, the buying department, the provider). */
export async function findContract(db: Db, ctx: RequestContext, projectId: string) {
  const { c } = await loadVisibleCase(db, ctx.actor, projectId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', { entity: 'project' }, undefined, err.extra);
    throw err;
  });
  const [k] = await db
    .select({
      number: projectContracts.number,
      providerOrgId: projectContracts.providerOrgId,
      providerName: orgDirectory.name,
      signedOn: projectContracts.signedOn,
      valueFen: projectContracts.valueFen,
      startOn: projectContracts.startOn,
      endOn: projectContracts.endOn,
    })
    .from(projectContracts)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectContracts.providerOrgId))
    .where(eq(projectContracts.projectId, c.id));
  if (!k) throw notFound('contract');
  const milestones = await db
    .select({
      id: contractMilestones.id,
      seq: contractMilestones.seq,
      name: contractMilestones.name,
      dueOn: contractMilestones.dueOn,
      amountFen: contractMilestones.amountFen,
      condition: contractMilestones.condition,
      acceptedAt: contractMilestones.acceptedAt,
      paidAt: contractMilestones.paidAt,
      version: contractMilestones.version,
    })
    .from(contractMilestones)
    .where(eq(contractMilestones.projectId, c.id))
    .orderBy(contractMilestones.seq);
  const term = await serviceTermOf(db, c.id);
  return {
    projectId: c.id,
    ...k,
    earlyCompletion: term?.earlyCompletion ?? null,
    finalReportOpen: !!term?.open,
    milestones: milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      name: m.name,
      dueOn: m.dueOn,
      amountFen: m.amountFen,
      condition: m.condition,
      conditionName: labelOf(MILESTONE_CONDITION_NAMES[m.condition], ctx.lang),
      acceptedAt: toIso(m.acceptedAt),
      paidAt: toIso(m.paidAt),
      version: m.version,
    })),
  };
}
