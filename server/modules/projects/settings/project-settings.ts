import { todayInChina } from '../../../platform/calendar/calendar.js';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import { RULE_PARAMS, type ZBlacklistInput, type ZBlacklistLift, type ZCriterion, type ZEligibilityRulePatch, type ZRubricPatch, type ZStandardPatch } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { toIso } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { orgDirectory } from '../../orgs/index.js';
import { creditBlacklist, eligibilityRules, evaluationStandards, scoringRubrics } from '../projects.tables.js';

export async function listEligibilityRules(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const found = await db.select().from(eligibilityRules).orderBy(eligibilityRules.sortOrder, eligibilityRules.code);
  return found.map((r) => ({ code: r.code, kind: r.kind, params: r.params as Record<string, unknown>, description: r.description, active: r.active, version: r.version }));
}

/** Changes a rule's parameters, wording or whether it applies; the parameters are checked against the rule's kind. */
export async function updateEligibilityRule(db: Db, ctx: RequestContext, code: string, input: z.infer<typeof ZEligibilityRulePatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(eligibilityRules).where(eq(eligibilityRules.code, code)).for('update');
    if (!r) throw notFound('eligibilityRule');
    if (r.version !== input.version) throw conflict(r.version);
    let params = r.params as Record<string, unknown>;
    if (input.params) {
      const parsed = RULE_PARAMS[r.kind].safeParse(input.params);
      if (!parsed.success) throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.message })));
      params = parsed.data as Record<string, unknown>;
    }
    const [after] = await tx
      .update(eligibilityRules)
      .set({ params, description: input.description ?? r.description, active: input.active ?? r.active, version: r.version + 1 })
      .where(eq(eligibilityRules.code, code))
      .returning();
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'eligibilityRule',
      entityId: code,
      changes: { params: { before: r.params, after: params }, description: { before: r.description, after: after.description }, active: { before: r.active, after: after.active } },
    });
    return { code: after.code, kind: after.kind, params: after.params as Record<string, unknown>, description: after.description, active: after.active, version: after.version };
  });
}

async function selectBlacklist(db: DbOrTx, where: SQL | undefined, limit: number) {
  const found = await db
    .select({
      id: creditBlacklist.id,
      orgId: creditBlacklist.orgId,
      orgName: orgDirectory.name,
      creditCode: orgDirectory.creditCode,
      reason: creditBlacklist.reason,
      listedOn: creditBlacklist.listedOn,
      liftedOn: creditBlacklist.liftedOn,
      active: sql<boolean>`(${creditBlacklist.liftedOn} is null or ${creditBlacklist.liftedOn} > ${todayInChina()}::date)`,
      createdAt: creditBlacklist.createdAt,
    })
    .from(creditBlacklist)
    .innerJoin(orgDirectory, eq(orgDirectory.id, creditBlacklist.orgId))
    .where(where)
    .orderBy(desc(creditBlacklist.listedOn), desc(creditBlacklist.id))
    .limit(limit);
  return found.map(({ createdAt, ...b }) => ({ ...b, listedAt: toIso(createdAt)! }));
}

/** The bad-credit list, the latest listed first, in keyset pages (entries are kept after they are lifted). */
export async function listBlacklist(db: DbOrTx, ctx: RequestContext, input: { limit: number; cursor?: string }) {
  requirePermission(ctx.actor, 'project.read');
  const after = readCursor(input.cursor, z.tuple([z.iso.date(), cursorPart.uuid]));
  const found = await selectBlacklist(db, keysetAfter('desc', [creditBlacklist.listedOn, creditBlacklist.id], after && [sql`${after[0]}::date`, sql`${after[1]}::uuid`]), input.limit + 1);
  return keysetPage(found, input.limit, (b) => [b.listedOn, b.id]);
}

async function blacklistEntry(db: DbOrTx, id: string) {
  const [entry] = await selectBlacklist(db, eq(creditBlacklist.id, id), 1);
  return entry;
}

export async function addToBlacklist(db: Db, ctx: RequestContext, input: z.infer<typeof ZBlacklistInput>) {
  requirePermission(ctx.actor, 'project.manage');
  if (input.liftedOn && input.liftedOn <= input.listedOn) throw new AppError('validation', {}, [{ path: 'liftedOn', message: '移出日期须晚于列入日期', messageEn: 'The end must be after the start' }]);
  return db.transaction(async (tx) => {
    const [org] = await tx.select({ id: orgDirectory.id }).from(orgDirectory).where(eq(orgDirectory.id, input.orgId));
    if (!org) throw notFound('org');
    const [b] = await tx.insert(creditBlacklist).values({ orgId: input.orgId, reason: input.reason, listedOn: input.listedOn, liftedOn: input.liftedOn ?? null, listedBy: ctx.actor!.userId }).returning();
    await appendAudit(tx, ctx, { action: 'project.blacklist', permission: 'project.manage', entityType: 'org', entityId: input.orgId, detail: { entryId: b.id, reason: input.reason, listedOn: input.listedOn, liftedOn: input.liftedOn ?? null } });
    return blacklistEntry(tx, b.id);
  });
}

export async function liftFromBlacklist(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZBlacklistLift>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [b] = await tx.select().from(creditBlacklist).where(eq(creditBlacklist.id, id)).for('update');
    if (!b) throw notFound('blacklistEntry');
    if (input.liftedOn <= b.listedOn) throw new AppError('validation', {}, [{ path: 'liftedOn', message: '移出日期须晚于列入日期', messageEn: 'The end must be after the start' }]);
    await tx.update(creditBlacklist).set({ liftedOn: input.liftedOn }).where(and(eq(creditBlacklist.id, id)));
    await appendAudit(tx, ctx, { action: 'project.blacklistLift', permission: 'project.manage', entityType: 'org', entityId: b.orgId, detail: { entryId: id, liftedOn: input.liftedOn } });
    return blacklistEntry(tx, id);
  });
}

/** The procurement rubric: projects copy it when their call closes, so an edit affects later calls only. */
export async function getRubric(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const [r] = await db.select().from(scoringRubrics).where(eq(scoringRubrics.code, 'default'));
  if (!r) throw notFound('record');
  return { name: r.name, criteria: r.criteria as z.infer<typeof ZCriterion>[], minExperts: r.minExperts, noticeWorkingDays: r.noticeWorkingDays, version: r.version };
}

export async function updateRubric(db: Db, ctx: RequestContext, input: z.infer<typeof ZRubricPatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(scoringRubrics).where(eq(scoringRubrics.code, 'default')).for('update');
    if (!r) throw notFound('record');
    if (r.version !== input.version) throw conflict(r.version);
    const next = { criteria: input.criteria ?? r.criteria, minExperts: input.minExperts ?? r.minExperts, noticeWorkingDays: input.noticeWorkingDays ?? r.noticeWorkingDays };
    await tx.update(scoringRubrics).set({ ...next, version: r.version + 1 }).where(eq(scoringRubrics.code, 'default'));
    await appendAudit(tx, ctx, { action: 'project.settings', permission: 'project.manage', entityType: 'scoringRubric', entityId: 'default', changes: { criteria: { before: r.criteria, after: next.criteria }, minExperts: { before: r.minExperts, after: next.minExperts }, noticeWorkingDays: { before: r.noticeWorkingDays, after: next.noticeWorkingDays } } });
    return getRubric(tx, ctx);
  });
}

export async function getStandard(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const [s] = await db.select().from(evaluationStandards).where(eq(evaluationStandards.code, 'default'));
  if (!s) throw notFound('record');
  return { name: s.name, criteria: s.criteria as z.infer<typeof ZCriterion>[], bands: s.bands as { excellent: number; good: number; pass: number }, version: s.version };
}

export async function updateStandard(db: Db, ctx: RequestContext, input: z.infer<typeof ZStandardPatch>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(evaluationStandards).where(eq(evaluationStandards.code, 'default')).for('update');
    if (!s) throw notFound('record');
    if (s.version !== input.version) throw conflict(s.version);
    const next = { criteria: input.criteria ?? s.criteria, bands: input.bands ?? s.bands };
    await tx.update(evaluationStandards).set({ ...next, version: s.version + 1 }).where(eq(evaluationStandards.code, 'default'));
    await appendAudit(tx, ctx, { action: 'project.settings', permission: 'project.manage', entityType: 'evaluationStandard', entityId: 'default', changes: { criteria: { before: s.criteria, after: next.criteria }, bands: { before: s.bands, after: next.bands } } });
    return getStandard(tx, ctx);
  });
}
