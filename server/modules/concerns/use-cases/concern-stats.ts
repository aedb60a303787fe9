import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { CONCERN_STATE_NAMES, CONCERN_STATES, type ConcernState, type ZConcernStats, type ZConcernStatsQuery } from '../../../../contracts/concerns.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { regionNames } from '../../../platform/access/names.js';
import { reachesRegion } from '../../../platform/access/policy.js';
import { loadExceptions } from '../../../platform/calendar/calendar.js';
import { workingDaysBetweenWith } from '../../../platform/calendar/working-days.js';
import type { Db } from '../../../platform/db/client.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import { histogram, mean, percentile, type Weighted } from '../concern-stats.js';
import { selectClosedSpans, selectPlaceCounts, selectPlacesUnder, selectStateCategoryTownCounts } from '../concern-stats.queries.js';
import { concernScope, requireConcernRead } from '../concerns.policy.js';
import { selectCategories, selectPlace } from '../concerns.queries.js';
import { concerns } from '../concerns.tables.js';

type Stats = z.infer<typeof ZConcernStats>;

/** The start of a China day as an instant: submitted_at compares with it through the list's indexes. */
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * 民情统计: one city's concerns within the caller's reach (the list's scope: the office its city, a town its town, a
 * department those routed to it, the auditor all), by state, category, town and community; the within-limit share and
 * the time to close in working days. The city is the one asked for, else the caller's only one (several: 422).
 */
export async function concernStats(db: Db, ctx: RequestContext, input: z.infer<typeof ZConcernStatsQuery>): Promise<Stats> {
  const actor = requireConcernRead(ctx.actor);
  const city = await cityForWrite(db, actor, 'concern.read', input.cityId);
  const where: SQL[] = [await concernScope(db, actor), sql`${concerns.cityId} = ${city.id}::uuid`];
  let basePath = city.path;
  for (const id of [input.townId, input.regionId]) {
    if (!id) continue;
    const place = await selectPlace(db, id);
    if (!place || !place.path.startsWith(city.path) || !['town', 'community', 'grid'].includes(place.level)) throw notFound('region');
    where.push(inSubtree(concerns.regionPath, place.path));
    if (place.path.length > basePath.length) basePath = place.path;
  }
  if (input.categoryCode) where.push(sql`${concerns.categoryCode} = ${input.categoryCode}`);
  if (input.from) where.push(sql`${concerns.submittedAt} >= ${chinaMidnight(input.from)}::timestamptz`);
  if (input.to) where.push(sql`${concerns.submittedAt} < ${chinaMidnight(nextDay(input.to))}::timestamptz`);

  const [groups, placeCounts, spans, categories, places, names, exceptions] = [
    await selectStateCategoryTownCounts(db, where),
    await selectPlaceCounts(db, where),
    await selectClosedSpans(db, where),
    await selectCategories(db, city.id),
    await selectPlacesUnder(db, basePath),
    await regionNames(db),
    await loadExceptions(db),
  ];
  const limitOf = new Map(categories.map((c) => [c.code, c.timeLimitDays]));
  const nameOf = (code: string) => {
    const c = categories.find((x) => x.code === code);
    return c ? (ctx.lang === 'en' && c.nameEn ? c.nameEn : c.name) : code;
  };

  // By state, category and town; the open half of the within-limit share.
  const byState = new Map<ConcernState, number>();
  const byCategory = new Map<string, { count: number; closed: number; closedWithinLimit: number }>();
  const byTown = new Map<string, { count: number; open: number; overdue: number }>();
  let openOnTime = 0;
  let openOverdue = 0;
  for (const g of groups) {
    byState.set(g.state, (byState.get(g.state) ?? 0) + g.count);
    const cat = byCategory.get(g.categoryCode) ?? { count: 0, closed: 0, closedWithinLimit: 0 };
    cat.count += g.count;
    byCategory.set(g.categoryCode, cat);
    const town = byTown.get(g.townId) ?? { count: 0, open: 0, overdue: 0 };
    town.count += g.count;
    if (g.state !== 'closed' && g.state !== 'merged') {
      town.open += g.count;
      town.overdue += g.overdue;
      openOverdue += g.overdue;
      openOnTime += g.count - g.overdue;
    }
    byTown.set(g.townId, town);
  }

  // The closed half: working days from the day submitted to the day closed, against the category's limit now.
  const spanDays = new Map<string, number>();
  const taken: Weighted[] = [];
  let closedWithin = 0;
  let closedLate = 0;
  for (const s of spans) {
    const key = `${s.submittedOn}|${s.closedOn}`;
    let days = spanDays.get(key);
    if (days === undefined) {
      days = Math.max(0, workingDaysBetweenWith(s.submittedOn, s.closedOn, exceptions));
      spanDays.set(key, days);
    }
    taken.push({ value: days, count: s.count });
    const limit = limitOf.get(s.categoryCode);
    const within = limit !== undefined && days <= limit;
    if (within) closedWithin += s.count;
    else closedLate += s.count;
    const cat = byCategory.get(s.categoryCode) ?? { count: 0, closed: 0, closedWithinLimit: 0 };
    cat.closed += s.count;
    if (within) cat.closedWithinLimit += s.count;
    byCategory.set(s.categoryCode, cat);
  }

  // Towns and communities in reach are listed with none too (the tile map shows them blank); others only where counted.
  const towns = places.filter((p) => p.level === 'town');
  const communities = places.filter((p) => p.level === 'community');
  const communityById = new Map(communities.map((c) => [c.id, c]));
  const perCommunity = new Map<string, { count: number; overdue: number }>();
  for (const p of placeCounts) {
    const community = p.regionPath
      .split('/')
      .filter(Boolean)
      .find((id) => communityById.has(id));
    if (!community) continue;
    const c = perCommunity.get(community) ?? { count: 0, overdue: 0 };
    c.count += p.count;
    c.overdue += p.overdue;
    perCommunity.set(community, c);
  }
  const townIds = [...new Set([...towns.filter((t) => reachesRegion(actor, 'concern.read', t.path)).map((t) => t.id), ...byTown.keys()])];
  const townOrder = (id: string) => names.get(id)?.code ?? id;
  townIds.sort((a, b) => (townOrder(a) < townOrder(b) ? -1 : townOrder(a) > townOrder(b) ? 1 : 0));

  const counted = closedWithin + closedLate + openOnTime + openOverdue;
  const within = closedWithin + openOnTime;
  const categoryCodes = [...categories.map((c) => c.code).filter((code) => byCategory.has(code) || !categories.find((c) => c.code === code)?.retiredAt), ...[...byCategory.keys()].filter((code) => !limitOf.has(code))];
  return {
    city: { id: city.id, name: city.name },
    from: input.from ?? null,
    to: input.to ?? null,
    total: [...byState.values()].reduce((n, v) => n + v, 0),
    byState: CONCERN_STATES.map((state) => ({ state, name: labelOf(CONCERN_STATE_NAMES[state], ctx.lang), count: byState.get(state) ?? 0 })),
    byCategory: categoryCodes.map((code) => ({ code, name: nameOf(code), timeLimitDays: limitOf.get(code) ?? null, ...(byCategory.get(code) ?? { count: 0, closed: 0, closedWithinLimit: 0 }) })),
    byTown: townIds.map((id) => ({ id, name: names.get(id)?.name ?? '', ...(byTown.get(id) ?? { count: 0, open: 0, overdue: 0 }) })),
    byCommunity: communities
      .filter((c) => perCommunity.has(c.id) || reachesRegion(actor, 'concern.read', c.path))
      .map((c) => ({ id: c.id, name: c.name, townId: c.parentId ?? '', ...(perCommunity.get(c.id) ?? { count: 0, overdue: 0 }) })),
    withinLimit: { share: counted ? Math.round((within / counted) * 1000) / 1000 : null, counted, within, closedWithin, closedLate, openOnTime, openOverdue },
    timeToClose: { unit: 'workingDays', closed: closedWithin + closedLate, median: percentile(taken, 0.5), p90: percentile(taken, 0.9), mean: mean(taken), histogram: histogram(taken) },
  };
}
