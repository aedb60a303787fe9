import type { Department } from '../../../../contracts/departments.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireDepartmentsRead } from '../departments.policy.js';
import { presentDepartment } from '../departments.presenter.js';
import { selectActiveDepartments } from '../departments.queries.js';

/** The member units and service departments: a few dozen, kept by hand, listed whole for every picker. */
export async function findDepartments(db: DbOrTx, ctx: RequestContext): Promise<{ items: Department[] }> {
  requireDepartmentsRead(ctx.actor);
  return { items: (await selectActiveDepartments(db)).map(presentDepartment) };
}
