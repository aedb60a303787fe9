import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Department, ZDepartmentInput, ZDepartmentPatch } from '../../../../contracts/departments.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { invalidateDepartmentNames } from '../../../platform/access/names.js';
import { departments } from '../../../platform/access/scope.tables.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { invalidateAuth } from '../../../platform/auth/session-cache.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, conflict, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireDepartmentManaged, requireDepartmentsManage } from '../departments.policy.js';
import { presentDepartment } from '../departments.presenter.js';
import { lockDepartment } from '../departments.queries.js';

const duplicateName = (name: string) => new AppError('validation', {}, [{ path: 'name', message: `本市已有名为“${name}”的单位`, messageEn: `This city already has a department named ${name}` }]);

/** A new member unit or service department in the caller's city (or the city named). */
export async function createDepartment(db: Db, ctx: RequestContext, input: z.infer<typeof ZDepartmentInput>): Promise<Department> {
  const actor = requireDepartmentsManage(ctx.actor);
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'department.manage', input.cityId);
      const { cityId: _named, ...fields } = input;
      const [row] = await tx
        .insert(departments)
        .values({ ...fields, cityId: city.id })
        .returning();
      // A grant on the city reaches its departments through the session: the new one must be in it at once.
      await invalidateAuth(tx, ctx);
      await invalidateDepartmentNames(tx);
      await appendAudit(tx, ctx, { action: 'department.create', permission: 'department.manage', entityType: 'department', entityId: row.id, detail: { ...fields, city: city.name } });
      return presentDepartment(row);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'departments_city_name_uq') throw duplicateName(input.name);
    throw err;
  }
}

/** Rename, reclassify, reorder, retire or restore: version-checked, audited. */
export async function updateDepartment(db: Db, ctx: RequestContext, id: string, input: z.infer<typeof ZDepartmentPatch>): Promise<Department> {
  requireDepartmentsManage(ctx.actor);
  try {
    return await db.transaction(async (tx) => {
      const before = await lockDepartment(tx, id);
      if (!before) throw notFound('department');
      requireDepartmentManaged(ctx.actor, before.cityId);
      if (before.version !== input.version) throw conflict(before.version);
      const retiredAt = input.retired === undefined ? before.retiredAt : input.retired ? (before.retiredAt ?? clockNow()) : null;
      const [after] = await tx
        .update(departments)
        .set({
          name: input.name ?? before.name,
          shortName: input.shortName ?? before.shortName,
          kind: input.kind ?? before.kind,
          isMemberUnit: input.isMemberUnit ?? before.isMemberUnit,
          isServiceDepartment: input.isServiceDepartment ?? before.isServiceDepartment,
          sortOrder: input.sortOrder ?? before.sortOrder,
          retiredAt,
          version: before.version + 1,
        })
        .where(eq(departments.id, id))
        .returning();
      // Sessions carry the department's name with a department staff's grant.
      await invalidateAuth(tx, ctx);
      await invalidateDepartmentNames(tx);
      await appendAudit(tx, ctx, {
        action: 'department.update',
        permission: 'department.manage',
        entityType: 'department',
        entityId: id,
        changes: diff(before, after, ['name', 'shortName', 'kind', 'isMemberUnit', 'isServiceDepartment', 'sortOrder', 'retiredAt']),
      });
      return presentDepartment(after);
    });
  } catch (err) {
    if (pgErrorOf(err)?.constraint === 'departments_city_name_uq') throw duplicateName(input.name ?? '');
    throw err;
  }
}
