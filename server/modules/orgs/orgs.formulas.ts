import { inArray, sql } from 'drizzle-orm';
import type { ComputedFormula, FormulaQuery, FormulaValue } from '../../platform/assessment-formulas.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { orgs } from './orgs.tables.js';

/*
 * The registry's computed indicator for the assessment engine (issue 18 §2: "orgs incubated"): SPPE P1-6 and the
 * towns' T2-1 — 孵化培育社会组织.
 */

/** The rubrics' targets, where a round's indicator names none: 4 a station (SPPE P1-6), 8 a town (T2-1). */
const DEFAULT_TARGET: Record<string, number> = { station: 4, town: 8 };

/**
 * The registry keeps no incubation record (no 入驻孵化 or 出壳 flag), so what it can count is the guide's last step:
 * organizations of the town (their domicile's town) registered or filed in the year — founded_on, the date of
 * registration or filing, in the year — whatever their status since. The count over the target, capped at 1. A town
 * with no organization in the registry by the year's end has no data (the registry does not cover it), not zero. One
 * read for every subject: the towns' organizations counted by town.
 */
async function orgsIncubated(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = [...new Set(q.subjects.map((s) => s.regionId).filter((id): id is string => id !== null))];
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const inYear = sql`${orgs.foundedOn} between ${from}::date and ${to}::date`;
  const counts = towns.length
    ? await db
        .select({
          townId: orgs.townId,
          total: sql<number>`(count(*) filter (where ${orgs.foundedOn} <= ${to}::date))::int`,
          registered: sql<number>`(count(*) filter (where ${inYear} and ${orgs.registration} = 'registered'))::int`,
          filed: sql<number>`(count(*) filter (where ${inYear} and ${orgs.registration} = 'filed'))::int`,
        })
        .from(orgs)
        .where(inArray(orgs.townId, towns))
        .groupBy(orgs.townId)
    : [];
  const byTown = new Map(counts.map((c) => [c.townId, c]));
  const out = new Map<string, FormulaValue>();
  for (const s of q.subjects) {
    const c = s.regionId ? byTown.get(s.regionId) : undefined;
    if (!s.regionId || !c || c.total === 0) {
      out.set(s.subjectRef, { attainment: null, figure: s.regionId ? `截至 ${q.year} 年末社会组织登记库中无本镇（街道）的组织，数据缺失` : '受评对象无所属镇（街道），数据缺失', sample: null });
      continue;
    }
    const target = q.target ?? DEFAULT_TARGET[s.subjectType] ?? DEFAULT_TARGET.town;
    const count = c.registered + c.filed;
    out.set(s.subjectRef, {
      attainment: Math.min(1, count / target),
      figure: `${q.year} 年度本镇（街道）新登记、备案社会组织 ${count} 家（登记 ${c.registered} 家、备案 ${c.filed} 家），目标 ${target} 家`,
      sample: count,
    });
  }
  return out;
}

export const orgsFormulas: readonly ComputedFormula[] = [
  {
    name: 'orgs.incubated',
    label: { zh: '孵化培育社会组织数', en: 'Organizations incubated' },
    description:
      '平台未记录入驻孵化、出壳情况，按社会组织登记库中住所在本镇（街道）、成立（登记或备案）日期在评估年度内的社会组织数计，除以指标目标数（未设目标的，社工站按 4 家、镇（街道）按 8 家），封顶 100%。截至评估年度末登记库中无本镇（街道）组织时标注数据缺失。',
    subjectTypes: ['station', 'town'],
    compute: orgsIncubated,
  },
];
