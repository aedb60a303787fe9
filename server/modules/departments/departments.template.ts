import { and, eq, isNull } from 'drizzle-orm';
import type { CityTemplatePart } from '../../platform/city-templates.js';
import { invalidateDepartmentNames } from '../../platform/access/names.js';
import { departments } from '../../platform/access/scope.tables.js';
import { invalidateAuth } from '../../platform/auth/session-cache.js';

/**
 * A new city's member units and service departments, copied from another city's active ones with the city's name
 * in them changed (中共海宁市委组织部 → 中共桐乡市委组织部, 嘉兴市生态环境局海宁分局 → …桐乡分局); a name the new city already
 * has is left as it is.
 */
const shortOf = (cityName: string) => cityName.replace(/(市|县|区)$/u, '');

export const departmentsTemplate: CityTemplatePart = {
  label: { zh: '成员单位与民生部门', en: 'Member units and service departments' },
  async copy(tx, ctx, from, to) {
    const source = await tx
      .select({ name: departments.name, shortName: departments.shortName, kind: departments.kind, isMemberUnit: departments.isMemberUnit, isServiceDepartment: departments.isServiceDepartment, sortOrder: departments.sortOrder })
      .from(departments)
      .where(and(eq(departments.cityId, from.id), isNull(departments.retiredAt)));
    if (!source.length) return { copied: 0, skipped: 0 };
    const inserted = await tx
      .insert(departments)
      .values(source.map((d) => ({ ...d, cityId: to.id, name: d.name.replaceAll(from.name, to.name).replaceAll(shortOf(from.name), shortOf(to.name)) })))
      .onConflictDoNothing({ target: [departments.cityId, departments.name] })
      .returning({ id: departments.id });
    if (inserted.length) {
      await invalidateAuth(tx, ctx);
      await invalidateDepartmentNames(tx);
    }
    return { copied: inserted.length, skipped: source.length - inserted.length };
  },
};
