import { eq } from 'drizzle-orm';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import { lockProcurementBands } from './procurement-bands.js';
import { eligibilityRules, procurementMethodBands } from './projects.tables.js';

/**
 * A new city's eligibility rules and procurement method bands, copied from another city's (issue 16 §3), each at
 * version 1: the new city's own from then on. A rule the new city already has (by its code) is left as it is. The
 * bands are one list, replaced whole: a city that has a list keeps it, since merging two lists' bands would make a
 * list neither city set.
 */
export const projectsTemplate: CityTemplatePart = {
  label: { zh: '申报资格规则与采购方式规则', en: 'Eligibility rules and procurement method bands' },
  async copy(tx, _ctx, from, to) {
    const rules = await tx
      .select({ code: eligibilityRules.code, kind: eligibilityRules.kind, params: eligibilityRules.params, description: eligibilityRules.description, active: eligibilityRules.active, sortOrder: eligibilityRules.sortOrder })
      .from(eligibilityRules)
      .where(eq(eligibilityRules.cityId, from.id));
    const copiedRules = rules.length
      ? await tx
          .insert(eligibilityRules)
          .values(rules.map((r) => ({ ...r, cityId: to.id })))
          .onConflictDoNothing({ target: [eligibilityRules.cityId, eligibilityRules.code] })
          .returning({ id: eligibilityRules.id })
      : [];

    const bands = await tx
      .select({ fromFen: procurementMethodBands.fromFen, method: procurementMethodBands.method, binding: procurementMethodBands.binding, note: procurementMethodBands.note })
      .from(procurementMethodBands)
      .where(eq(procurementMethodBands.cityId, from.id));
    await lockProcurementBands(tx, to.id);
    const [held] = await tx.select({ id: procurementMethodBands.id }).from(procurementMethodBands).where(eq(procurementMethodBands.cityId, to.id)).limit(1);
    const copiedBands = bands.length && !held ? await tx.insert(procurementMethodBands).values(bands.map((b) => ({ ...b, cityId: to.id }))).returning({ id: procurementMethodBands.id }) : [];

    const copied = copiedRules.length + copiedBands.length;
    return { copied, skipped: rules.length + bands.length - copied };
  },
  /**
   * What every city holds from the start, before any copy: no organization bids while deregistered or on the
   * bad-credit list (《政府采购法》第二十二条) — without these two a city made by hand would let anyone bid. The codes are
   * the demo's, so copying another city's rules later leaves them as they are. The bands are left empty: without
   * them a call's method is open, which is the office's choice until it sets its own.
   */
  async defaults(tx, city) {
    await tx
      .insert(eligibilityRules)
      .values([
        { cityId: city.id, code: 'active', kind: 'activeStatus', params: {}, description: '登记状态正常', sortOrder: 1 },
        { cityId: city.id, code: 'noBadCredit', kind: 'notOnBadCreditList', params: {}, description: '未被列入失信名单', sortOrder: 4 },
      ])
      .onConflictDoNothing({ target: [eligibilityRules.cityId, eligibilityRules.code] });
  },
};
