import type { Highs } from 'highs';
import { solveTownSeason, type TownSeasonInput, type TownSeasonResult } from './model.js';

/** A town's run: one season, or several in order (each season's rotation and balance look at the one before). */
export interface TownTask extends Omit<TownSeasonInput, 'season'> {
  seasons: number[];
}

export function solveTownSeasons(highs: Highs, task: TownTask): TownSeasonResult[] {
  const out: TownSeasonResult[] = [];
  let resources = task.resources;
  for (const season of task.seasons) {
    const r = solveTownSeason(highs, { ...task, season, resources });
    out.push(r);
    // An infeasible season leaves no plan to follow: the next ones start from the same history.
    if (r.status === 'infeasible') continue;
    const served = new Map<string, string[]>();
    for (const a of r.assignments) served.set(a.resourceKey, [...(served.get(a.resourceKey) ?? []), a.communityId]);
    resources = resources.map((x) => ({ ...x, priorLoad: x.priorLoad + (served.get(x.key)?.length ?? 0), lastCommunities: served.get(x.key) ?? [] }));
  }
  return out;
}
