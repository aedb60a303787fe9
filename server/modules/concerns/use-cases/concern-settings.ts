import { and, eq, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZConcernCategoryInput, ZConcernCategoryPatch, ZRoutingRuleInput, ZRoutingRulePatch } from '../../../../contracts/concerns.js';
import { cityForWrite, requireCityReach } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { setCityTimeLimits } from '../../../platform/cases/time-limits.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireConcernRead } from '../concerns.policy.js';
import { selectCategories, selectCategory, selectCityDepartment, selectPlace, type CategoryRow } from '../concerns.queries.js';
import { concernCategories, concernRoutingRules } from '../concerns.tables.js';

/*
 * The office's settings of concerns (issue 17 §4: categories with their time limits, routing rules as data): each
 * write under concern.manage over the record's city (another city's record answers 404), against the version read
 * (409), audited in its transaction. A category's time limit is the engine's: the city's case_time_limits row of the
 * concern type, variant = the category's code, state `handling` — new steps take the new limit, running ones keep theirs.
 */

const field = (path: string, message: string, messageEn: string) => new AppError('validation', {}, [{ path, message, messageEn }]);

export function presentCategorySetting(c: CategoryRow) {
  return { id: c.id, cityId: c.cityId, code: c.code, name: c.name, nameEn: c.nameEn, description: c.description, timeLimitDays: c.timeLimitDays, sortOrder: c.sortOrder, retired: c.retiredAt !== null, version: c.version };
}

/** The city's categories for staff (retired ones too, marked). */
export async function listCategorySettings(db: Db, ctx: RequestContext, cityId: string | undefined) {
  const actor = requireConcernRead(ctx.actor);
  const city = await cityForWrite(db, actor, 'concern.read', cityId);
  return { items: (await selectCategories(db, city.id)).map(presentCategorySetting) };
}

const handlingLimit = (code: string, workingDays: number) => ({ caseType: 'concern', variant: code, state: 'handling', workingDays });

export async function createCategory(db: Db, ctx: RequestContext, input: z.infer<typeof ZConcernCategoryInput>) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'concern.manage', input.cityId);
      const [last] = await tx.select({ n: max(concernCategories.sortOrder) }).from(concernCategories).where(eq(concernCategories.cityId, city.id));
      const [row] = await tx
        .insert(concernCategories)
        .values({ cityId: city.id, code: input.code, name: input.name, nameEn: input.nameEn, description: input.description, timeLimitDays: input.timeLimitDays, sortOrder: input.sortOrder ?? (last?.n ?? 0) + 10 })
        .returning();
      await setCityTimeLimits(tx, city.id, [handlingLimit(row.code, row.timeLimitDays)], actor.userId);
      await appendAudit(tx, ctx, { action: 'concern.category', permission: 'concern.manage', entityType: 'concernCategory', entityId: row.id, detail: { created: row.code, name: row.name, timeLimitDays: row.timeLimitDays, city: city.name } });
      return presentCategorySetting(row);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'concern_categories_city_code_uq') throw new AppError('duplicate', { field: '类别编码', value: input.code });
    throw err;
  }
}

async function lockCategory(tx: Tx, id: string): Promise<CategoryRow | undefined> {
  const [row] = await tx.select().from(concernCategories).where(eq(concernCategories.id, id)).for('update');
  return row;
}

/** Renames, re-describes, sets the time limit, reorders, retires or restores a category; the last one in use is not retired. */
export async function updateCategory(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZConcernCategoryPatch>) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  return db.transaction(async (tx) => {
    const before = await lockCategory(tx, id);
    if (!before) throw notFound('concernCategory');
    requireCityReach(actor, 'concern.manage', before.cityId);
    if (before.version !== input.version) throw conflict(before.version);
    const retiredAt = input.retired === undefined ? before.retiredAt : input.retired ? (before.retiredAt ?? clockNow()) : null;
    if (retiredAt && !before.retiredAt) {
      const inUse = (await selectCategories(tx, before.cityId)).filter((c) => !c.retiredAt && c.id !== id);
      if (!inUse.length) throw field('retired', '至少保留一个在用的民情类别', 'Keep at least one category in use');
    }
    const [after] = await tx
      .update(concernCategories)
      .set({
        name: input.name ?? before.name,
        nameEn: input.nameEn === undefined ? before.nameEn : input.nameEn,
        description: input.description === undefined ? before.description : input.description,
        timeLimitDays: input.timeLimitDays ?? before.timeLimitDays,
        sortOrder: input.sortOrder ?? before.sortOrder,
        retiredAt,
        updatedAt: clockNow(),
        version: before.version + 1,
      })
      .where(eq(concernCategories.id, id))
      .returning();
    if (after.timeLimitDays !== before.timeLimitDays) await setCityTimeLimits(tx, after.cityId, [handlingLimit(after.code, after.timeLimitDays)], actor.userId);
    const changes = diff(before, after, ['name', 'nameEn', 'description', 'timeLimitDays', 'sortOrder', 'retiredAt']);
    if (changes) await appendAudit(tx, ctx, { action: 'concern.category', permission: 'concern.manage', entityType: 'concernCategory', entityId: id, detail: { code: after.code }, changes });
    return presentCategorySetting(after);
  });
}

type RuleRow = typeof concernRoutingRules.$inferSelect;

/** The city's routing rules with the names the settings page shows, most general first. */
async function selectRuleSettings(db: DbOrTx, cityId: string, ruleId?: string) {
  const found = await db
    .select({
      rule: concernRoutingRules,
      regionName: regions.name,
      regionLevel: regions.level,
      regionCode: regions.code,
      departmentName: departments.name,
    })
    .from(concernRoutingRules)
    .leftJoin(regions, eq(regions.id, concernRoutingRules.regionId))
    .leftJoin(departments, eq(departments.id, concernRoutingRules.departmentId))
    .where(and(eq(concernRoutingRules.cityId, cityId), ruleId ? eq(concernRoutingRules.id, ruleId) : undefined))
    .orderBy(sql`${regions.code} nulls first`, sql`${concernRoutingRules.categoryCode} nulls first`, concernRoutingRules.id);
  const categories = new Map((await selectCategories(db, cityId)).map((c) => [c.code, c.name]));
  return found.map((r) => ({
    id: r.rule.id,
    cityId: r.rule.cityId,
    categoryCode: r.rule.categoryCode,
    categoryName: r.rule.categoryCode ? (categories.get(r.rule.categoryCode) ?? r.rule.categoryCode) : null,
    region: r.rule.regionId ? { id: r.rule.regionId, name: r.regionName ?? '', level: r.regionLevel ?? '' } : null,
    target: r.rule.target,
    department: r.rule.departmentId ? { id: r.rule.departmentId, name: r.departmentName ?? '' } : null,
    version: r.rule.version,
    updatedAt: r.rule.updatedAt.toISOString(),
  }));
}

export async function listRoutingRules(db: Db, ctx: RequestContext, cityId: string | undefined) {
  const actor = requireConcernRead(ctx.actor);
  const city = await cityForWrite(db, actor, 'concern.read', cityId);
  return { items: await selectRuleSettings(db, city.id) };
}

/** Who answers: a department of the city (named), or the town or its station (no department). */
async function checkTarget(tx: DbOrTx, cityId: string, target: RuleRow['target'], departmentId: string | null) {
  if (target === 'department') {
    if (!departmentId) throw field('departmentId', '请选择承办部门', 'Choose the department');
    if (!(await selectCityDepartment(tx, cityId, departmentId))) throw field('departmentId', '承办部门须为本市在用部门', 'The department must be one of this city’s');
  } else if (departmentId) throw field('departmentId', '只有派给职能部门时才选择部门', 'A department is chosen only when the rule sends concerns to one');
}

export async function createRoutingRule(db: Db, ctx: RequestContext, input: z.infer<typeof ZRoutingRuleInput>) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'concern.manage', input.cityId);
      if (input.categoryCode) {
        const category = await selectCategory(tx, city.id, input.categoryCode);
        if (!category || category.retiredAt) throw field('categoryCode', '请选择本市在用的民情类别', 'Choose one of the city’s categories in use');
      }
      if (input.regionId) {
        const place = await selectPlace(tx, input.regionId);
        if (!place || place.retired || !place.path.startsWith(city.path) || !['town', 'community', 'grid'].includes(place.level)) {
          throw field('regionId', '请选择本市的镇（街道）、村（社区）或网格', 'Choose a town, community or grid of the city');
        }
      }
      await checkTarget(tx, city.id, input.target, input.departmentId);
      const [row] = await tx
        .insert(concernRoutingRules)
        .values({ cityId: city.id, categoryCode: input.categoryCode, regionId: input.regionId, target: input.target, departmentId: input.departmentId, createdBy: actor.userId })
        .returning();
      await appendAudit(tx, ctx, { action: 'concern.routingRule', permission: 'concern.manage', entityType: 'concernRoutingRule', entityId: row.id, detail: { created: { categoryCode: row.categoryCode, regionId: row.regionId, target: row.target, departmentId: row.departmentId }, city: city.name } });
      return (await selectRuleSettings(tx, city.id, row.id))[0];
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'concern_routing_rules_uq') throw new AppError('duplicate', { field: '该类别与区域的分派规则', value: input.categoryCode ?? '全部类别' });
    throw err;
  }
}

async function lockRule(tx: Tx, actor: RequestContext['actor'], id: string, version: number): Promise<RuleRow> {
  const [row] = await tx.select().from(concernRoutingRules).where(eq(concernRoutingRules.id, id)).for('update');
  if (!row) throw notFound('concernRoutingRule');
  requireCityReach(actor, 'concern.manage', row.cityId);
  if (row.version !== version) throw conflict(row.version);
  return row;
}

/** A rule's new answer; new concerns go by it, those already routed stay where they are (a transfer moves one). */
export async function updateRoutingRule(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZRoutingRulePatch>) {
  requirePermission(ctx.actor, 'concern.manage');
  return db.transaction(async (tx) => {
    const before = await lockRule(tx, ctx.actor, id, input.version);
    await checkTarget(tx, before.cityId, input.target, input.departmentId);
    const [after] = await tx
      .update(concernRoutingRules)
      .set({ target: input.target, departmentId: input.departmentId, updatedAt: clockNow(), version: before.version + 1 })
      .where(eq(concernRoutingRules.id, id))
      .returning();
    const changes = diff(before, after, ['target', 'departmentId']);
    if (changes) await appendAudit(tx, ctx, { action: 'concern.routingRule', permission: 'concern.manage', entityType: 'concernRoutingRule', entityId: id, detail: { categoryCode: after.categoryCode, regionId: after.regionId }, changes });
    return (await selectRuleSettings(tx, after.cityId, id))[0];
  });
}

/** Removes a rule: new concerns it matched go by the next most specific rule (or to the town); routed ones keep their way. */
export async function deleteRoutingRule(db: Db, ctx: RequestContext, id: string, version: number) {
  requirePermission(ctx.actor, 'concern.manage');
  return db.transaction(async (tx) => {
    const before = await lockRule(tx, ctx.actor, id, version);
    await tx.delete(concernRoutingRules).where(eq(concernRoutingRules.id, id));
    await appendAudit(tx, ctx, { action: 'concern.routingRule', permission: 'concern.manage', entityType: 'concernRoutingRule', entityId: id, detail: { deleted: { categoryCode: before.categoryCode, regionId: before.regionId, target: before.target, departmentId: before.departmentId } } });
    return { items: await selectRuleSettings(tx, before.cityId) };
  });
}
