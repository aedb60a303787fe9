import { clockNow } from '../../../platform/clock.js';
import { eq, sql } from 'drizzle-orm';
import { APPLICATION_KINDS, APPLICATION_KIND_NAMES, type ApplicationKind } from '../../../../contracts/applications.js';
import { requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { caseTimeLimits } from '../../../platform/cases/cases.tables.js';
import { caseTypeOf } from '../../../platform/cases/define.js';
import { invalidateTimeLimits, timeLimitOf } from '../../../platform/cases/engine.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';
import { AppError, conflict } from '../../../platform/errors/app-error.js';
import { labelOf, type RequestContext } from '../../../platform/http/context.js';
import type { Lang } from '../../../platform/errors/messages.js';
import { applicationSettingReviewDepartments, applicationSettings } from '../applications.tables.js';

const STEPS = ['submitted', 'reviewing', 'deciding'] as const;

/** Per kind: the promise, the joint-review departments and each step's limit — the rules as data. */
export async function listApplicationSettings(db: Db, lang: Lang) {
  const settings = await db.select().from(applicationSettings);
  const reviewing = await rows<{ kind: string; department_id: string }>(db, sql`select r.kind, r.department_id from application_setting_review_departments r join departments d on d.id = r.department_id order by d.sort_order, d.short_name`);
  const names = new Map((await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments`)).map((d) => [d.id, d.short_name]));
  const def = caseTypeOf('application');
  const out = [];
  for (const kind of APPLICATION_KINDS) {
    const s = settings.find((x) => x.kind === kind);
    const stateDays = { submitted: await timeLimitOf(db, def, kind, 'submitted'), reviewing: await timeLimitOf(db, def, kind, 'reviewing'), deciding: await timeLimitOf(db, def, kind, 'deciding') };
    out.push({
      kind,
      kindName: labelOf(APPLICATION_KIND_NAMES[kind], lang),
      promisedDays: s?.promisedDays ?? 10,
      reviewDepartments: reviewing.filter((r) => r.kind === kind).map(({ department_id: id }) => ({ id, name: names.get(id) ?? id })),
      stateDays,
      version: s?.version ?? 1,
    });
  }
  return out;
}

export async function updateApplicationSetting(
  db: Db,
  ctx: RequestContext,
  kind: ApplicationKind,
  input: { version: number; promisedDays: number; reviewDepartmentIds: string[]; stateDays: Record<(typeof STEPS)[number], number> },
) {
  requirePermission(ctx.actor, 'application.manage');
  const stepsTotal = STEPS.reduce((n, s) => n + input.stateDays[s], 0);
  if (stepsTotal > input.promisedDays + input.stateDays.submitted) {
    // Acceptance happens before the promise starts; review and decision must fit inside it.
    throw new AppError('validation', {}, [{ path: 'stateDays', message: `联审与决定的时限之和（${input.stateDays.reviewing + input.stateDays.deciding} 个工作日）不能超过承诺时限（${input.promisedDays} 个工作日）`, messageEn: 'Review and decision must fit within the promise' }]);
  }
  const ids = [...new Set(input.reviewDepartmentIds)];
  await db.transaction(async (tx) => {
    if (ids.length) {
      const found = await rows<{ n: number }>(tx, sql`select count(*)::int as n from departments where retired_at is null and id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
      if (found[0].n !== ids.length) throw new AppError('validation', {}, [{ path: 'reviewDepartmentIds', message: '所选部门不存在', messageEn: 'Unknown department' }]);
    }
    const [before] = await tx.select().from(applicationSettings).where(eq(applicationSettings.kind, kind)).for('update');
    if (!before) throw new AppError('not_found', { entity: 'record' });
    if (before.version !== input.version) throw conflict(before.version);
    const reviewersBefore = (await tx.select().from(applicationSettingReviewDepartments).where(eq(applicationSettingReviewDepartments.kind, kind))).map((r) => r.departmentId);
    await tx.delete(applicationSettingReviewDepartments).where(eq(applicationSettingReviewDepartments.kind, kind));
    if (ids.length) await tx.insert(applicationSettingReviewDepartments).values(ids.map((departmentId) => ({ kind, departmentId })));
    await tx.update(applicationSettings).set({ promisedDays: input.promisedDays, version: before.version + 1, updatedAt: clockNow(), updatedBy: ctx.actor!.userId }).where(eq(applicationSettings.kind, kind));
    for (const state of STEPS) await upsertLimit(tx, kind, state, input.stateDays[state], ctx.actor!.userId);
    await invalidateTimeLimits(tx);
    await appendAudit(tx, ctx, {
      action: 'application.settings',
      permission: 'application.manage',
      entityType: 'applicationSetting',
      entityId: kind,
      changes: {
        promisedDays: { before: before.promisedDays, after: input.promisedDays },
        reviewDepartmentIds: { before: reviewersBefore, after: ids },
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
