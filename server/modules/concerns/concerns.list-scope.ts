import { sql, type SQL } from 'drizzle-orm';
import { departmentReach, regionReach } from '../../platform/access/policy.js';
import { inSubtree } from '../../platform/db/sql.js';
import type { Actor } from '../../platform/http/context.js';
import { concerns } from './concerns.tables.js';

/**
 * The concerns a caller may list — the same rows as concernScope (concerns.policy.ts) — written so that the list's
 * indexes serve it over a million concerns (docs/PERFORMANCE.md, "Concern list"). concernScope's
 * `region_path like '/city/%' or (responsible_department_id is not null and …)` is true of every row of an office,
 * yet an OR of a prefix and a department leaves the planner no index in (submitted_at, case_id) order: it read and
 * sorted the whole city (1.7 s a page). Here a city the caller reaches whole is `city_id = …` and a town
 * `town_id = …` (the columns the list's indexes lead with; a concern's place lies in its city and town), finer places
 * stay prefixes, and the departments of a city already reached whole are left out — a concern routed to a city's
 * department is that city's concern —, so the OR disappears for an office and remains, index-served, only for a
 * department's staff. Read from the actor's grants alone: no query.
 */
export function concernListScope(actor: Actor): SQL {
  const byRegion = regionReach(actor, 'concern.read');
  if (byRegion.all) return sql`true`;
  const byDepartment = departmentReach(actor, 'concern.read');
  // What each reached path is: a grant's own region, or a city a grant lies in or covers.
  const known = new Map<string, { id: string; level: string | null }>();
  for (const g of actor.grants) {
    for (const c of g.cities) known.set(c.path, { id: c.id, level: 'city' });
    if (g.regionPath && g.regionId) known.set(g.regionPath, { id: g.regionId, level: g.regionLevel });
  }
  const terms: SQL[] = [];
  const wholeCities = new Set<string>();
  for (const path of new Set(byRegion.paths)) {
    const r = known.get(path);
    if (r?.level === 'city') {
      wholeCities.add(r.id);
      terms.push(sql`${concerns.cityId} = ${r.id}::uuid`);
    } else if (r?.level === 'town') terms.push(sql`${concerns.townId} = ${r.id}::uuid`);
    else terms.push(inSubtree(concerns.regionPath, path));
  }
  if (byDepartment.all) terms.push(sql`${concerns.responsibleDepartmentId} is not null`);
  else if (byDepartment.departmentIds.length) {
    // A department a grant reaches lies in that grant's cities; left out when they are all reached whole.
    const covered = new Set<string>();
    for (const g of actor.grants) {
      if (!g.cities.length || !g.cities.every((c) => wholeCities.has(c.id))) continue;
      for (const id of g.cityDepartmentIds) covered.add(id);
      if (g.departmentId) covered.add(g.departmentId);
    }
    const rest = byDepartment.departmentIds.filter((id) => !covered.has(id));
    if (rest.length) terms.push(sql`${concerns.responsibleDepartmentId} in (${sql.join(rest.map((id) => sql`${id}::uuid`), sql`, `)})`);
  }
  if (!terms.length) return sql`false`;
  return terms.length === 1 ? terms[0] : sql`(${sql.join(terms, sql` or `)})`;
}
