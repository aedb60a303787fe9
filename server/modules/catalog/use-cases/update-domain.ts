import { and, eq, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZServiceDomainPatch } from '../../../../contracts/funds.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireCatalogManage, requireCategoryCity } from '../catalog.policy.js';
import { presentDomain } from '../catalog.presenter.js';
import { lockDomain } from '../catalog.queries.js';
import { serviceDomains } from '../catalog.tables.js';
import { domainEntityId, duplicateDomainName, duplicateDomainOf } from './domain-errors.js';

/**
 * Renames, reorders, retires or restores one of a city's service domains. The table keeps no version column
 * (migration 0039 made it per city without one): the client sends the domain as it read it, and a domain that reads
 * otherwise now — renamed, reordered, retired or restored by someone else — answers 409 `stale` with what it is now.
 * A retired domain stays on the projects that name it; new proposals cannot choose it.
 */
export async function updateDomain(db: Db, ctx: RequestContext, cityId: string, code: string, input: z.infer<typeof ZServiceDomainPatch>) {
  requireCatalogManage(ctx.actor);
  requireCategoryCity(ctx.actor, cityId);
  let name = input.name;
  try {
    return await db.transaction(async (tx) => {
      const before = await lockDomain(tx, cityId, code);
      if (!before) throw notFound('serviceDomain');
      const seen = input.expected;
      if (before.name !== seen.name || before.sortOrder !== seen.sortOrder || (before.retiredAt !== null) !== seen.retired) {
        throw new AppError(
          'stale',
          { reason: `该服务领域已被他人修改（现为“${before.name}”${before.retiredAt ? '，已停用' : ''}），请刷新后重试。`, reasonEn: `Someone else changed this service domain (now “${before.name}”${before.retiredAt ? ', retired' : ''}); reload and try again.` },
          undefined,
          { current: presentDomain(before) },
        );
      }
      name = input.name ?? before.name;
      const retiredAt = input.retired === undefined ? before.retiredAt : input.retired ? (before.retiredAt ?? clockNow()) : null;
      // A current domain's name is its city's alone: renaming to, or restoring under, a name another current one holds is refused.
      if (retiredAt === null && (name !== before.name || before.retiredAt !== null)) {
        const [taken] = await tx
          .select({ code: serviceDomains.code })
          .from(serviceDomains)
          .where(and(eq(serviceDomains.cityId, cityId), eq(serviceDomains.name, name), isNull(serviceDomains.retiredAt), ne(serviceDomains.code, code)));
        if (taken) throw duplicateDomainName(name);
      }
      const next = { name, sortOrder: input.sortOrder ?? before.sortOrder, retiredAt };
      const changes = diff(before, next, ['name', 'sortOrder', 'retiredAt']);
      if (!changes) return presentDomain(before);
      const [after] = await tx
        .update(serviceDomains)
        .set(next)
        .where(and(eq(serviceDomains.cityId, cityId), eq(serviceDomains.code, code)))
        .returning();
      await appendAudit(tx, ctx, { action: 'catalog.domainUpdate', permission: 'catalog.manage', entityType: 'serviceDomain', entityId: domainEntityId(after), changes });
      return presentDomain(after);
    });
  } catch (err) {
    throw duplicateDomainOf(pgErrorOf(err)?.constraint, { code, name }) ?? err;
  }
}
