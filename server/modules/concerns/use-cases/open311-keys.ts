import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZOpen311ApiKeyInput } from '../../../../contracts/concerns.js';
import { cityForWrite, cityListWhere, requireCityReach } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { open311ApiKeys } from '../concerns.tables.js';
import { hashApiKey } from './open311-requests.js';

type KeyRow = typeof open311ApiKeys.$inferSelect;
const present = (k: KeyRow) => ({ id: k.id, cityId: k.cityId, name: k.name, keyPrefix: k.keyPrefix, createdAt: k.createdAt.toISOString(), revoked: k.revokedAt !== null });

/** The Open311 keys of the cities the caller manages concerns in. */
export async function listApiKeys(db: Db, ctx: RequestContext, cityId: string | undefined) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  const found = await db.select().from(open311ApiKeys).where(cityListWhere(actor, 'concern.manage', open311ApiKeys.cityId, cityId)).orderBy(desc(open311ApiKeys.createdAt));
  return { items: found.map(present) };
}

/** Issues a key for a client (a city app, a hotline's system): shown once, only its SHA-256 kept; audited. */
export async function issueApiKey(db: Db, ctx: RequestContext, input: z.infer<typeof ZOpen311ApiKeyInput>) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'concern.manage', input.cityId);
    const key = `o311_${randomBytes(24).toString('base64url')}`;
    const [made] = await tx.insert(open311ApiKeys).values({ cityId: city.id, name: input.name, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 9), createdBy: actor.userId }).returning();
    await appendAudit(tx, ctx, { action: 'concern.apiKey', permission: 'concern.manage', entityType: 'open311ApiKey', entityId: made.id, detail: { issued: input.name, prefix: made.keyPrefix, city: city.name } });
    return { ...present(made), key };
  });
}

/** Revokes a key: POSTs with it are refused from now on; the concerns it filed keep naming it. */
export async function revokeApiKey(db: Db, ctx: RequestContext, id: string) {
  const actor = requirePermission(ctx.actor, 'concern.manage');
  return db.transaction(async (tx) => {
    const [k] = await tx.select().from(open311ApiKeys).where(eq(open311ApiKeys.id, id)).for('update');
    if (!k) throw notFound('open311ApiKey');
    requireCityReach(actor, 'concern.manage', k.cityId);
    const [done] = await tx.update(open311ApiKeys).set({ revokedAt: clockNow() }).where(and(eq(open311ApiKeys.id, id), isNull(open311ApiKeys.revokedAt))).returning();
    if (done) await appendAudit(tx, ctx, { action: 'concern.apiKey', permission: 'concern.manage', entityType: 'open311ApiKey', entityId: id, detail: { revoked: k.name, prefix: k.keyPrefix } });
    return present(done ?? k);
  });
}
