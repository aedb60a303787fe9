import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { ROTATION_RULE_DEFS, type ZPlan, type ZPlanComputeBody, type ZPlanEditBody, type ZPlanSummary } from '../../../../contracts/rotation.js';
import { ROTATION_ROLE_NAMES, ROTATION_ROLES, type ResourceKind } from '../../../../contracts/workforce.js';
import type { CityRef } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict, notFound, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyMany } from '../../../platform/notify/notify.js';
import { rotationResourceNames, rotationResourceUsers } from '../../workforce/index.js';
import { cityToManage, cityToRead, mayManageRotation, seesRegion } from '../rotation.policy.js';
import { lockPlan, selectAssignments, selectPlan, selectPlanById, selectPlansOfYear, selectPlanTowns, type PlanRow } from '../rotation.queries.js';
import { rotationAssignments, rotationPlans, rotationPlanTowns } from '../rotation.tables.js';
import type { TownSeasonResult } from '../solver/model.js';
import { solveTowns } from '../solver/pool.js';
import { breachKey, checkPlan, resourceKey, structuralRefusal, type Breach, type PlanAssignment } from '../solver/rules.js';
import { loadPlanContext, type PlanContext } from './plan-context.js';

const SEASON_NAMES = ['', '第一季度', '第二季度', '第三季度', '第四季度'];
const toIso = (d: Date | null) => (d ? d.toISOString() : null);

type AssignmentRow = Awaited<ReturnType<typeof selectAssignments>>[number];
const asPlanAssignment = (a: AssignmentRow): PlanAssignment => ({ communityId: a.communityId, role: a.role, resourceKey: resourceKey(a.resourceKind, a.resourceId) });

/**
 * A resource that has left the rotation still appears in past plans: the checker gets a stand-in (its name, no
 * profile) so the plan can be read; it is never offered for new assignments.
 */
function withFormer(ctx: PlanContext, assignments: readonly AssignmentRow[], names: Map<string, string>) {
  const resources = new Map(ctx.resources);
  for (const a of assignments) {
    const key = resourceKey(a.resourceKind, a.resourceId);
    if (!resources.has(key)) resources.set(key, { key, kind: a.resourceKind, id: a.resourceId, name: names.get(key) ?? '—', domains: [], homeTownId: null, capacity: 99, roles: [...ROTATION_ROLES], seasons: [1, 2, 3, 4], pairedTownId: ctx.pairing.get(key) ?? a.townId, priorLoad: 0, lastCommunities: [] });
  }
  return resources;
}

function breachesOf(ctx: PlanContext, assignments: readonly AssignmentRow[], names: Map<string, string>): Breach[] {
  return checkPlan({ season: ctx.season, rules: ctx.rules, communities: ctx.communities, resources: withFormer(ctx, assignments, names), assignments: assignments.map(asPlanAssignment) });
}

async function presentPlan(db: DbOrTx, ctx: RequestContext, city: CityRef, plan: PlanRow): Promise<z.infer<typeof ZPlan>> {
  const [pctx, assignments, towns] = await Promise.all([loadPlanContext(db, city, plan.year, plan.season), selectAssignments(db, [plan.id]), selectPlanTowns(db, plan.id)]);
  const names = await rotationResourceNames(db, assignments.map((a) => ({ kind: a.resourceKind, id: a.resourceId })));
  const visibleTowns = new Set(pctx.towns.filter((t) => seesRegion(ctx.actor, t.path)).map((t) => t.id));
  const communities = pctx.communities.filter((c) => visibleTowns.has(c.townId));
  const breaches = breachesOf(pctx, assignments, names).filter((b) => visibleTowns.has(b.townId));
  const covered = new Map<string, Set<string>>();
  for (const a of assignments) covered.set(a.communityId, (covered.get(a.communityId) ?? new Set()).add(a.role));
  const en = ctx.lang === 'en';
  return {
    id: plan.id,
    cityId: plan.cityId,
    year: plan.year,
    season: plan.season,
    state: plan.state,
    version: plan.version,
    computedAt: toIso(plan.computedAt),
    publishedAt: toIso(plan.publishedAt),
    towns: pctx.towns
      .filter((t) => visibleTowns.has(t.id))
      .map((t) => {
        const r = towns.find((x) => x.townId === t.id);
        const mine = communities.filter((c) => c.townId === t.id);
        return {
          town: { id: t.id, name: t.name },
          status: r?.status ?? 'infeasible',
          objective: r?.objective ?? null,
          gap: r?.gap ?? null,
          millis: r?.millis ?? 0,
          infeasibleRule: r?.infeasibleRule ?? null,
          infeasibleDetail: r ? r.infeasibleDetail : '尚未计算',
          communities: mine.length,
          covered: mine.filter((c) => (covered.get(c.id)?.size ?? 0) === ROTATION_ROLES.length).length,
        };
      }),
    communities: communities.map((c) => ({ id: c.id, name: c.name, townId: c.townId, needs: [...c.needs] })),
    assignments: assignments
      .filter((a) => visibleTowns.has(a.townId))
      .map((a) => ({ id: a.id, townId: a.townId, communityId: a.communityId, role: a.role, resource: { kind: a.resourceKind, id: a.resourceId, name: names.get(resourceKey(a.resourceKind, a.resourceId)) ?? '—' }, source: a.source })),
    breaches: breaches.map((b) => {
      const r = b.resourceKey ? b.resourceKey.split(':') : null;
      return { rule: b.rule, ruleName: en ? ROTATION_RULE_DEFS[b.rule].en : ROTATION_RULE_DEFS[b.rule].zh, hard: b.hard, message: b.message, townId: b.townId, communityId: b.communityId, role: b.role, resource: r ? { kind: r[0] as ResourceKind, id: r[1] } : null, cost: b.cost };
    }),
    abilities: { edit: plan.state === 'draft' && mayManageRotation(ctx.actor, city.path), publish: plan.state === 'draft' && mayManageRotation(ctx.actor, city.path) },
  };
}

export async function getPlan(db: Db, ctx: RequestContext, q: { cityId?: string; year: number; season: number }) {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const plan = await selectPlan(db, city.id, q.year, q.season);
  if (!plan) throw notFound('rotationPlan');
  return presentPlan(db, ctx, city, plan);
}

/** A year's plans of a city, one line each. */
export async function listPlans(db: Db, ctx: RequestContext, q: { cityId?: string; year: number }): Promise<{ items: z.infer<typeof ZPlanSummary>[] }> {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const plans = await selectPlansOfYear(db, city.id, q.year);
  const items = [];
  for (const p of plans) {
    const full = await presentPlan(db, ctx, city, p);
    const slots = full.communities.length * ROTATION_ROLES.length;
    const filled = new Set(full.assignments.map((a) => `${a.communityId}|${a.role}`)).size;
    items.push({
      id: p.id,
      cityId: p.cityId,
      year: p.year,
      season: p.season,
      state: p.state,
      version: p.version,
      computedAt: full.computedAt,
      publishedAt: full.publishedAt,
      assignments: full.assignments.length,
      coverage: slots ? Math.round((filled / slots) * 1000) / 1000 : 0,
      hardBreaches: full.breaches.filter((b) => b.hard).length,
      softBreaches: full.breaches.filter((b) => !b.hard).length,
    });
  }
  return { items };
}

/**
 * Computes a season's plan, or the year's remaining seasons in order, town by town in solver threads, and saves
 * each as a draft (replacing the draft's assignments). Published seasons stay as they are; a draft changed by
 * someone else while the solver ran is not overwritten (409).
 */
export async function computePlans(db: Db, ctx: RequestContext, input: z.infer<typeof ZPlanComputeBody>) {
  const city = await cityToManage(db, ctx.actor, input.cityId);
  const plans = await selectPlansOfYear(db, city.id, input.year);
  const published = new Set(plans.filter((p) => p.state === 'published').map((p) => p.season));
  let seasons: number[];
  if (input.season) {
    if (published.has(input.season)) throw new AppError('invalid_state', { reason: `${input.year}年${SEASON_NAMES[input.season]}方案已发布，不能重新计算`, reasonEn: `Season ${input.season} of ${input.year} is published and cannot be recomputed` });
    seasons = [input.season];
  } else {
    seasons = [1, 2, 3, 4].filter((s) => !published.has(s));
    if (seasons.length === 0) throw new AppError('invalid_state', { reason: `${input.year}年四个季度均已发布`, reasonEn: `Every season of ${input.year} is published` });
    if (seasons.some((s) => [...published].some((p) => p > s)))
      throw new AppError('invalid_state', { reason: '已发布的季度之前还有未发布的季度：请逐季计算', reasonEn: 'A draft season lies before a published one: compute season by season' });
  }
  const pctx = await loadPlanContext(db, city, input.year, seasons[0]);
  if (pctx.pairing.size === 0) throw new AppError('invalid_state', { reason: `请先生成${input.year}年的结对方案`, reasonEn: `Pair resources with towns for ${input.year} first` });
  const versions = new Map(plans.map((p) => [p.season, p.version]));
  const towns = pctx.towns.filter((t) => pctx.communities.some((c) => c.townId === t.id));
  const results = await solveTowns(
    towns.map((t) => ({
      townId: t.id,
      seasons,
      communities: pctx.communities.filter((c) => c.townId === t.id).map(({ id, name, townId, needs }) => ({ id, name, townId, needs })),
      resources: [...pctx.resources.values()].filter((r) => r.pairedTownId === t.id),
      rules: pctx.rules,
      timeLimitSeconds: input.timeLimitSeconds,
    })),
  );
  const pathOf = new Map(pctx.communities.map((c) => [c.id, c.path]));
  const townName = new Map(towns.map((t) => [t.id, t.name]));
  const at = clockNow();
  const saved: string[] = [];
  await db.transaction(async (tx) => {
    for (const [i, season] of seasons.entries()) {
      const perTown: TownSeasonResult[] = results.map((r) => r[i]);
      let plan = await selectPlan(tx, city.id, input.year, season);
      if (plan) {
        plan = await lockPlan(tx, plan.id);
        if (plan.state === 'published') throw new AppError('invalid_state', { reason: `${input.year}年${SEASON_NAMES[season]}方案已发布`, reasonEn: `Season ${season} was published meanwhile` });
        if (plan.version !== versions.get(season)) throw conflict(plan.version);
        await tx.delete(rotationAssignments).where(eq(rotationAssignments.planId, plan.id));
        await tx.delete(rotationPlanTowns).where(eq(rotationPlanTowns.planId, plan.id));
        await tx.update(rotationPlans).set({ version: plan.version + 1, computedAt: at, computedBy: ctx.actor!.userId }).where(eq(rotationPlans.id, plan.id));
      } else {
        if (versions.has(season)) throw conflict(0);
        [plan] = await tx.insert(rotationPlans).values({ cityId: city.id, year: input.year, season, computedAt: at, computedBy: ctx.actor!.userId }).returning();
      }
      const planId = plan.id;
      saved.push(planId);
      await tx.insert(rotationPlanTowns).values(perTown.map((r) => ({ planId, townId: r.townId, status: r.status, objective: r.objective, gap: r.gap, millis: r.millis, infeasibleRule: r.infeasibleRule, infeasibleDetail: r.infeasibleDetail })));
      const rows = perTown.flatMap((r) =>
        r.assignments.map((a) => {
          const [kind, id] = a.resourceKey.split(':') as [ResourceKind, string];
          return { planId, year: input.year, season, townId: r.townId, communityId: a.communityId, regionPath: pathOf.get(a.communityId)!, role: a.role, resourceKind: kind, resourceId: id, source: 'solver' as const };
        }),
      );
      for (let k = 0; k < rows.length; k += 500) await tx.insert(rotationAssignments).values(rows.slice(k, k + 500));
      await appendAudit(tx, ctx, {
        action: 'rotation.compute',
        permission: 'rotation.manage',
        entityType: 'rotationPlan',
        entityId: planId,
        detail: {
          year: input.year,
          season,
          assignments: rows.length,
          towns: perTown.map((r) => ({ town: townName.get(r.townId), status: r.status, objective: r.objective, gap: r.gap, millis: r.millis, infeasibleRule: r.infeasibleRule })),
        },
      });
    }
  });
  return listPlans(db, ctx, { cityId: city.id, year: input.year });
}

async function planForManage(db: DbOrTx, ctx: RequestContext, id: string) {
  const plan = await selectPlanById(db, id);
  if (!plan) throw notFound('rotationPlan');
  const city = await cityToRead(db, ctx.actor, plan.cityId);
  await cityToManage(db, ctx.actor, city.id);
  return { plan, city };
}

/**
 * Moves resources by hand: removes and adds assignments in one step, against the version the caller saw. The rules
 * are checked on the plan as it would be; an edit that adds a breach of a hard rule is refused with the rule named
 * (a soft one is allowed and shown). `dryRun` answers the breaches and changes nothing.
 */
export async function editPlan(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZPlanEditBody>) {
  const { city } = await planForManage(db, ctx, id);
  const outcome = await db.transaction(async (tx) => {
    const plan = (await lockPlan(tx, id));
    if (plan.state === 'published') throw new AppError('invalid_state', { reason: '方案已发布，不能再调整', reasonEn: 'The plan is published and frozen' });
    if (plan.version !== input.version) throw conflict(plan.version);
    const pctx = await loadPlanContext(tx, city, plan.year, plan.season);
    const current = await selectAssignments(tx, [plan.id]);
    const names = await rotationResourceNames(tx, current.map((a) => ({ kind: a.resourceKind, id: a.resourceId })));
    const errors: FieldError[] = [];
    const removing = new Set(input.remove);
    input.remove.forEach((rid, i) => {
      if (!current.some((a) => a.id === rid)) errors.push({ path: `remove.${i}`, message: '该安排不在此方案中', messageEn: 'Not an assignment of this plan' });
    });
    const community = new Map(pctx.communities.map((c) => [c.id, c]));
    const kept = current.filter((a) => !removing.has(a.id));
    const added: AssignmentRow[] = [];
    input.add.forEach((a, i) => {
      const c = community.get(a.communityId);
      const key = resourceKey(a.resourceKind, a.resourceId);
      const r = pctx.resources.get(key);
      if (!c) return errors.push({ path: `add.${i}.communityId`, message: `请选择${city.name}的社区`, messageEn: `Choose a community of ${city.name}` });
      if (!r) return errors.push({ path: `add.${i}.resourceId`, message: '该力量未参加轮值（无有效轮值档案或已停用）', messageEn: 'This resource is not in the rotation' });
      const refusal = structuralRefusal(r, a.role, plan.season);
      if (refusal) return errors.push({ path: `add.${i}.role`, message: refusal, messageEn: 'The resource does not play this role or serve this season' });
      if ([...kept, ...added].some((x) => x.communityId === a.communityId && resourceKey(x.resourceKind, x.resourceId) === key))
        return errors.push({ path: `add.${i}`, message: `${r.name}已在${c.name}承担角色`, messageEn: 'The resource already serves this community' });
      added.push({ id: `new-${i}`, planId: plan.id, year: plan.year, season: plan.season, townId: c.townId, communityId: c.id, regionPath: c.path, role: a.role, resourceKind: a.resourceKind, resourceId: a.resourceId, source: 'office', createdAt: clockNow() });
    });
    if (errors.length) throw new AppError('validation', {}, errors);
    const allNames = new Map([...names, ...[...pctx.resources.values()].map((r) => [r.key, r.name] as const)]);
    const before = new Set(breachesOf(pctx, current, allNames).map(breachKey));
    const after = breachesOf(pctx, [...kept, ...added], allNames);
    const fresh = after.filter((b) => !before.has(breachKey(b)));
    const freshHard = fresh.filter((b) => b.hard);
    if (input.dryRun) return { dryRun: true as const, fresh, after };
    if (freshHard.length)
      throw new AppError(
        'validation',
        {},
        freshHard.slice(0, 5).map((b) => ({ path: 'add', message: `违反硬性规则“${ROTATION_RULE_DEFS[b.rule].zh}”：${b.message}`, messageEn: `Breaks the hard rule ${ROTATION_RULE_DEFS[b.rule].en}` })),
      );
    if (removing.size) await tx.delete(rotationAssignments).where(and(eq(rotationAssignments.planId, plan.id), inArray(rotationAssignments.id, [...removing])));
    if (added.length) await tx.insert(rotationAssignments).values(added.map(({ id: _id, createdAt: _c, ...row }) => row));
    await tx.update(rotationPlans).set({ version: plan.version + 1 }).where(eq(rotationPlans.id, plan.id));
    const label = (a: AssignmentRow) => `${allNames.get(resourceKey(a.resourceKind, a.resourceId)) ?? '—'} → ${community.get(a.communityId)?.name ?? a.communityId}（${ROTATION_ROLE_NAMES[a.role].zh}）`;
    await appendAudit(tx, ctx, {
      action: 'rotation.edit',
      permission: 'rotation.manage',
      entityType: 'rotationPlan',
      entityId: plan.id,
      detail: { year: plan.year, season: plan.season, removed: current.filter((a) => removing.has(a.id)).map(label), added: added.map(label), softBreachesAdded: fresh.map((b) => b.message) },
    });
    return { dryRun: false as const, fresh, after };
  });
  const plan = await presentPlan(db, ctx, city, (await selectPlanById(db, id)));
  const en = ctx.lang === 'en';
  const present = (b: Breach) => ({ rule: b.rule, ruleName: en ? ROTATION_RULE_DEFS[b.rule].en : ROTATION_RULE_DEFS[b.rule].zh, hard: b.hard, message: b.message, townId: b.townId, communityId: b.communityId, role: b.role, resource: b.resourceKey ? { kind: b.resourceKey.split(':')[0] as ResourceKind, id: b.resourceKey.split(':')[1] } : null, cost: b.cost });
  return { plan, dryRun: outcome.dryRun, newBreaches: outcome.fresh.map(present), breachesAfter: outcome.after.map(present) };
}

/**
 * Publishes a season: refused while a hard rule is broken (named); then frozen, audited, and every assignee with an
 * account is told their communities and roles (in the app, and through the outbox's channels).
 */
export async function publishPlan(db: Db, ctx: RequestContext, id: string, version: number) {
  const { city } = await planForManage(db, ctx, id);
  const counts = await db.transaction(async (tx) => {
    const plan = (await lockPlan(tx, id));
    if (plan.state === 'published') throw new AppError('invalid_state', { reason: '方案已发布', reasonEn: 'The plan is already published' });
    if (plan.version !== version) throw conflict(plan.version);
    const pctx = await loadPlanContext(tx, city, plan.year, plan.season);
    const assignments = await selectAssignments(tx, [plan.id]);
    if (assignments.length === 0) throw new AppError('invalid_state', { reason: '方案中没有任何安排，不能发布', reasonEn: 'The plan has no assignments' });
    const names = await rotationResourceNames(tx, assignments.map((a) => ({ kind: a.resourceKind, id: a.resourceId })));
    const hard = breachesOf(pctx, assignments, names).filter((b) => b.hard);
    if (hard.length)
      throw new AppError(
        'validation',
        {},
        hard.slice(0, 5).map((b) => ({ path: 'plan', message: `违反硬性规则“${ROTATION_RULE_DEFS[b.rule].zh}”：${b.message}${hard.length > 5 ? `（共 ${hard.length} 处）` : ''}`, messageEn: `Breaks the hard rule ${ROTATION_RULE_DEFS[b.rule].en}` })),
      );
    const at = clockNow();
    await tx.update(rotationPlans).set({ state: 'published', version: plan.version + 1, publishedAt: at, publishedBy: ctx.actor!.userId }).where(eq(rotationPlans.id, plan.id));
    const community = new Map(pctx.communities.map((c) => [c.id, c]));
    const byResource = new Map<string, AssignmentRow[]>();
    for (const a of assignments) byResource.set(resourceKey(a.resourceKind, a.resourceId), [...(byResource.get(resourceKey(a.resourceKind, a.resourceId)) ?? []), a]);
    const users = await rotationResourceUsers(tx, [...byResource.keys()].map((k) => ({ kind: k.split(':')[0] as ResourceKind, id: k.split(':')[1] })));
    const title = `${plan.year}年${SEASON_NAMES[plan.season]}轮值安排已发布`;
    const messages = [...byResource].flatMap(([key, list]) => {
      const userIds = users.get(key) ?? [];
      if (userIds.length === 0) return [];
      const body = `${names.get(key) ?? ''}：${list.map((a) => `${community.get(a.communityId)?.townName ?? ''}${community.get(a.communityId)?.name ?? ''}（${ROTATION_ROLE_NAMES[a.role].zh}）`).join('；')}`;
      return [{ userIds, input: { kind: 'rotation.published', title, body, link: `/rotation/mine?year=${plan.year}` } }];
    });
    const notified = await notifyMany(tx, messages);
    const reached = messages.length;
    await appendAudit(tx, ctx, {
      action: 'rotation.publish',
      permission: 'rotation.manage',
      entityType: 'rotationPlan',
      entityId: plan.id,
      detail: { year: plan.year, season: plan.season, assignments: assignments.length, assignees: byResource.size, assigneesReached: reached, notifications: notified, softBreaches: breachesOf(pctx, assignments, names).length },
    });
    return { assignees: byResource.size, assigneesNotified: reached, notifications: notified };
  });
  return { plan: await presentPlan(db, ctx, city, (await selectPlanById(db, id))), ...counts };
}
