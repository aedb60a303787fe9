import type { z } from 'zod';
import { APPLICATION_KINDS, type ZSla } from '../../../../contracts/applications.js';
import { loadExceptions, todayInChina } from '../../../platform/calendar/calendar.js';
import { addDays } from '../../../platform/calendar/working-days.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireServiceLevelsRead, serviceLevelCities, serviceLevelScope } from '../applications.policy.js';
import { presentServiceLevels } from '../applications.presenter.js';
import { selectPromisedDays, selectServiceLevelCases, selectServiceLevelReviews, selectSettingCities } from '../applications.queries.js';
import { DEFAULT_KIND_RULES } from '../application-defaults.js';
import { regions } from '../../../platform/access/scope.tables.js';

/**
 * Service levels of "one trip at most": per kind and per reviewing department, within the caller's
 * region — in progress, overdue, average handling time in working days, and the share completed
 * within the promise. Cases count in the window by their acceptance (completed ones) or always (open).
 */
export async function findServiceLevels(db: Db, ctx: RequestContext, input: { from?: string; to?: string }): Promise<z.infer<typeof ZSla>> {
  requireServiceLevelsRead(ctx.actor);
  const today = todayInChina();
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -365);
  if (from > to) throw new AppError('validation', {}, [{ path: 'from', message: '开始日期不能晚于结束日期', messageEn: 'from is after to' }]);
  const scope = serviceLevelScope(ctx.actor);
  const cases = await selectServiceLevelCases(db, scope, from, to);
  const reviews = await selectServiceLevelReviews(db, scope, from, to);
  const exceptions = await loadExceptions(db);
  // The promise shown beside each kind is the caller's city's (the first of theirs, by code, for someone who reads
  // several); whether a case kept its promise is measured against the date promised to it (promised_due_on).
  const [city] = await selectSettingCities(db, serviceLevelCities(ctx.actor, regions.id));
  const set = city ? await selectPromisedDays(db, city.id) : new Map<string, number>();
  const promisedDays = new Map(APPLICATION_KINDS.map((kind) => [kind, set.get(kind) ?? DEFAULT_KIND_RULES[kind].promisedDays]));
  return presentServiceLevels({ from, to, today, cases, reviews, exceptions, promisedDays }, ctx.lang);
}
