import { eq } from 'drizzle-orm';
import type { CityTemplatePart } from '../city-templates.js';
import { caseTimeLimits } from './cases.tables.js';
import { invalidateTimeLimits } from './engine.js';

/**
 * A new city's promised step limits (case_time_limits), copied from another city with the rest of its settings; a
 * limit the new city already set is left as it is. Without a copy the city runs on the case types' defaults.
 */
export const caseTimeLimitsTemplate: CityTemplatePart = {
  label: { zh: '办理环节时限', en: 'Step time limits' },
  async copy(tx, ctx, from, to) {
    const limits = await tx
      .select({ caseType: caseTimeLimits.caseType, variant: caseTimeLimits.variant, state: caseTimeLimits.state, workingDays: caseTimeLimits.workingDays })
      .from(caseTimeLimits)
      .where(eq(caseTimeLimits.cityId, from.id));
    if (!limits.length) return { copied: 0, skipped: 0 };
    const inserted = await tx
      .insert(caseTimeLimits)
      .values(limits.map((l) => ({ ...l, cityId: to.id, updatedBy: ctx.actor?.userId ?? null })))
      .onConflictDoNothing({ target: [caseTimeLimits.cityId, caseTimeLimits.caseType, caseTimeLimits.variant, caseTimeLimits.state] })
      .returning({ state: caseTimeLimits.state });
    await invalidateTimeLimits(tx);
    return { copied: inserted.length, skipped: limits.length - inserted.length };
  },
};
