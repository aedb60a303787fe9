import type { z } from 'zod';
import type { Department, ZDepartmentQuery } from '../../../../contracts/departments.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { departmentListWhere, requireDepartmentsRead } from '../departments.policy.js';
import { presentDepartment } from '../departments.presenter.js';
import { selectDepartments } from '../departments.queries.js';

/** A city's member units and service departments: a few dozen, kept by hand, listed whole for every picker. */
export async function findDepartments(db: DbOrTx, ctx: RequestContext, query: z.infer<typeof ZDepartmentQuery> = { includeRetired: false }): Promise<{ items: Department[] }> {
  requireDepartmentsRead(ctx.actor);
  return { items: (await selectDepartments(db, departmentListWhere(ctx.actor, query.cityId), query.includeRetired)).map(presentDepartment) };
}
