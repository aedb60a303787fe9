import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { serviceDomainDirectory } from '../catalog/index.js';

/** The city's live service domains, code → name (the needs a community may have and a resource may bring). */
export async function serviceDomainNames(db: DbOrTx, cityId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: serviceDomainDirectory.code, name: serviceDomainDirectory.name })
    .from(serviceDomainDirectory)
    .where(and(eq(serviceDomainDirectory.cityId, cityId), isNull(serviceDomainDirectory.retiredAt)));
  return new Map(rows.map((r) => [r.code, r.name]));
}
