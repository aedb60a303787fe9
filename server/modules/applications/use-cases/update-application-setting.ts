import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import type { ApplicationKind, SupplementOverdueRule } from '../../../../contracts/applications.js';
import { cityForWrite } from '../../../platform/access/cities.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { caseTimeLimits } from '../../../platform/cases/cases.tables.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { invalidateTimeLimits, timeLimitOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { AppError, conflict, fieldError } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { DEFAULT_KIND_RULES } from '../application-defaults.js';
import { requireSettingsManage } from '../applications.policy.js';
import { lockApplicationSetting, selectLiveDepartmentCities, selectSettingReviewerIds } from '../applications.queries.js';
import { applicationSettingReviewDepartments, applicationSettings } from '../applications.tables.js';

const STEPS = ['submitted', 'reviewing', 'deciding'] as const;

type StateDays = Record<(typeof STEPS)[number], number> & { supplementRequested?: number };

/**
 * Changes a kind's promise, its joint-review departments and its steps' limits in the caller's city (the one named,
 * for someone who works in several; another city's is a 404), audited. A city that has not set the kind yet gets
 * its row now (version 1, as the list shows it).
 */
export async function updateApplicationSetting(
  db: Db,
  ctx: RequestContext,
  kind: ApplicationKind,
  input: { cityId?: string; version: number; promisedDays: number; reviewDepartmentIds: string[]; stateDays: StateDays; supplementOverdue?: SupplementOverdueRule },
): Promise<{ cityId: string }> {
  const actor = requireSettingsManage(ctx.actor);
  const stepsTotal = STEPS.reduce((n, s) => n + input.stateDays[s], 0);
  if (stepsTotal > input.promisedDays + input.stateDays.submitted) {
    // Acceptance happens before the promise starts; review and decision must fit inside it.
    throw new AppError('validation', {}, [{ path: 'stateDays', message: `联审与决定的时限之和（${input.stateDays.reviewing + input.stateDays.deciding} 个工作日）不能超过承诺时限（${input.promisedDays} 个工作日）`, messageEn: 'Review and decision must fit within the promise' }]);
  }
  const ids = [...new Set(input.reviewDepartmentIds)];
  return db.transaction(async (tx) => {
    const city = await cityForWrite(tx, actor, 'application.manage', input.cityId);
    await requireCityDepartments(tx, city.id, ids);
    const before = await lockSettingAt(tx, city.id, kind, input.version);
    const def = caseTypeOf('application');
    const daysBefore: Partial<StateDays> = {};
    for (const state of [...STEPS, 'supplementRequested'] as const) daysBefore[state] = (await timeLimitOf(tx, def, kind, state, city.id)) ?? undefined;
    const reviewersBefore = await selectSettingReviewerIds(tx, before.id);
    await tx.delete(applicationSettingReviewDepartments).where(eq(applicationSettingReviewDepartments.settingId, before.id));
    if (ids.length) await tx.insert(applicationSettingReviewDepartments).values(ids.map((departmentId) => ({ settingId: before.id, departmentId })));
    const supplementOverdue = input.supplementOverdue ?? before.supplementOverdue;
    await tx.update(applicationSettings).set({ promisedDays: input.promisedDays, supplementOverdue, version: before.version + 1, updatedAt: clockNow(), updatedBy: actor.userId }).where(eq(applicationSettings.id, before.id));
    for (const state of STEPS) await upsertLimit(tx, city.id, kind, state, input.stateDays[state], actor.userId);
    // The 补正 period: the applicant's working days to answer a one-time notice.
    if (input.stateDays.supplementRequested !== undefined) await upsertLimit(tx, city.id, kind, 'supplementRequested', input.stateDays.supplementRequested, actor.userId);
    await invalidateTimeLimits(tx);
    await appendAudit(tx, ctx, {
      action: 'application.settings',
      permission: 'application.manage',
      entityType: 'applicationSetting',
      entityId: before.id,
      changes: {
        promisedDays: { before: before.promisedDays, after: input.promisedDays },
        reviewDepartmentIds: { before: reviewersBefore, after: ids },
        supplementOverdue: { before: before.supplementOverdue, after: supplementOverdue },
        stateDays: { before: daysBefore, after: input.stateDays },
      },
      detail: { kind, city: city.name },
    });
    return { cityId: city.id };
  });
}

/**
 * The city's row for the kind, locked, when it is at the version the caller saw (409 when not). A city that has not set
 * the kind yet gets its row now, as the list showed it: version 1 with the defaults.
 */
export async function lockSettingAt(tx: Tx, cityId: string, kind: ApplicationKind, version: number) {
  let found = await lockApplicationSetting(tx, cityId, kind);
  if (!found) {
    if (version !== 1) throw conflict(1);
    const defaults = DEFAULT_KIND_RULES[kind];
    [found] = await tx.insert(applicationSettings).values({ cityId, kind, promisedDays: defaults.promisedDays, supplementOverdue: defaults.supplementOverdue, guide: defaults.guide }).returning();
  }
  if (found.version !== version) throw conflict(found.version);
  return found;
}

/** A city's joint review is held by its own departments in service: another city's (or a retired one) is refused on the field. */
async function requireCityDepartments(tx: Tx, cityId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await selectLiveDepartmentCities(tx, ids);
  if (found.length !== ids.length) throw fieldError('reviewDepartmentIds', '所选部门不存在', 'Unknown department');
  if (found.some((d) => d.cityId !== cityId)) throw fieldError('reviewDepartmentIds', '联审部门须为本市的部门', 'Joint-review departments must be departments of this city');
}

/** A step's limit in one city: the engine reads the city's row before the type's default. */
async function upsertLimit(tx: DbOrTx, cityId: string, variant: string, state: string, workingDays: number, userId: string) {
  await tx
    .insert(caseTimeLimits)
    .values({ cityId, caseType: 'application', variant, state, workingDays, updatedBy: userId })
    .onConflictDoUpdate({ target: [caseTimeLimits.cityId, caseTimeLimits.caseType, caseTimeLimits.variant, caseTimeLimits.state], set: { workingDays, updatedAt: clockNow(), updatedBy: userId } });
}
