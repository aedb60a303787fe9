import { desc, lte } from 'drizzle-orm';
import { PROCUREMENT_METHOD_NAMES } from '../../../contracts/projects/lifecycle.js';
import type { ProcurementBand } from '../../../contracts/projects/settings.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { labelOf, type RequestContext } from '../../platform/http/context.js';
import { procurementMethodBands } from './projects.tables.js';

/**
 * The city's procurement method bands, read by two seams: settings/ (the list and its edit) and calls/ (publishCall
 * refuses another method where a band binds), so they sit at the module root.
 */

type BandRow = typeof procurementMethodBands.$inferSelect;

export function presentBand(r: BandRow, lang: RequestContext['lang']): ProcurementBand {
  return { fromFen: r.fromFen, method: r.method, methodName: labelOf(PROCUREMENT_METHOD_NAMES[r.method], lang), binding: r.binding, note: r.note };
}

/** Every band, lowest first, and the list's version (the highest row version; 0 while there are none). */
export async function readProcurementBands(db: DbOrTx): Promise<{ rows: BandRow[]; version: number }> {
  const rows = await db.select().from(procurementMethodBands).orderBy(procurementMethodBands.fromFen);
  return { rows, version: rows.reduce((v, r) => Math.max(v, r.version), 0) };
}

/** The band an amount falls in: the greatest start at or below it; null when the city has set no band. */
export async function bandForAmount(db: DbOrTx, amountFen: number): Promise<BandRow | null> {
  const [r] = await db.select().from(procurementMethodBands).where(lte(procurementMethodBands.fromFen, amountFen)).orderBy(desc(procurementMethodBands.fromFen)).limit(1);
  return r ?? null;
}
