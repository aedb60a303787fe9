import { and, eq, isNull } from 'drizzle-orm';
import { clockNow } from '../../../platform/clock.js';
import type { Tx } from '../../../platform/db/client.js';
import { certificates } from '../certificates.tables.js';

/** Revokes the org's certificates still in force (deregistration), in the decision's transaction. */
export async function revokeCertificates(tx: Tx, orgId: string, reason: string): Promise<number> {
  const revoked = await tx
    .update(certificates)
    .set({ revokedAt: clockNow(), revokeReason: reason })
    .where(and(eq(certificates.orgId, orgId), isNull(certificates.revokedAt)))
    .returning({ id: certificates.id });
  return revoked.length;
}
