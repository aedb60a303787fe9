import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ComputedFormula, FormulaQuery, FormulaValue } from '../../platform/assessment-formulas.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { workers } from './workforce.tables.js';

/*
 * The workforce's computed indicator for the assessment engine (issue 18 §2: "certified social workers on staff"):
 * SPPE P1-1 and the towns' T3-1 — 持证社工配备.
 */

/** The rubrics' targets, where a round's indicator names none: 4 a station (SPPE P1-1), 20 a town (T3-1). */
const DEFAULT_TARGET: Record<string, number> = { station: 4, town: 20 };

/**
 * People of the talent pool working in the town (their town) who hold a certificate (助理社会工作师 or above: every
 * level the pool records), entered in the pool before the year ended and not marked as gone (已离开; the pool keeps
 * the present status, not its history, so an earlier year counts those still on its books). A station counts the
 * professional social workers (专业社工, employed by agencies: the station's own staff are among them — the pool does
 * not say which agency runs the station); a town also the certified employees of public bodies working there (机关事业单位持证人员).
 * The count over the target, capped at 1. A town with nobody in the pool by the year's end has no data, not zero. One read for every
 * subject: the towns' workers counted by town.
 */
async function certifiedWorkers(db: DbOrTx, q: FormulaQuery): Promise<Map<string, FormulaValue>> {
  const towns = [...new Set(q.subjects.map((s) => s.regionId).filter((id): id is string => id !== null))];
  const entered = sql`${workers.createdAt} < ${`${q.year + 1}-01-01T00:00:00+08:00`}::timestamptz`;
  const counted = sql`${entered} and ${workers.certificateLevel} is not null and ${workers.status} <> 'left'`;
  const counts = towns.length
    ? await db
        .select({
          townId: workers.townId,
          total: sql<number>`(count(*) filter (where ${entered}))::int`,
          socialWorkers: sql<number>`(count(*) filter (where ${counted} and ${workers.kind} = 'socialWorker'))::int`,
          employees: sql<number>`(count(*) filter (where ${counted} and ${workers.kind} = 'certifiedEmployee'))::int`,
        })
        .from(workers)
        .where(and(eq(workers.cityId, q.cityId), inArray(workers.townId, towns)))
        .groupBy(workers.townId)
    : [];
  const byTown = new Map(counts.map((c) => [c.townId, c]));
  const out = new Map<string, FormulaValue>();
  for (const s of q.subjects) {
    const c = s.regionId ? byTown.get(s.regionId) : undefined;
    if (!s.regionId || !c || c.total === 0) {
      out.set(s.subjectRef, { attainment: null, figure: s.regionId ? `截至 ${q.year} 年末社工人才库中无本镇（街道）人员，数据缺失` : '受评对象无所属镇（街道），数据缺失', sample: null });
      continue;
    }
    const target = q.target ?? DEFAULT_TARGET[s.subjectType] ?? DEFAULT_TARGET.town;
    const station = s.subjectType === 'station';
    const count = station ? c.socialWorkers : c.socialWorkers + c.employees;
    out.set(s.subjectRef, {
      attainment: Math.min(1, count / target),
      figure: station
        ? `${q.year} 年末本镇（街道）持证专业社工 ${count} 名，目标 ${target} 名`
        : `${q.year} 年末本镇（街道）持证社工 ${count} 名（专业社工 ${c.socialWorkers} 名、机关事业单位持证人员 ${c.employees} 名），目标 ${target} 名`,
      sample: count,
    });
  }
  return out;
}

export const workforceFormulas: readonly ComputedFormula[] = [
  {
    name: 'workforce.certifiedWorkers',
    label: { zh: '持证社工人数', en: 'Certified social workers' },
    description:
      '社工人才库中在本镇（街道）工作、持有助理社会工作师及以上证书、评估年度末前已入库且未标记“已离开”的人数（按人才库现状），除以指标目标数（未设目标的，社工站按 4 名、镇（街道）按 20 名），封顶 100%。社工站计专业社工（人才库不记录所派驻的社工站，按所在镇（街道）计），镇（街道）另计机关事业单位持证人员。截至评估年度末人才库中无本镇（街道）人员时标注数据缺失。',
    subjectTypes: ['station', 'town'],
    compute: certifiedWorkers,
  },
];
