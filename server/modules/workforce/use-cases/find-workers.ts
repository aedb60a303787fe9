import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { ZWorkerListQuery } from '../../../../contracts/workforce.js';
import { requireCityReach, selectCities } from '../../../platform/access/cities.js';
import { entityHistoryPage } from '../../../platform/audit/history.js';
import type { Db } from '../../../platform/db/client.js';
import { containing, startingWith } from '../../../platform/db/like.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { domainNamesOf, presentWorker } from '../workforce.presenter.js';
import { requireWorkerInReach, requireWorkforceRead, workerScope } from '../workforce.policy.js';
import { selectCityDomains, selectWorker, selectWorkerPage } from '../workforce.queries.js';
import { workers } from '../workforce.tables.js';

/**
 * The workforce list in pinyin order, within the caller's reach (a town's staff: their town's people), with its
 * filters; a search term is a name (any part), a certificate number (its start) or a phone's last four digits.
 */
export async function listWorkers(db: Db, ctx: RequestContext, input: z.infer<typeof ZWorkerListQuery>) {
  const actor = requireWorkforceRead(ctx.actor);
  const where = await workerFilters(db, actor, input);
  const after = readCursor(input.cursor, z.tuple([cursorPart.text, cursorPart.uuid]));
  const cond = keysetAfter('asc', [workers.namePinyin, workers.id], after && [sql`${after[0]}::text collate "C"`, sql`${after[1]}::uuid`]);
  if (cond) where.push(cond);
  const rows = await selectWorkerPage(db, where, input.limit);
  const page = keysetPage(rows, input.limit, (r) => [r.namePinyin, r.id]);
  const names = domainNamesOf(await selectCityDomains(db, [...new Set(page.items.map((r) => r.cityId))]));
  return { items: page.items.map((r) => presentWorker(r, names, actor, ctx.lang)), nextCursor: page.nextCursor };
}

/** The list's conditions (the caller's reach and the filters), shared with the export. */
export async function workerFilters(db: Db, actor: Actor, input: Omit<z.infer<typeof ZWorkerListQuery>, 'limit' | 'cursor'>): Promise<SQL[]> {
  const where: SQL[] = [workerScope(actor)];
  if (input.cityId) {
    requireCityReach(actor, 'workforce.read', input.cityId);
    const [city] = await selectCities(db, [input.cityId]);
    if (!city) throw notFound('city');
    where.push(inSubtree(workers.regionPath, city.path));
  }
  if (input.kind) where.push(sql`${workers.kind} = ${input.kind}`);
  if (input.townId) where.push(sql`${workers.townId} = ${input.townId}`);
  if (input.certificateLevel) where.push(sql`${workers.certificateLevel} = ${input.certificateLevel}`);
  if (input.status) where.push(sql`${workers.status} = ${input.status}`);
  if (input.domain) where.push(sql`${input.domain} = any(${workers.serviceDomains})`);
  if (input.q) {
    const q = input.q;
    where.push(
      /^\d{4}$/.test(q)
        ? sql`(${workers.phoneMasked} like ${`%${q}`} or ${workers.certificateNo} like ${`${q}%`})`
        : sql`(${workers.name} ilike ${containing(q)} or ${workers.certificateNo} ilike ${startingWith(q)})`,
    );
  }
  return where;
}

/** One person's record: 404 outside the caller's reach. */
export async function loadVisibleWorker(db: Db, ctx: RequestContext, id: string) {
  const actor = requireWorkforceRead(ctx.actor);
  const row = await selectWorker(db, id);
  if (!row) throw notFound('worker');
  requireWorkerInReach(actor, row);
  return row;
}

export async function getWorker(db: Db, ctx: RequestContext, id: string) {
  const row = await loadVisibleWorker(db, ctx, id);
  return presentWorker(row, domainNamesOf(await selectCityDomains(db, [row.cityId])), ctx.actor, ctx.lang);
}

/** A person's history as the audit trail holds it (every change is an audit event), newest first. */
export async function findWorkerHistory(db: Db, ctx: RequestContext, id: string, input: { limit: number; cursor?: string }) {
  await loadVisibleWorker(db, ctx, id);
  return entityHistoryPage(db, 'worker', id, input);
}
