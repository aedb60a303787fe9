import { APPLICATION_KINDS } from '../../../../contracts/applications.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { timeLimitOf } from '../../../platform/cases/engine.js';
import type { Db } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { settingsCityWhere } from '../applications.policy.js';
import { checklistsOf } from '../application-checklists.js';
import { presentApplicationSetting } from '../applications.presenter.js';
import { departmentShortNames, selectApplicationSettings, selectSettingCities, selectSettingReviewers } from '../applications.queries.js';

/**
 * Per city and kind: the promise, the joint-review departments, the materials checklist and each step's limit — the rules as data. The
 * caller's city (the one asked for, or each city they work in); a kind the city has not set reads as the defaults.
 */
export async function listApplicationSettings(db: Db, ctx: RequestContext, query: { cityId?: string }) {
  const cities = await selectSettingCities(db, settingsCityWhere(ctx.actor, regions.id, query.cityId));
  const settings = await selectApplicationSettings(db, cities.map((c) => c.id));
  const reviewing = await selectSettingReviewers(db, settings.map((s) => s.id));
  const names = await departmentShortNames(db, [...new Set(reviewing.map((r) => r.departmentId))]);
  const def = caseTypeOf('application');
  const checklistFor = await checklistsOf(db, cities.map((c) => c.id));
  const out = [];
  for (const city of cities) {
    for (const kind of APPLICATION_KINDS) {
      // The steps' limits are the case engine's, kept per city (case_time_limits).
      const stateDays = {
        submitted: await timeLimitOf(db, def, kind, 'submitted', city.id),
        reviewing: await timeLimitOf(db, def, kind, 'reviewing', city.id),
        deciding: await timeLimitOf(db, def, kind, 'deciding', city.id),
        supplementRequested: await timeLimitOf(db, def, kind, 'supplementRequested', city.id),
      };
      const setting = settings.find((s) => s.cityId === city.id && s.kind === kind);
      const reviewers = setting ? reviewing.filter((r) => r.settingId === setting.id).map((r) => r.departmentId) : [];
      out.push(presentApplicationSetting(kind, city.id, setting, reviewers, names, stateDays, checklistFor(city.id, kind), ctx.lang));
    }
  }
  return out;
}
