import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import type { ZBidInput } from '../../../../contracts/projects/calls.js';
import { isOrgMember, requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { projectCity } from '../project-city.js';
import { projectBids } from '../projects.tables.js';
import { checkEligibility } from './eligibility.js';
import { checkBudget, openCallOf, presentBid } from './bid-records.js';

/** An org member bids for their organization; every failing eligibility rule is reported at once. */
export async function submitBid(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZBidInput>) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  if (!isOrgMember(actor, input.orgId)) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  try {
    return await db.transaction(async (tx) => {
      const { c, p } = await openCallOf(tx, projectId);
      const total = checkBudget(input.budgetItems, p.budgetFen);
      const city = await projectCity(tx, c);
      const check = await checkEligibility(tx, city.id, input.orgId, p.budgetFen);
      if (!check) throw notFound('org');
      const failed = check.rules.filter((r) => !r.passed);
      if (failed.length) throw new AppError('validation', {}, failed.map((r) => ({ path: `eligibility.${r.code}`, message: `不符合申报条件：${r.description}——${r.reason}`, messageEn: `Not eligible: ${r.code}` })));
      const [bid] = await tx
        .insert(projectBids)
        .values({ projectId, orgId: input.orgId, plan: input.plan, budgetItems: input.budgetItems, team: input.team, totalFen: total, eligibility: check.rules, submittedBy: actor.userId })
        .returning();
      await appendAudit(tx, ctx, { action: 'project.bid', permission: 'project.bid', entityType: 'bid', entityId: bid.id, detail: { projectId, number: c.number, orgId: input.orgId, totalFen: total } });
      const office = await recipientsOf(tx, c, { kind: 'permission', permission: 'project.manage', task: '' });
      await notifyUsers(tx, office, { kind: 'project.bid', title: `新的申报：${c.title}`, body: `${check.org.name} 申报了项目 ${c.number}（${formatYuan(total)} 元），申报截止 ${p.callDeadline}。`, link: `/projects/${c.id}`, caseId: c.id });
      return presentBid(bid, check.org.name);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'project_bids_live_uq') throw new AppError('duplicate', { field: '本组织对该项目的申报', value: '已提交' });
    throw err;
  }
}
