import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZServiceDomainInput } from '../../../../contracts/funds.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireCatalogManage } from '../catalog.policy.js';
import { presentDomain } from '../catalog.presenter.js';
import { serviceDomains } from '../catalog.tables.js';
import { domainEntityId, duplicateDomainCode, duplicateDomainName, duplicateDomainOf } from './domain-errors.js';

/** A service domain added to a city's list (the city named, or the caller's only one). */
export async function createDomain(db: Db, ctx: RequestContext, input: z.infer<typeof ZServiceDomainInput>) {
  const actor = requireCatalogManage(ctx.actor);
  try {
    return await db.transaction(async (tx) => {
      const city = await cityForWrite(tx, actor, 'catalog.manage', input.cityId);
      // Said before the insert, so the refusal names what holds the code or name (a retired code is restored, not re-added).
      const [sameCode] = await tx.select().from(serviceDomains).where(and(eq(serviceDomains.cityId, city.id), eq(serviceDomains.code, input.code)));
      if (sameCode) throw duplicateDomainCode(input.code, sameCode);
      const [sameName] = await tx.select({ code: serviceDomains.code }).from(serviceDomains).where(and(eq(serviceDomains.cityId, city.id), eq(serviceDomains.name, input.name), isNull(serviceDomains.retiredAt)));
      if (sameName) throw duplicateDomainName(input.name);
      const [row] = await tx.insert(serviceDomains).values({ cityId: city.id, code: input.code, name: input.name, sortOrder: input.sortOrder }).returning();
      await appendAudit(tx, ctx, {
        action: 'catalog.domainCreate',
        permission: 'catalog.manage',
        entityType: 'serviceDomain',
        entityId: domainEntityId(row),
        detail: { city: city.name, code: row.code, name: row.name, sortOrder: row.sortOrder },
      });
      return presentDomain(row);
    });
  } catch (err) {
    // Two adding the same code or name at once: the constraint decides, and says it as the check above would.
    throw duplicateDomainOf(pgErrorOf(err)?.constraint, input) ?? err;
  }
}
