import { asc, eq } from 'drizzle-orm';
import { cityListWhere } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { regions } from '../../../platform/access/scope.tables.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { orgDirectory } from '../../orgs/index.js';
import { workStations } from '../assessment.tables.js';

/** The city's social work stations with their towns and operating agencies (the SPPE round's subjects). */
export async function listStations(db: DbOrTx, ctx: RequestContext, cityId: string | undefined) {
  const actor = requirePermission(ctx.actor, 'assessment.read');
  const rows = await db
    .select({
      id: workStations.id,
      cityId: workStations.cityId,
      regionId: workStations.regionId,
      townName: regions.name,
      code: workStations.code,
      name: workStations.name,
      operatorOrgId: workStations.operatorOrgId,
      operatorName: orgDirectory.name,
      integratedWithCenter: workStations.integratedWithCenter,
      contractFrom: workStations.contractFrom,
      contractTo: workStations.contractTo,
    })
    .from(workStations)
    .innerJoin(regions, eq(regions.id, workStations.regionId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, workStations.operatorOrgId))
    .where(cityListWhere(actor, 'assessment.read', workStations.cityId, cityId))
    .orderBy(asc(workStations.code));
  return { items: rows };
}
