import { clockNow } from '../../../platform/clock.js';
import { eq } from 'drizzle-orm';
import type { ApplicationKind, SupplementOverdueRule } from '../../../../contracts/applications.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { caseTimeLimits } from '../../../platform/cases/cases.tables.js';
import { invalidateTimeLimits } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { requireSettingsManage } from '../applications.policy.js';
import { countLiveDepartments, lockApplicationSetting, selectSettingReviewerIds } from '../applications.queries.js';
import { applicationSettingReviewDepartments, applicationSettings } from '../applications.tables.js';

const STEPS = ['submitted', 'reviewing', 'deciding'] as const;

/** Changes a kind's promise, its joint-review departments and its steps' limits, audited. */
export async function updateApplicationSetting(
  db: Db,
  ctx: RequestContext,
  kind: ApplicationKind,
  input: { version: number; promisedDays: number; reviewDepartmentIds: string[]; stateDays: Record<(typeof STEPS)[number], number> & { supplementRequested?: number }; supplementOverdue?: SupplementOverdueRule },
) {
  const actor = requireSettingsManage(ctx.actor);
  const stepsTotal = STEPS.reduce((n, s) => n + input.stateDays[s], 0);
  if (stepsTotal > input.promisedDays + input.stateDays.submitted) {
    // Acceptance happens before the promise starts; review and decision must fit inside it.
    throw new AppError('validation', {}, [{ path: 'stateDays', message: `联审与决定的时限之和（${input.stateDays.reviewing + input.stateDays.deciding} 个工作日）不能超过承诺时限（${input.promisedDays} 个工作日）`, messageEn: 'Review and decision must fit within the promise' }]);
  }
  const ids = [...new Set(input.reviewDepartmentIds)];
  await db.transaction(async (tx) => {
    if (ids.length && (await countLiveDepartments(tx, ids)) !== ids.length) throw new AppError('validation', {}, [{ path: 'reviewDepartmentIds', message: '所选部门不存在', messageEn: 'Unknown department' }]);
    const before = await lockApplicationSetting(tx, kind);
    if (!before) throw new AppError('not_found', { entity: 'record' });
    if (before.version !== input.version) throw conflict(before.version);
    const reviewersBefore = await selectSettingReviewerIds(tx, kind);
    await tx.delete(applicationSettingReviewDepartments).where(eq(applicationSettingReviewDepartments.kind, kind));
    if (ids.length) await tx.insert(applicationSettingReviewDepartments).values(ids.map((departmentId) => ({ kind, departmentId })));
    const supplementOverdue = input.supplementOverdue ?? before.supplementOverdue;
    await tx.update(applicationSettings).set({ promisedDays: input.promisedDays, supplementOverdue, version: before.version + 1, updatedAt: clockNow(), updatedBy: actor.userId }).where(eq(applicationSettings.kind, kind));
    for (const state of STEPS) await upsertLimit(tx, kind, state, input.stateDays[state], actor.userId);
    // The 补正 period: the applicant's working days to answer a one-time notice.
    if (input.stateDays.supplementRequested !== undefined) await upsertLimit(tx, kind, 'supplementRequested', input.stateDays.supplementRequested, actor.userId);
    await invalidateTimeLimits(tx);
    await appendAudit(tx, ctx, {
      action: 'application.settings',
      permission: 'application.manage',
      entityType: 'applicationSetting',
      entityId: kind,
      changes: {
        promisedDays: { before: before.promisedDays, after: input.promisedDays },
        reviewDepartmentIds: { before: reviewersBefore, after: ids },
        supplementOverdue: { before: before.supplementOverdue, after: supplementOverdue },
      },
      detail: { stateDays: input.stateDays },
    });
  });
}

async function upsertLimit(tx: DbOrTx, variant: string, state: string, workingDays: number, userId: string) {
  await tx
    .insert(caseTimeLimits)
    .values({ caseType: 'application', variant, state, workingDays, updatedBy: userId })
    .onConflictDoUpdate({ target: [caseTimeLimits.caseType, caseTimeLimits.variant, caseTimeLimits.state], set: { workingDays, updatedAt: clockNow(), updatedBy: userId } });
}
