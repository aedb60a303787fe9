import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ProjectProposal } from '../../../../contracts/projects/initiation.js';
import { departmentReach, requirePermission } from '../../../platform/access/policy.js';
import { diff } from '../../../platform/audit/audit.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { editCaseDetails, openCase } from '../../../platform/cases/engine.js';
import type { Db, Tx } from '../../../platform/db/client.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import { selectCities } from '../../../platform/access/cities.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { AppError, type FieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { currentCategoryCity, serviceDomainDirectory } from '../../catalog/index.js';
import { serviceProjects, serviceProjectTowns } from '../projects.tables.js';

/** Reference data a proposal names must exist and be current; every problem is reported at once. */
async function checkReferences(tx: Tx, ctx: RequestContext, p: Pick<ProjectProposal, 'departmentId' | 'catalogCategoryId' | 'domains' | 'townIds'>): Promise<void> {
  const errors: FieldError[] = [];
  const reach = departmentReach(ctx.actor, 'project.propose');
  if (!reach.all && !reach.departmentIds.includes(p.departmentId)) errors.push({ path: 'departmentId', message: '只能为本部门提出项目需求', messageEn: 'You may only propose for your own department' });
  const [dept] = await tx.select({ id: departments.id, cityId: departments.cityId }).from(departments).where(and(eq(departments.id, p.departmentId), isNull(departments.retiredAt)));
  if (!dept) errors.push({ path: 'departmentId', message: '部门不存在或已撤销', messageEn: 'No such department' });
  const [city] = dept ? await selectCities(tx, [dept.cityId]) : [];
  // A city buys from its own catalog.
  const categoryCity = await currentCategoryCity(tx, p.catalogCategoryId);
  if (!categoryCity || (dept && categoryCity !== dept.cityId)) errors.push({ path: 'catalogCategoryId', message: '项目清单类别不存在或已停用', messageEn: 'No such catalog category' });
  // The domains served are the buying department's city's current ones, as its catalog is.
  const current = dept
    ? new Set(
        (await tx
          .select({ code: serviceDomainDirectory.code })
          .from(serviceDomainDirectory)
          .where(and(eq(serviceDomainDirectory.cityId, dept.cityId), isNull(serviceDomainDirectory.retiredAt)))).map((d) => d.code),
      )
    : null;
  if (current) for (const d of p.domains) if (!current.has(d)) errors.push({ path: 'domains', message: `服务领域“${d}”不存在或已停用`, messageEn: `Unknown or retired service domain ${d}` });
  if (p.townIds.length) {
    // The towns served are the buying department's city's: a city's money does not buy another city's services.
    const towns = await tx
      .select({ id: regions.id })
      .from(regions)
      .where(and(eq(regions.level, 'town'), isNull(regions.retiredAt), inArray(regions.id, p.townIds), city ? inSubtree(regions.path, city.path) : undefined));
    if (towns.length !== new Set(p.townIds).size) errors.push({ path: 'townIds', message: '所选镇（街道）不存在或不在本部门所在城市', messageEn: 'Unknown town, or one outside the department’s city' });
  }
  if (errors.length) throw new AppError('validation', {}, errors);
}

/** A project's towns, in one order so an unchanged set reads as unchanged. */
async function townsOf(tx: Tx, projectId: string): Promise<string[]> {
  const found = await tx.select({ townId: serviceProjectTowns.townId }).from(serviceProjectTowns).where(eq(serviceProjectTowns.projectId, projectId)).orderBy(asc(serviceProjectTowns.townId));
  return found.map((t) => t.townId);
}

/** Replaces a project's towns with these (checked by checkReferences). */
async function setTowns(tx: Tx, projectId: string, townIds: readonly string[]): Promise<void> {
  await tx.delete(serviceProjectTowns).where(eq(serviceProjectTowns.projectId, projectId));
  const distinct = [...new Set(townIds)];
  if (distinct.length) await tx.insert(serviceProjectTowns).values(distinct.map((townId) => ({ projectId, townId })));
}

/** The buying department's city's root: projects are bought by a city's departments, so they belong to that whole city. */
async function cityPath(tx: Tx, departmentId: string): Promise<string> {
  const [dept] = await tx.select({ cityId: departments.cityId }).from(departments).where(eq(departments.id, departmentId));
  const [city] = await selectCities(tx, [dept.cityId]);
  if (!city) throw new Error(`department ${departmentId} lies in no active city`);
  return city.path;
}

/** A department (or the office) starts a project as a draft need; submitting it asks the office to approve. */
export async function proposeProject(db: Db, ctx: RequestContext, input: ProjectProposal): Promise<string> {
  requirePermission(ctx.actor, 'project.propose');
  const def = caseTypeOf('serviceProject');
  return db.transaction(async (tx) => {
    await checkReferences(tx, ctx, input);
    const regionPath = await cityPath(tx, input.departmentId);
    const c = await openCase(
      tx,
      ctx,
      def,
      {
        title: input.title,
        regionPath,
        ownerUserId: ctx.actor!.userId,
        details: async (c) => {
          await tx.insert(serviceProjects).values({
            caseId: c.id,
            number: c.number,
            year: input.year,
            departmentId: input.departmentId,
            catalogCategoryId: input.catalogCategoryId,
            summary: input.summary,
            domains: input.domains,
            targetGroups: input.targetGroups,
            budgetFen: input.budgetFen,
            durationMonths: input.durationMonths,
            indicators: input.indicators,
          });
          await setTowns(tx, c.id, input.townIds);
        },
      },
      'project.propose',
    );
    return c.id;
  });
}

/** Edits a draft; the engine checks the version and the state. */
export async function updateProjectDraft(db: Db, ctx: RequestContext, caseId: string, input: Partial<ProjectProposal> & { version: number }) {
  requirePermission(ctx.actor, 'project.propose');
  let p: typeof serviceProjects.$inferSelect | undefined;
  return editCaseDetails(db, ctx, caseId, {
    caseType: 'serviceProject',
    version: input.version,
    entity: 'project',
    mayEdit: async (tx) => {
      [p] = await tx.select().from(serviceProjects).where(eq(serviceProjects.caseId, caseId));
      const reach = departmentReach(ctx.actor, 'project.propose');
      return !!p && (reach.all || reach.departmentIds.includes(p.departmentId));
    },
    edit: async (tx, c) => {
      const before = { ...p!, townIds: await townsOf(tx, caseId) };
      const next = {
        departmentId: input.departmentId ?? before.departmentId,
        catalogCategoryId: input.catalogCategoryId ?? before.catalogCategoryId,
        domains: input.domains ?? before.domains,
        townIds: input.townIds ?? before.townIds,
      };
      await checkReferences(tx, ctx, next);
      if (input.townIds) await setTowns(tx, caseId, input.townIds);
      const [updated] = await tx
        .update(serviceProjects)
        .set({
          departmentId: next.departmentId,
          catalogCategoryId: next.catalogCategoryId,
          domains: next.domains,
          year: input.year ?? before.year,
          summary: input.summary ?? before.summary,
          targetGroups: input.targetGroups ?? before.targetGroups,
          budgetFen: input.budgetFen ?? before.budgetFen,
          durationMonths: input.durationMonths ?? before.durationMonths,
          indicators: input.indicators ?? before.indicators,
        })
        .where(eq(serviceProjects.caseId, caseId))
        .returning();
      const after = { ...updated, townIds: input.townIds ? await townsOf(tx, caseId) : before.townIds };
      const changes = diff(before, after, ['year', 'departmentId', 'catalogCategoryId', 'summary', 'domains', 'targetGroups', 'townIds', 'budgetFen', 'durationMonths', 'indicators']) ?? {};
      if (input.title && input.title !== c.title) changes.title = { before: c.title, after: input.title };
      return { title: input.title ?? c.title, audit: { action: 'project.updateDraft', permission: 'project.propose', changes } };
    },
  });
}
