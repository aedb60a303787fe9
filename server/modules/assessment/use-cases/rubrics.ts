import { and, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { RubricSpec, ZRubricQuery } from '../../../../contracts/assessment.js';
import { cityForWrite, cityListWhere, requireCityReach } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { registeredFormulas } from '../../../platform/assessment-formulas.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { assessmentRubrics } from '../assessment.tables.js';
import { deleteTree, insertTree, maxPointsOf, selectLastVersion, selectRubric, selectRubrics, type RubricTree } from '../rubric.queries.js';

/*
 * Rubric versions (issue 18 §1): the office writes a draft — a whole tree — and publishes it. A published version
 * never changes; editing it means a new draft of the next version, and publishing that retires the old one (the
 * rounds that used it keep it). Every write is assessment.manage over the rubric's city, against the row version
 * read (409), audited in its transaction.
 */

export async function listRubrics(db: DbOrTx, ctx: RequestContext, q: z.infer<typeof ZRubricQuery>) {
  const actor = requirePermission(ctx.actor, 'assessment.read');
  const where = and(
    cityListWhere(actor, 'assessment.read', assessmentRubrics.cityId, q.cityId),
    q.kind ? eq(assessmentRubrics.kind, q.kind) : undefined,
    q.state === 'published' ? eq(assessmentRubrics.state, 'published') : undefined,
  );
  return { items: await selectRubrics(db, where) };
}

export async function getRubric(db: DbOrTx, ctx: RequestContext, id: string): Promise<RubricTree> {
  const actor = requirePermission(ctx.actor, 'assessment.read');
  const r = await selectRubric(db, id);
  if (!r) throw notFound('rubric');
  requireCityReach(actor, 'assessment.read', r.cityId);
  return r;
}

/** The formulas a computed indicator may name (each registered by the module that owns its data), for the rubric editor. */
export function listFormulas(ctx: RequestContext) {
  requirePermission(ctx.actor, 'assessment.read');
  return { items: registeredFormulas().map((f) => ({ name: f.name, label: f.label, description: f.description, subjectTypes: [...f.subjectTypes] })) };
}

/** A new version of a city's rubric code, as a draft: version 1 for a new code, else the next after the last. */
export async function createRubricDraft(db: Db, ctx: RequestContext, spec: RubricSpec): Promise<RubricTree> {
  const actor = requirePermission(ctx.actor, 'assessment.manage');
  const id = await db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'assessment.manage', spec.cityId);
    const [draft] = await tx
      .select({ version: assessmentRubrics.version })
      .from(assessmentRubrics)
      .where(and(eq(assessmentRubrics.cityId, city.id), eq(assessmentRubrics.code, spec.code), eq(assessmentRubrics.state, 'draft')));
    if (draft) throw new AppError('invalid_state', { reason: `该评估标准已有未发布的草稿（第 ${draft.version} 版），请修改或发布该草稿。`, reasonEn: `This rubric already has an unpublished draft (version ${draft.version}); edit or publish it.` });
    const [prior] = await tx.select({ kind: assessmentRubrics.kind }).from(assessmentRubrics).where(and(eq(assessmentRubrics.cityId, city.id), eq(assessmentRubrics.code, spec.code))).limit(1);
    if (prior && prior.kind !== spec.kind) throw new AppError('validation', {}, [{ path: 'kind', message: '同一编码的评估标准各版本类别须一致', messageEn: 'Every version of a rubric code has the same kind' }]);
    const version = (await selectLastVersion(tx, city.id, spec.code)) + 1;
    const id = await writeHead(tx, { cityId: city.id, spec, version, createdBy: actor.userId });
    await appendAudit(tx, ctx, { action: 'assessment.rubric', permission: 'assessment.manage', entityType: 'rubric', entityId: id, detail: { code: spec.code, version, name: spec.name, city: city.name } });
    return id;
  });
  return (await selectRubric(db, id))!;
}

const writeHead = writeRubricVersion;

/**
 * Writes a rubric version whole. Published at once (a new city's defaults, a settings form of an owned kind):
 * `retirePrevious` retires the version published before it, whose rounds keep it.
 */
export async function writeRubricVersion(tx: Tx, h: { cityId: string; spec: RubricSpec; version: number; createdBy: string | null; state?: 'draft' | 'published'; retirePrevious?: boolean }): Promise<string> {
  if (h.state === 'published' && h.retirePrevious) {
    await tx
      .update(assessmentRubrics)
      .set({ state: 'retired', rowVersion: sqlIncrement() })
      .where(and(eq(assessmentRubrics.cityId, h.cityId), eq(assessmentRubrics.code, h.spec.code), eq(assessmentRubrics.state, 'published')));
  }
  try {
    const [row] = await tx
      .insert(assessmentRubrics)
      .values({
        cityId: h.cityId,
        kind: h.spec.kind,
        code: h.spec.code,
        version: h.version,
        name: h.spec.name,
        description: h.spec.description,
        aggregation: h.spec.aggregation,
        trimMinEvaluators: h.spec.trimMinEvaluators,
        maxPoints: maxPointsOf(h.spec),
        state: h.state ?? 'draft',
        publishedAt: h.state === 'published' ? clockNow() : null,
        createdBy: h.createdBy,
      })
      .returning({ id: assessmentRubrics.id });
    await insertTree(tx, row.id, h.spec);
    return row.id;
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'assessment_rubrics_version_uq') throw conflict(h.version);
    throw err;
  }
}

/** Replaces a draft's whole tree (only a draft: a published version never changes). */
export async function updateRubricDraft(db: Db, ctx: RequestContext, id: string, spec: RubricSpec & { rowVersion: number }): Promise<RubricTree> {
  const actor = requirePermission(ctx.actor, 'assessment.manage');
  await db.transaction(async (tx) => {
    const [head] = await tx.select().from(assessmentRubrics).where(eq(assessmentRubrics.id, id)).for('update');
    if (!head) throw notFound('rubric');
    requireCityReach(actor, 'assessment.manage', head.cityId);
    if (head.rowVersion !== spec.rowVersion) throw conflict(head.rowVersion);
    if (head.state !== 'draft') throw new AppError('invalid_state', { reason: '已发布的评估标准不能修改；请以它为基础新建下一版。', reasonEn: 'A published rubric never changes; create its next version instead.' });
    if (head.code !== spec.code || head.kind !== spec.kind) throw new AppError('validation', {}, [{ path: 'code', message: '草稿的编码和类别不能更改', messageEn: 'A draft keeps its code and kind' }]);
    await deleteTree(tx, id);
    await insertTree(tx, id, spec);
    await tx
      .update(assessmentRubrics)
      .set({ name: spec.name, description: spec.description, aggregation: spec.aggregation, trimMinEvaluators: spec.trimMinEvaluators, maxPoints: maxPointsOf(spec), rowVersion: head.rowVersion + 1 })
      .where(eq(assessmentRubrics.id, id));
    await appendAudit(tx, ctx, { action: 'assessment.rubric', permission: 'assessment.manage', entityType: 'rubric', entityId: id, detail: { code: head.code, version: head.version, edited: true } });
  });
  return (await selectRubric(db, id))!;
}

/** Publishes a draft; the version published before it is retired (its rounds keep it). */
export async function publishRubric(db: Db, ctx: RequestContext, id: string, rowVersion: number): Promise<RubricTree> {
  const actor = requirePermission(ctx.actor, 'assessment.manage');
  await db.transaction(async (tx) => {
    const [head] = await tx.select().from(assessmentRubrics).where(eq(assessmentRubrics.id, id)).for('update');
    if (!head) throw notFound('rubric');
    requireCityReach(actor, 'assessment.manage', head.cityId);
    if (head.rowVersion !== rowVersion) throw conflict(head.rowVersion);
    if (head.state !== 'draft') throw new AppError('invalid_state', { reason: '只有草稿可以发布。', reasonEn: 'Only a draft can be published.' });
    const retired = await tx
      .update(assessmentRubrics)
      .set({ state: 'retired', rowVersion: sqlIncrement() })
      .where(and(eq(assessmentRubrics.cityId, head.cityId), eq(assessmentRubrics.code, head.code), eq(assessmentRubrics.state, 'published'), ne(assessmentRubrics.id, id)))
      .returning({ version: assessmentRubrics.version });
    await tx.update(assessmentRubrics).set({ state: 'published', publishedAt: clockNow(), rowVersion: head.rowVersion + 1 }).where(eq(assessmentRubrics.id, id));
    await appendAudit(tx, ctx, { action: 'assessment.rubricPublish', permission: 'assessment.manage', entityType: 'rubric', entityId: id, detail: { code: head.code, version: head.version, retired: retired.map((r) => r.version) } });
  });
  return (await selectRubric(db, id))!;
}

const sqlIncrement = () => sql`${assessmentRubrics.rowVersion} + 1`;

/** Seeds a city's rubric as published version 1 (a new city's template, the demo), unless the code exists. */
export async function seedPublishedRubric(tx: Tx, cityId: string, spec: RubricSpec): Promise<string | null> {
  if (await selectLastVersion(tx, cityId, spec.code)) return null;
  return writeHead(tx, { cityId, spec, version: 1, createdBy: null, state: 'published' });
}
