import { and, eq, inArray, isNull } from 'drizzle-orm';
import { departments } from '../../platform/access/scope.tables.js';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import { applicationChecklistItems, applicationSettingReviewDepartments, applicationSettings, registrationRules } from './applications.tables.js';

/**
 * A new city's settings per kind (promise, 补正 rule, 办事指南, joint-review departments, materials checklist) and its registration rules,
 * copied from another city; a kind or rule (type and start date) the new city already has is left as it is. The
 * joint review is held by the new city's own departments: each of the source's is matched by its short name (民政局
 * → the new city's 民政局, copied just before by the departments' part), and one without a match is left out.
 */
const shortOf = (cityName: string) => cityName.replace(/(市|县|区)$/u, '');

export const applicationsTemplate: CityTemplatePart = {
  label: { zh: '申办事项设置与注册资金规则', en: 'Application settings and registration rules' },
  async copy(tx, _ctx, from, to) {
    const settings = await tx
      .select({ id: applicationSettings.id, kind: applicationSettings.kind, promisedDays: applicationSettings.promisedDays, supplementOverdue: applicationSettings.supplementOverdue, guide: applicationSettings.guide })
      .from(applicationSettings)
      .where(eq(applicationSettings.cityId, from.id));
    const inserted = settings.length
      ? await tx
          .insert(applicationSettings)
          .values(settings.map(({ id: _id, ...s }) => ({ ...s, cityId: to.id })))
          .onConflictDoNothing({ target: [applicationSettings.cityId, applicationSettings.kind] })
          .returning({ id: applicationSettings.id, kind: applicationSettings.kind })
      : [];
    if (inserted.length) {
      const reviewers = await tx
        .select({ settingId: applicationSettingReviewDepartments.settingId, shortName: departments.shortName })
        .from(applicationSettingReviewDepartments)
        .innerJoin(departments, eq(departments.id, applicationSettingReviewDepartments.departmentId))
        .where(inArray(applicationSettingReviewDepartments.settingId, settings.map((s) => s.id)));
      const own = new Map(
        (await tx.select({ id: departments.id, shortName: departments.shortName }).from(departments).where(and(eq(departments.cityId, to.id), isNull(departments.retiredAt)))).map((d) => [d.shortName, d.id]),
      );
      const rows = inserted.flatMap((s) => {
        const source = settings.find((x) => x.kind === s.kind)!;
        return reviewers.filter((r) => r.settingId === source.id && own.has(r.shortName)).map((r) => ({ settingId: s.id, departmentId: own.get(r.shortName)! }));
      });
      if (rows.length) await tx.insert(applicationSettingReviewDepartments).values(rows).onConflictDoNothing();
    }

    const rules = await tx
      .select({ orgType: registrationRules.orgType, validFrom: registrationRules.validFrom, validTo: registrationRules.validTo, minCapitalFen: registrationRules.minCapitalFen, refundOnProjectApproval: registrationRules.refundOnProjectApproval, note: registrationRules.note })
      .from(registrationRules)
      .where(eq(registrationRules.cityId, from.id));
    // A rule's note may name its city (海宁市社区服务类社会组织…): the copy names the new one, as the departments' names do.
    const copiedRules = rules.length
      ? await tx
          .insert(registrationRules)
          .values(rules.map((r) => ({ ...r, cityId: to.id, note: r.note.replaceAll(from.name, to.name).replaceAll(shortOf(from.name), shortOf(to.name)) })))
          .onConflictDoNothing({ target: [registrationRules.cityId, registrationRules.orgType, registrationRules.validFrom] })
          .returning({ id: registrationRules.id })
      : [];
    // A checklist is copied whole per kind, and only to a kind the new city has not listed yet (a mix of two lists would be neither).
    const items = await tx.select().from(applicationChecklistItems).where(eq(applicationChecklistItems.cityId, from.id));
    const listed = new Set((await tx.selectDistinct({ kind: applicationChecklistItems.kind }).from(applicationChecklistItems).where(eq(applicationChecklistItems.cityId, to.id))).map((r) => r.kind));
    const newItems = items.filter((i) => !listed.has(i.kind)).map((i) => ({ ...i, cityId: to.id, updatedBy: null }));
    if (newItems.length) await tx.insert(applicationChecklistItems).values(newItems);
    const kinds = (list: readonly { kind: string }[]) => new Set(list.map((i) => i.kind)).size;
    const copied = inserted.length + copiedRules.length + kinds(newItems);
    return { copied, skipped: settings.length + rules.length + kinds(items) - copied };
  },
};
