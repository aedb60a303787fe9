import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { PROCUREMENT_METHOD_NAMES } from '../../../contracts/projects/lifecycle.js';
import type { ProcurementBand } from '../../../contracts/projects/settings.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { labelOf, type RequestContext } from '../../platform/http/context.js';
import { procurementMethodBands } from './projects.tables.js';

/**
 * A city's procurement method bands, read by two seams: settings/ (the list and its edit) and calls/ (publishCall
 * refuses another method where the project's city's band binds), so they sit at the module root. Each city keeps
 * its own list (issue 16 §3): every read names the city.
 */

type BandRow = typeof procurementMethodBands.$inferSelect;

export function presentBand(r: BandRow, lang: RequestContext['lang']): ProcurementBand {
  return { fromFen: r.fromFen, method: r.method, methodName: labelOf(PROCUREMENT_METHOD_NAMES[r.method], lang), binding: r.binding, note: r.note };
}

/** The city's every band, lowest first, and the list's version (the highest row version; 0 while there are none). */
export async function readProcurementBands(db: DbOrTx, cityId: string): Promise<{ rows: BandRow[]; version: number }> {
  const rows = await db.select().from(procurementMethodBands).where(eq(procurementMethodBands.cityId, cityId)).orderBy(procurementMethodBands.fromFen);
  return { rows, version: rows.reduce((v, r) => Math.max(v, r.version), 0) };
}

/** The band an amount falls in: the greatest start at or below it; null when the city has set no band. */
export async function bandForAmount(db: DbOrTx, cityId: string, amountFen: number): Promise<BandRow | null> {
  const [r] = await db
    .select()
    .from(procurementMethodBands)
    .where(and(eq(procurementMethodBands.cityId, cityId), lte(procurementMethodBands.fromFen, amountFen)))
    .orderBy(desc(procurementMethodBands.fromFen))
    .limit(1);
  return r ?? null;
}

/**
 * Orders the writers of one city's list (its replacement, a template copy into the city) until the transaction ends.
 * The list has no row to lock while it is empty, so the lock is an advisory one, per city.
 */
export async function lockProcurementBands(tx: Tx, cityId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`procurement-method-bands:${cityId}`}))`);
}
