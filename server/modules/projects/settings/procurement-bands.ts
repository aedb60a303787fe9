import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ZProcurementBandsPut } from '../../../../contracts/projects/settings.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { conflict } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { bandForAmount, presentBand, readProcurementBands } from '../procurement-bands.js';
import { procurementMethodBands } from '../projects.tables.js';

/** The city's procurement method bands (issue 15 §5), lowest first, with the list's version. */
export async function listProcurementBands(db: DbOrTx, ctx: RequestContext) {
  requirePermission(ctx.actor, 'project.read');
  const { rows, version } = await readProcurementBands(db);
  return { items: rows.map((r) => presentBand(r, ctx.lang)), version };
}

/** The band a budget falls in, which the call form takes its default method from; null while the city has none. */
export async function findProcurementBand(db: DbOrTx, ctx: RequestContext, amountFen: number) {
  requirePermission(ctx.actor, 'project.read');
  const r = await bandForAmount(db, amountFen);
  return { band: r ? presentBand(r, ctx.lang) : null };
}

/**
 * Replaces the whole list in one transaction. The schema has checked it (one band from 0, starts unique, at most
 * 20, notes ≤ 200 characters). The list has no row to lock while it is empty, so a transaction-scoped advisory
 * lock orders concurrent replacements: the second one then sees the first one's version and is refused 409.
 */
export async function replaceProcurementBands(db: Db, ctx: RequestContext, input: z.infer<typeof ZProcurementBandsPut>) {
  requirePermission(ctx.actor, 'project.manage');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('procurement-method-bands'))`);
    const before = await readProcurementBands(tx);
    if (before.version !== input.version) throw conflict(before.version);
    const version = before.version + 1;
    const bands = [...input.bands].sort((a, b) => a.fromFen - b.fromFen);
    await tx.delete(procurementMethodBands);
    await tx.insert(procurementMethodBands).values(bands.map((b) => ({ ...b, version })));
    const shape = (list: readonly { fromFen: number; method: string; binding: boolean; note: string }[]) => list.map((b) => ({ fromFen: b.fromFen, method: b.method, binding: b.binding, note: b.note }));
    await appendAudit(tx, ctx, {
      action: 'project.settings',
      permission: 'project.manage',
      entityType: 'procurementBands',
      entityId: 'city',
      changes: { bands: { before: shape(before.rows), after: shape(bands) }, version: { before: before.version, after: version } },
    });
    return listProcurementBands(tx, ctx);
  });
}
