import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ComputedFormula, FormulaQuery, FormulaValue } from '../../platform/assessment-formulas.js';
import { regions } from '../../platform/access/scope.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rotationServiceRecords } from './rotation-records.tables.js';

/*
 * The rotation's computed indicator for the assessment engine (issue 18 §2: "rotation coverage"): SPPE E3 and the
 * towns' T4-2 — 四季轮值网格覆盖率, the share of the town's grid-seasons in the year that someone served with a record.
 */

const community = alias(regions, 'community');
const grid = alias(regions, 'grid');

const SEASONS = 4;

/** A town's places: its live communities (villages), each with its live grids. */
interface TownPlaces {
  communities: Set<string>;
  gridsOf: Map<string, string[]>;
}

/**
 * Each grid of the town counts once a season (the guide's 网格数 × 4): a field record of that season in the year
 * covers the grid it names — or, naming none, every grid of its community (a record without a grid is a service to
 * the whole village or community: a briefing at its cultural hall). Field records exist only under the assignments of
 * published plans (field-records.ts checks it), so a record is the proof the guide asks for (下沉服务并有服务记录). A town
 * whose tree has no grids yet is counted by its communities instead, and the figure says so. Two reads for every
 * subject: the towns' communities and grids, and the year's records grouped by town, season, community and grid.
 */
async function rotationCoverage(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = [...new Set(q.subjects.map((s) => s.regionId).filter((id): id is string => id !== null))];
  const places = new Map<string, TownPlaces>();
  const recordsOf = new Map<string, { season: number; communityId: string; gridId: string | null; count: number }[]>();
  if (towns.length) {
    const found = await db
      .select({ townId: community.parentId, communityId: community.id, gridId: grid.id })
      .from(community)
      .leftJoin(grid, and(eq(grid.parentId, community.id), eq(grid.level, 'grid'), isNull(grid.retiredAt)))
      .where(and(inArray(community.parentId, towns), eq(community.level, 'community'), isNull(community.retiredAt)));
    for (const r of found) {
      const town = places.get(r.townId!) ?? { communities: new Set<string>(), gridsOf: new Map<string, string[]>() };
      town.communities.add(r.communityId);
      if (r.gridId) town.gridsOf.set(r.communityId, [...(town.gridsOf.get(r.communityId) ?? []), r.gridId]);
      places.set(r.townId!, town);
    }
    const records = await db
      .select({
        townId: rotationServiceRecords.townId,
        season: rotationServiceRecords.season,
        communityId: rotationServiceRecords.communityId,
        gridId: rotationServiceRecords.gridId,
        count: sql<number>`count(*)::int`,
      })
      .from(rotationServiceRecords)
      .where(and(eq(rotationServiceRecords.cityId, q.cityId), eq(rotationServiceRecords.year, q.year), inArray(rotationServiceRecords.townId, towns)))
      .groupBy(rotationServiceRecords.townId, rotationServiceRecords.season, rotationServiceRecords.communityId, rotationServiceRecords.gridId);
    for (const r of records) recordsOf.set(r.townId, [...(recordsOf.get(r.townId) ?? []), r]);
  }

  const out = new Map<string, FormulaValue>();
  for (const s of q.subjects) {
    if (!s.regionId) {
      out.set(s.subjectRef, { attainment: null, figure: '受评对象无所属镇（街道），无法统计轮值覆盖，数据缺失', sample: null });
      continue;
    }
    const town = places.get(s.regionId);
    const records = recordsOf.get(s.regionId) ?? [];
    const recordCount = records.reduce((n, r) => n + r.count, 0);
    if (!town) {
      out.set(s.subjectRef, { attainment: null, figure: '本镇（街道）无村（社区），无法统计轮值覆盖，数据缺失', sample: null });
      continue;
    }
    if (recordCount === 0) {
      out.set(s.subjectRef, { attainment: null, figure: `${q.year} 年度本镇（街道）无四季轮值服务记录，数据缺失`, sample: 0 });
      continue;
    }
    const byGrid = town.gridsOf.size > 0;
    const covered = new Set<string>();
    for (const r of records) {
      if (!town.communities.has(r.communityId)) continue;
      if (!byGrid) covered.add(`${r.communityId}:${r.season}`);
      else if (r.gridId) covered.add(`${r.gridId}:${r.season}`);
      else for (const g of town.gridsOf.get(r.communityId) ?? []) covered.add(`${g}:${r.season}`);
    }
    // Only grids still live in the tree count (a record may name a grid since retired).
    const units = byGrid ? new Set([...town.gridsOf.values()].flat()) : town.communities;
    const hits = [...covered].filter((k) => units.has(k.slice(0, k.indexOf(':')))).length;
    const due = units.size * SEASONS;
    const unit = byGrid ? '网格' : '村（社区）';
    out.set(s.subjectRef, {
      attainment: hits / due,
      figure: `覆盖${unit}季度 ${hits} 个 / 应覆盖 ${due} 个（${unit} ${units.size} 个 × ${SEASONS} 季度，${((hits / due) * 100).toFixed(1)}%），服务记录 ${recordCount} 条${byGrid ? '' : '；本镇（街道）未划分网格，按村（社区）计'}`,
      sample: recordCount,
    });
  }
  return out;
}

export const rotationFormulas: readonly ComputedFormula[] = [
  {
    name: 'rotation.coverage',
    label: { zh: '四季轮值网格覆盖率', en: 'Four-season rotation grid coverage' },
    description:
      '评估年度四个季度中，本镇（街道）网格有轮值服务记录的比例：覆盖网格季度数 ÷（网格数 × 4）。服务记录只能挂在已发布轮值方案的派驻任务下；记录注明网格的覆盖该网格，未注明网格的覆盖其所在村（社区）的全部网格。未划分网格的镇（街道）按村（社区）计。本年度无服务记录时标注数据缺失。',
    subjectTypes: ['station', 'town'],
    compute: rotationCoverage,
  },
];
