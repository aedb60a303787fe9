import { clockNow } from '../../../platform/clock.js';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import { formatYuan } from '../../../../contracts/money.js';
import type { ZBidInput, ZBidPatch } from '../../../../contracts/projects/calls.js';
import { departmentReach, holdsPermission, isOrgMember, memberOrgIds, requirePermission } from '../../../platform/access/policy.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { recipientsOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { pgErrorOf, toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import { orgDirectory } from '../../orgs/index.js';
import { projectBids, serviceProjects } from '../projects.tables.js';
import { checkEligibility } from './eligibility.js';
import { requireProjectInSight } from '../project.policy.js';

type BidRow = typeof projectBids.$inferSelect;

/** What a bid's DTO shows: the bid without its eligibility snapshot and submitter. */
const BID_FIELDS = {
  id: projectBids.id,
  projectId: projectBids.projectId,
  orgId: projectBids.orgId,
  state: projectBids.state,
  plan: projectBids.plan,
  budgetItems: projectBids.budgetItems,
  team: projectBids.team,
  totalFen: projectBids.totalFen,
  submittedAt: projectBids.submittedAt,
  updatedAt: projectBids.updatedAt,
  version: projectBids.version,
};

function presentBid(b: Omit<BidRow, 'eligibility' | 'submittedBy'>, orgName: string) {
  return {
    id: b.id,
    projectId: b.projectId,
    orgId: b.orgId,
    orgName,
    state: b.state,
    plan: b.plan,
    budgetItems: b.budgetItems as { name: string; amountFen: number }[],
    team: b.team as { name: string; role: string; certified: boolean }[],
    totalFen: b.totalFen,
    submittedAt: toIso(b.submittedAt)!,
    updatedAt: toIso(b.updatedAt)!,
    version: b.version,
  };
}

/**
 * The project in its call, locked for share: a bid and the call's closing (which locks the case for
 * update) never interleave, so no bid slips in after the call has closed.
 */
async function openCallOf(tx: Tx, projectId: string) {
  const [c] = await tx.select().from(cases).where(and(eq(cases.id, projectId), eq(cases.caseType, 'serviceProject'))).for('share');
  const [p] = c ? await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, projectId)) : [];
  if (!c || !p || !p.callPublishedAt) throw notFound('call');
  const today = todayInChina();
  if (c.state !== 'calling' || !p.callDeadline || p.callDeadline < today) {
    throw new AppError('invalid_state', { reason: `该项目的申报${p.callDeadline ? `已于 ${p.callDeadline} 截止` : '未开放'}，不能再提交或修改申报。`, reasonEn: p.callDeadline ? `Bids for this project closed on ${p.callDeadline}; a bid can no longer be submitted or changed.` : 'Bids for this project are not open; a bid cannot be submitted or changed.' }, undefined, { currentState: c.state });
  }
  return { c, p };
}

function checkBudget(items: { amountFen: number }[], budgetFen: number): number {
  const total = items.reduce((n, i) => n + i.amountFen, 0);
  if (total > budgetFen) {
    throw new AppError('validation', {}, [{ path: 'budgetItems', message: `申报预算合计 ${formatYuan(total)} 元，超过项目预算 ${formatYuan(budgetFen)} 元`, messageEn: 'The bid exceeds the project budget' }]);
  }
  if (total === 0) throw new AppError('validation', {}, [{ path: 'budgetItems', message: '申报预算合计须大于 0', messageEn: 'The bid total must be above zero' }]);
  return total;
}

/** Eligibility for a project, for a member of the org (to see which rule fails before bidding) or the office. */
export async function eligibilityFor(db: DbOrTx, ctx: RequestContext, projectId: string, orgId: string) {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  if (!isOrgMember(actor, orgId) && !holdsPermission(actor, 'project.manage')) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  const [p] = await db
    .select({ budgetFen: serviceProjects.budgetFen })
    .from(serviceProjects)
    .innerJoin(cases, eq(cases.id, serviceProjects.caseId))
    .where(and(eq(serviceProjects.caseId, projectId), isNotNull(serviceProjects.callPublishedAt)));
  if (!p) throw notFound('call');
  const result = await checkEligibility(db, orgId, p.budgetFen);
  if (!result) throw notFound('org');
  return { orgId, orgName: result.org.name, eligible: result.eligible, rules: result.rules };
}

/** An org member bids for their organization; every failing eligibility rule is reported at once. */
export async function submitBid(db: Db, ctx: RequestContext, projectId: string, input: z.infer<typeof ZBidInput>) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  if (!isOrgMember(actor, input.orgId)) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  try {
    return await db.transaction(async (tx) => {
      const { c, p } = await openCallOf(tx, projectId);
      const total = checkBudget(input.budgetItems, p.budgetFen);
      const check = await checkEligibility(tx, input.orgId, p.budgetFen);
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

async function ownBidForUpdate(tx: Tx, actor: Actor, bidId: string): Promise<BidRow> {
  const [b] = await tx.select().from(projectBids).where(eq(projectBids.id, bidId)).for('update');
  if (!b || !isOrgMember(actor, b.orgId)) throw new AppError('not_found', { entity: 'bid' }, undefined, b ? { denied: true } : undefined);
  return b;
}

/** Revises a bid until the deadline. */
export async function reviseBid(db: Db, ctx: RequestContext, bidId: string, input: z.infer<typeof ZBidPatch>) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  return db.transaction(async (tx) => {
    const before = await ownBidForUpdate(tx, actor, bidId);
    const { p } = await openCallOf(tx, before.projectId);
    if (before.version !== input.version) throw conflict(before.version);
    if (before.state !== 'submitted') throw new AppError('invalid_state', { reason: '申报已撤回，不能修改；可重新提交申报。', reasonEn: 'The bid was withdrawn and cannot be changed; you may submit it again.' });
    const total = checkBudget(input.budgetItems, p.budgetFen);
    const [after] = await tx
      .update(projectBids)
      .set({ plan: input.plan, budgetItems: input.budgetItems, team: input.team, totalFen: total, updatedAt: clockNow(), version: before.version + 1 })
      .where(eq(projectBids.id, bidId))
      .returning();
    await appendAudit(tx, ctx, { action: 'project.bidRevise', permission: 'project.bid', entityType: 'bid', entityId: bidId, changes: diff(before, after, ['plan', 'budgetItems', 'team', 'totalFen']) });
    const [org] = await tx.select({ name: orgDirectory.name }).from(orgDirectory).where(eq(orgDirectory.id, after.orgId));
    return presentBid(after, org.name);
  });
}

export async function withdrawBid(db: Db, ctx: RequestContext, bidId: string, version: number) {
  const actor = requirePermission(ctx.actor, 'project.bid');
  return db.transaction(async (tx) => {
    const before = await ownBidForUpdate(tx, actor, bidId);
    await openCallOf(tx, before.projectId);
    if (before.version !== version) throw conflict(before.version);
    if (before.state !== 'submitted') throw new AppError('invalid_state', { reason: '申报已撤回。', reasonEn: 'The bid has already been withdrawn.' });
    const [after] = await tx.update(projectBids).set({ state: 'withdrawn', updatedAt: clockNow(), version: before.version + 1 }).where(eq(projectBids.id, bidId)).returning();
    await appendAudit(tx, ctx, { action: 'project.bidWithdraw', permission: 'project.bid', entityType: 'bid', entityId: bidId, changes: { state: { before: 'submitted', after: 'withdrawn' } } });
    const [org] = await tx.select({ name: orgDirectory.name }).from(orgDirectory).where(eq(orgDirectory.id, after.orgId));
    return presentBid(after, org.name);
  });
}

/**
 * Bids in a project: the office, auditors and the buying department see all of them once the call has
 * closed (before that, only that there are some); an organization sees its own.
 */
export async function listBids(db: DbOrTx, ctx: RequestContext, projectId: string) {
  const actor = ctx.actor;
  if (!actor) throw new AppError('unauthenticated');
  const [p] = await db.select({ departmentId: serviceProjects.departmentId, state: cases.state }).from(serviceProjects).innerJoin(cases, eq(cases.id, serviceProjects.caseId)).where(eq(serviceProjects.caseId, projectId));
  if (!p) throw notFound('project');
  const reach = departmentReach(actor, 'project.read');
  const staff = reach.all || reach.departmentIds.includes(p.departmentId);
  const ownOrgs = memberOrgIds(actor);
  if (!staff && ownOrgs.length === 0) throw new AppError('not_found', { entity: 'project' }, undefined, { denied: true });
  // An organization's own bids are in public calls; another department's draft is out of its reach (404, not []).
  if (!staff) await requireProjectInSight(db, ctx, projectId);
  // Sealed until the deadline: staff must not read (or leak) one bid to another bidder while the call is open.
  const sealed = staff && p.state === 'calling';
  const found = await db
    .select({ ...BID_FIELDS, orgName: orgDirectory.name })
    .from(projectBids)
    .innerJoin(orgDirectory, eq(orgDirectory.id, projectBids.orgId))
    .where(and(eq(projectBids.projectId, projectId), staff ? undefined : inArray(projectBids.orgId, ownOrgs)))
    .orderBy(projectBids.submittedAt);
  const visible = sealed ? found.filter((b) => isOrgMember(actor, b.orgId)) : found;
  return { items: visible.map((b) => presentBid(b, b.orgName)), sealedCount: sealed ? found.filter((b) => b.state === 'submitted').length : 0 };
}
