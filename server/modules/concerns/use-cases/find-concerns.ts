import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { cursorPart } from '../../../../contracts/common.js';
import type { ZConcernListQuery, ZPublicRateInput } from '../../../../contracts/concerns.js';
import { requireCityReach, selectCities } from '../../../platform/access/cities.js';
import { departmentNames, regionNames } from '../../../platform/access/names.js';
import { allowedEvents, fireTransition, loadVisibleCase } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { containing } from '../../../platform/db/like.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { AppError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { requireConcernRead } from '../concerns.policy.js';
import { concernListScope } from '../concerns.list-scope.js';
import { presentDetail, presentListItem, presentPublic, type Names } from '../concerns.presenter.js';
import { selectCategories, selectPlace, selectConcern, selectConcernByTracking, selectConcernPage, selectNumbers, selectPhotos, selectSteps, type CategoryRow } from '../concerns.queries.js';
import { concerns } from '../concerns.tables.js';
import { normalizeTrackingNumber } from '../tracking-number.js';

/** The names a page of concerns shows: regions and departments from the ref cache, the cities' categories. */
export async function namesFor(db: DbOrTx, cityIds: readonly string[]): Promise<Names> {
  const categories = new Map<string, CategoryRow>();
  for (const cityId of new Set(cityIds)) for (const c of await selectCategories(db, cityId)) categories.set(`${cityId}|${c.code}`, c);
  return { regions: await regionNames(db), departments: await departmentNames(db), categories };
}

/**
 * The concern list within the caller's reach, newest first, with its filters (state, category, town, a place and
 * what lies below it, the days submitted, overdue, a tracking number, case number or words of the description), in
 * keyset pages (submitted_at, case_id).
 */
export async function listConcerns(db: Db, ctx: RequestContext, input: z.infer<typeof ZConcernListQuery>) {
  const actor = requireConcernRead(ctx.actor);
  const where: SQL[] = [concernListScope(actor)];
  if (input.cityId) {
    requireCityReach(actor, 'concern.read', input.cityId);
    const [city] = await selectCities(db, [input.cityId]);
    if (!city) throw notFound('city');
    where.push(sql`${concerns.cityId} = ${city.id}::uuid`);
  }
  if (input.state) where.push(sql`${concerns.state} = ${input.state}`);
  if (input.categoryCode) where.push(sql`${concerns.categoryCode} = ${input.categoryCode}`);
  if (input.townId) where.push(sql`${concerns.townId} = ${input.townId}::uuid`);
  if (input.regionId) {
    const place = await selectPlace(db, input.regionId);
    if (!place) throw notFound('region');
    where.push(inSubtree(concerns.regionPath, place.path));
  }
  // Days in China time: from its midnight, to the next day's.
  if (input.from) where.push(sql`${concerns.submittedAt} >= ${new Date(`${input.from}T00:00:00+08:00`).toISOString()}::timestamptz`);
  if (input.to) where.push(sql`${concerns.submittedAt} < ${new Date(Date.parse(`${input.to}T00:00:00+08:00`) + 86_400_000).toISOString()}::timestamptz`);
  if (input.overdue === 'true') where.push(sql`${concerns.overdueSince} is not null`);
  if (input.overdue === 'false') where.push(sql`${concerns.overdueSince} is null`);
  if (input.q) {
    const tracking = normalizeTrackingNumber(input.q);
    const q = input.q.toUpperCase();
    if (tracking) where.push(sql`${concerns.trackingNumber} = ${tracking}`);
    else if (/^MQ\d{9}$/.test(q)) where.push(sql`${concerns.number} = ${q}`);
    else where.push(sql`${concerns.description} ilike ${containing(input.q)}`);
  }
  const after = readCursor(input.cursor, z.tuple([cursorPart.timestamp, cursorPart.uuid]));
  const cond = keysetAfter('desc', [concerns.submittedAt, concerns.caseId], after && [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`]);
  if (cond) where.push(cond);
  const found = await selectConcernPage(db, where, input.limit);
  const page = keysetPage(found, input.limit, (r) => [r.submittedKey, r.caseId]);
  const names = await namesFor(db, page.items.map((r) => r.cityId));
  return { items: page.items.map((r) => presentListItem(r, names, ctx.lang)), nextCursor: page.nextCursor };
}

const maskName = (name: string) => `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;

/** A concern's file for staff: 404 unless the case engine lets the caller see it; the events they may fire now. */
export async function getConcern(db: Db, ctx: RequestContext, pii: PiiCipher, caseId: string) {
  requireConcernRead(ctx.actor);
  const { c, def, assignments } = await loadVisibleCase(db, ctx.actor, caseId);
  if (c.caseType !== 'concern') throw notFound('concern');
  const r = await selectConcern(db, caseId);
  if (!r) throw notFound('concern');
  const open = assignments.filter((a) => !a.closedAt);
  const events = [...new Set(allowedEvents(ctx.actor, def, c, open).map((t) => t.event))];
  const merged = r.mergedIntoCaseId ? await selectNumbers(db, [r.mergedIntoCaseId]) : new Map<string, string>();
  return presentDetail(r, await namesFor(db, [r.cityId]), ctx.lang, {
    reporterName: r.reporterNameSealed ? maskName(pii.decrypt(r.reporterNameSealed)) : null,
    mergedIntoNumber: r.mergedIntoCaseId ? (merged.get(r.mergedIntoCaseId) ?? null) : null,
    photos: await selectPhotos(db, caseId),
    events,
  });
}

/** The concern behind a typed tracking number, or 404 (a typo caught by the check symbol is a 404 too). */
async function concernByTracking(db: Db, typed: string) {
  const tracking = normalizeTrackingNumber(typed);
  const found = tracking ? await selectConcernByTracking(db, tracking) : undefined;
  const r = found ? await selectConcern(db, found.caseId) : undefined;
  if (!r) throw notFound('concern');
  return r;
}

/** What anyone with the tracking number sees (no phone, no name, masked text). */
export async function getPublicConcern(db: Db, typed: string) {
  const r = await concernByTracking(db, typed);
  const merged = r.mergedIntoCaseId ? await selectNumbers(db, [r.mergedIntoCaseId]) : new Map<string, string>();
  return presentPublic(r, await namesFor(db, [r.cityId]), {
    mergedIntoNumber: r.mergedIntoCaseId ? (merged.get(r.mergedIntoCaseId) ?? null) : null,
    steps: await selectSteps(db, r.caseId),
    mayRate: r.state === 'replied',
  });
}

/** The resident rates the reply with the tracking number: the engine's public `rate`, against the version read now. */
export async function ratePublicConcern(db: Db, ctx: RequestContext, typed: string, input: z.infer<typeof ZPublicRateInput>) {
  const r = await concernByTracking(db, typed);
  if (r.state !== 'replied') {
    throw new AppError('invalid_state', { reason: r.state === 'rated' || r.state === 'closed' ? '该民情已评价或已办结。' : '答复之后才能评价。', reasonEn: r.state === 'rated' || r.state === 'closed' ? 'This concern has been rated or closed.' : 'A concern is rated once it has been answered.' });
  }
  await fireTransition(db, { ...ctx, actor: null }, r.caseId, { event: 'rate', version: r.version, input });
  return getPublicConcern(db, typed);
}

