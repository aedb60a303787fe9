import type { RoutingTarget } from '../../../contracts/concerns.js';

/*
 * Routing rules as data (issue 17 §4: category × region → the responsible town, department or station). A rule names
 * a category or none (every category) and a region or none (the whole city); a concern goes by the most specific rule
 * that matches its category and place: the deepest region first, then a rule naming the category before one that
 * does not. Without any rule the concern goes to the town its place lies in.
 */

export interface RoutingRuleFacts {
  id: string;
  categoryCode: string | null;
  /** The region's materialized path (/city/town/…/), or null for the whole city. */
  regionPath: string | null;
  target: RoutingTarget;
  departmentId: string | null;
}

export interface Routed {
  target: RoutingTarget;
  departmentId: string | null;
  /** The rule that decided, or null for the default (the town). */
  ruleId: string | null;
}

export function routeConcern(rules: readonly RoutingRuleFacts[], concern: { categoryCode: string; placePath: string }): Routed {
  let best: RoutingRuleFacts | null = null;
  let bestKey: [number, number] = [-1, -1];
  for (const r of rules) {
    if (r.categoryCode !== null && r.categoryCode !== concern.categoryCode) continue;
    if (r.regionPath !== null && !concern.placePath.startsWith(r.regionPath)) continue;
    const key: [number, number] = [r.regionPath?.length ?? 0, r.categoryCode === null ? 0 : 1];
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1]) || (key[0] === bestKey[0] && key[1] === bestKey[1] && best && r.id < best.id)) {
      best = r;
      bestKey = key;
    }
  }
  if (!best) return { target: 'town', departmentId: null, ruleId: null };
  return { target: best.target, departmentId: best.target === 'department' ? best.departmentId : null, ruleId: best.id };
}
