import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ZProcurementBandsPut } from '../../../../contracts/projects/settings.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { conflict } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { bandForAmount, lockProcurementBands, presentBand, readProcurementBands } from '../procurement-bands.js';
import { procurementMethodBands } from '../projects.tables.js';

/*
 * Each city keeps one list of bands (issue 16 §3), read and replaced whole, so a read is about one city as a write
 * is: the one named (404 outside the caller's reach), else the caller's own; someone who reaches several cities
 * names one (cityForWrite answers a field error on cityId).
 */

/** The city's procurement method bands (issue 15 §5), lowest first, with the list's version. */
export async function listProcurementBands(db: DbOrTx, ctx: RequestContext, cityId?: string) {
  requirePermission(ctx.actor, 'project.read');
  const city = await cityForWrite(db, ctx.actor, 'project.read', cityId);
  const { rows, version } = await readProcurementBands(db, city.id);
  return { cityId: city.id, items: rows.map((r) => presentBand(r, ctx.lang)), version };
}

/** The band a budget falls in, which the call form takes its default method from; null while the city has none. */
export async function findProcurementBand(db: DbOrTx, ctx: RequestContext, amountFen: number, cityId?: string) {
  requirePermission(ctx.actor, 'project.read');
  const city = await cityForWrite(db, ctx.actor, 'project.read', cityId);
  const r = await bandForAmount(db, city.id, amountFen);
  return { band: r ? presentBand(r, ctx.lang) : null };
}

/**
 * Replaces the city's whole list in one transaction. The schema has checked it (one band from 0, starts unique, at
 * most 20, notes ≤ 200 characters). Concurrent replacements of one city's list wait for each other
 * (lockProcurementBands): the second one then sees the first one's version and is refused 409.
 */
export async function replaceProcurementBands(db: Db, ctx: RequestContext, input: z.infer<typeof ZProcurementBandsPut>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, ctx.actor, 'project.manage', input.cityId);
    await lockProcurementBands(tx, city.id);
    const before = await readProcurementBands(tx, city.id);
    if (before.version !== input.version) throw conflict(before.version);
    const version = before.version + 1;
    const bands = [...input.bands].sort((a, b) => a.fromFen - b.fromFen);
    await tx.delete(procurementMethodBands).where(eq(procurementMethodBands.cityId, city.id));
    await tx.insert(procurementMethodBands).values(bands.map((b) => ({ fromFen: b.fromFen, method: b.method, binding: b.binding, note: b.note, cityId: city.id, version })));
    const shape = (list: readonly { fromFen: number; method: string; binding: boolean; note: string }[]) => list.map((b) => ({ fromFen: b.fromFen, method: b.method, binding: b.binding, note: b.note }));
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'procurementBands',
      // The list is the city's: its id names the list.
      entityId: city.id,
      changes: { bands: { before: shape(before.rows), after: shape(bands) }, version: { before: before.version, after: version } },
    });
    return listProcurementBands(tx, ctx, city.id);
  });
}
