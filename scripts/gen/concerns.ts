// `npm run gen -- --concerns N`: at least N residents' concerns (issue 17 §4), for the concern list's benchmark
// (1,000,000 over Haining: p95 <= 50 ms at 20 concurrent). Each is a case with its concern record and its history,
// spread over the five years before the build day, Haining's communities and grids, its categories and routing
// rules (safety to the Emergency Management Bureau, hardship to Civil Affairs, the elderly to the town's station,
// the rest to the town): anything older than a month closed (most rated) or, now and then, merged into an earlier
// concern of the place; the last month in every open state, a fifth of the open ones past their promised day and
// escalated. They are records as an archive import writes them — the case, the concern, its steps — without
// notifications or assignments: the list, the filters and the public follow read what they need. Deterministic
// (a seeded generator; the numbers continue after those already there), so running it twice adds nothing.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db/sql.js';
import { prng } from '../../server/platform/demo/prng.js';
import { maskPublicText } from '../../server/modules/concerns/moderation.js';
import { routeConcern, type RoutingRuleFacts } from '../../server/modules/concerns/routing.js';
import { makeTrackingNumber } from '../../server/modules/concerns/tracking-number.js';
import type { GenContext, Generator } from './context.js';

const WHAT: Record<string, readonly string[]> = {
  environment: ['垃圾桶满了好几天没人清运，气味很大。', '河道里漂着生活垃圾，希望尽快打捞。', '工地夜里施工，噪声扰民。', '绿化带里堆了建筑垃圾。'],
  facilities: ['路口的路灯坏了，晚上出行不方便。', '健身器材的螺丝松了。', '人行道地砖翘起，老人容易绊倒。', '公交站的雨棚破了。'],
  safety: ['楼道里堆满杂物，堵住了消防通道。', '有人在楼道里给电动车充电。', '老房子外墙有裂缝，担心脱落。', '河边护栏缺了一段。'],
  elderly: ['独居老人希望有人定期上门探访。', '老年食堂的饭菜偏咸。', '老人想学用智能手机。', '高龄老人需要助浴服务。'],
  hardship: ['困难家庭孩子上学有困难。', '残疾人家庭的房屋漏雨。', '低保户老人看病报销手续不清楚。', '单亲妈妈找工作困难。'],
  dispute: ['楼上漏水到楼下，两家协商不成。', '邻居在公共区域种菜。', '物业费收费标准有争议。', '宠物狗夜里吠叫。'],
  other: ['希望社区多组织亲子活动。', '建议增设快递收发点。', '希望公示公益项目的开展情况。', '建议周末开放社区图书室。'],
};
const REPLY = ['已安排人员现场处理完毕，感谢您的反映。', '已联系责任单位落实整改，后续将持续跟进。', '已纳入本月工作计划，预计两周内完成。', '经协调双方已达成一致意见，问题已解决。'];
const CATEGORY_SHARE = ['environment', 'environment', 'environment', 'facilities', 'facilities', 'facilities', 'safety', 'safety', 'elderly', 'elderly', 'hardship', 'dispute', 'dispute', 'other'];
const OPEN_STATES = ['submitted', 'submitted', 'accepted', 'handling', 'handling', 'handling', 'replied', 'replied', 'rated'] as const;
/** The events from `submitted` to each state (merged: straight from submitted). */
const PATHS: Record<string, [string, string, string][]> = {
  submitted: [],
  accepted: [['accept', 'submitted', 'accepted']],
  handling: [['accept', 'submitted', 'accepted'], ['start', 'accepted', 'handling']],
  replied: [['accept', 'submitted', 'accepted'], ['start', 'accepted', 'handling'], ['reply', 'handling', 'replied']],
  rated: [['accept', 'submitted', 'accepted'], ['start', 'accepted', 'handling'], ['reply', 'handling', 'replied'], ['rate', 'replied', 'rated']],
  closedRated: [['accept', 'submitted', 'accepted'], ['start', 'accepted', 'handling'], ['reply', 'handling', 'replied'], ['rate', 'replied', 'rated'], ['close', 'rated', 'closed']],
  closed: [['accept', 'submitted', 'accepted'], ['start', 'accepted', 'handling'], ['reply', 'handling', 'replied'], ['close', 'replied', 'closed']],
  merged: [['merge', 'submitted', 'merged']],
};
/** Generated numbers: MQ, the year, six digits from 100001 (the engine's own stay below, five digits). */
const FIRST_GEN_SERIAL = 100_001;
const DAY = 86_400_000;
const YEARS = 5;

interface Draft {
  id: string;
  number: string;
  tracking: string;
  title: string;
  code: string;
  state: string;
  path: string;
  channel: string;
  town_id: string;
  place_id: string;
  region_path: string;
  description: string;
  public_description: string;
  kind: string;
  department_id: string | null;
  rule_id: string | null;
  reply: string | null;
  rating: number | null;
  merged_into: string | null;
  submitted_at: string;
  last_at: string;
  closed_at: string | null;
  due_on: string | null;
  overdue_since: string | null;
  phone_masked: string | null;
  version: number;
}

const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function generateConcerns(ctx: GenContext, target: number): Promise<string> {
  const db = ctx.database.db;
  const t0 = Date.now();
  const [{ n: before }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from concerns`);
  if (before >= target) return `concerns: ${before.toLocaleString('en')} already (>= ${target.toLocaleString('en')}); nothing to do`;
  const [city] = await rows<{ id: string; path: string }>(db, sql`select id::text as id, path from regions where level = 'city' and code = '330481'`);
  if (!city) throw new Error('concerns: load the Haining demo data first');
  // Communities, villages and grids of Haining, each with its town (grids weigh as much as a community).
  const places = await rows<{ id: string; name: string; path: string; town_id: string }>(
    db,
    sql`select p.id::text as id, p.name, p.path, t.id::text as town_id from regions p join regions t on t.level = 'town' and p.path like t.path || '%'
        where p.level in ('community', 'grid') and p.retired_at is null and p.path like ${city.path + '%'} order by p.path`,
  );
  const names = new Map((await rows<{ code: string; name: string }>(db, sql`select code, name from concern_categories where city_id = ${city.id}::uuid and retired_at is null`)).map((c) => [c.code, c.name]));
  const rules: RoutingRuleFacts[] = (
    await rows<{ id: string; category_code: string | null; region_path: string | null; target: 'town' | 'department' | 'station'; department_id: string | null }>(
      db,
      sql`select r.id::text as id, r.category_code, g.path as region_path, r.target, r.department_id::text as department_id
          from concern_routing_rules r left join regions g on g.id = r.region_id where r.city_id = ${city.id}::uuid order by r.created_at, r.id`,
    )
  ).map((r) => ({ id: r.id, categoryCode: r.category_code, regionPath: r.region_path, target: r.target, departmentId: r.department_id }));
  const codes = CATEGORY_SHARE.filter((c) => names.has(c));
  if (!places.length || !codes.length) throw new Error('concerns: Haining has no communities or categories; load the demo data first');
  const next = new Map<number, number>();
  for (const r of await rows<{ year: number; max: number }>(db, sql`select substr(number, 3, 4)::int as year, max(substr(number, 7)::int) as max from concerns where length(number) = 12 group by 1`))
    next.set(r.year, r.max + 1);

  const anchor = Date.parse(`${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T10:00:00+08:00`);
  const rnd = prng(before + 20_170_417);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const bytes = () => Uint8Array.from({ length: 10 }, () => int(256));
  const toAdd = target - before;
  let done = 0;
  // Closed ones of a batch that a later one of the same place and category may be merged into.
  const lastClosed = new Map<string, string>();
  const BATCH = 5000;
  while (done < toAdd) {
    const drafts: Draft[] = [];
    for (let i = 0; i < Math.min(BATCH, toAdd - done); i++) {
      // Older ones less often than recent ones: the volume grows over the years.
      const ageDays = Math.floor(YEARS * 365 * (1 - Math.sqrt(rnd())));
      const start = anchor - ageDays * DAY + (int(9 * 60) - 2 * 60) * 60_000;
      const year = Number(isoDay(start).slice(0, 4));
      const serial = next.get(year) ?? FIRST_GEN_SERIAL;
      next.set(year, serial + 1);
      const place = pick(places);
      const code = pick(codes);
      const text = pick(WHAT[code] ?? WHAT.other);
      const routed = routeConcern(rules, { categoryCode: code, placePath: place.path });
      const id = randomUUID();
      const twinKey = `${place.id}|${code}`;
      let state: string;
      let path: string;
      if (ageDays > 30) {
        const twin = lastClosed.get(twinKey);
        if (twin && rnd() < 0.03) state = path = 'merged';
        else {
          state = 'closed';
          path = rnd() < 0.75 ? 'closedRated' : 'closed';
        }
      } else state = path = pick(OPEN_STATES);
      const steps = PATHS[path];
      const lastAt = Math.min(start + steps.length * (DAY / 2 + int(DAY)), Date.now() - 60_000);
      const open = !['closed', 'merged'].includes(state);
      const awaited = ['submitted', 'accepted', 'handling'].includes(state);
      const late = open && awaited && rnd() < 0.2;
      const rated = path === 'closedRated' || state === 'rated';
      const replied = rated || state === 'replied' || state === 'closed';
      const channel = rnd() < 0.6 ? 'staff' : rnd() < 0.9 ? 'public' : 'open311';
      const phone = channel === 'staff' && rnd() < 0.5 ? null : `13${5 + int(5)}****${String(int(10_000)).padStart(4, '0')}`;
      drafts.push({
        id,
        number: `MQ${year}${String(serial).padStart(6, '0')}`,
        tracking: makeTrackingNumber(bytes()),
        title: `${names.get(code)}·${place.name}`,
        code,
        state,
        path,
        channel,
        town_id: place.town_id,
        place_id: place.id,
        region_path: place.path,
        description: text,
        public_description: maskPublicText(text),
        kind: routed.target,
        department_id: routed.departmentId,
        rule_id: routed.ruleId,
        reply: replied ? pick(REPLY) : null,
        rating: rated ? (rnd() < 0.8 ? 5 : 3 + int(2)) : null,
        merged_into: state === 'merged' ? lastClosed.get(twinKey)! : null,
        submitted_at: new Date(start).toISOString(),
        last_at: new Date(lastAt).toISOString(),
        closed_at: open ? null : new Date(lastAt).toISOString(),
        due_on: awaited ? isoDay(late ? anchor - (1 + int(20)) * DAY : anchor + (1 + int(7)) * DAY) : null,
        overdue_since: late ? new Date(anchor - int(5) * DAY).toISOString() : null,
        phone_masked: phone,
        version: steps.length + 1,
      });
      if (state === 'closed') lastClosed.set(twinKey, id);
    }
    // A merged concern's twin is in this batch or an earlier one (foreign keys are checked at the statement's end).
    const json = JSON.stringify(drafts);
    const stepRows = JSON.stringify(Object.entries(PATHS).flatMap(([p, list]) => list.map(([event, from, to], k) => ({ path: p, seq: k + 2, event, from_state: from, to_state: to }))));
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into cases (id, case_type, variant, number, title, state, region_path, created_at, updated_at, state_entered_at, closed_at, due_on, overdue_since, version)
        select d.id, 'concern', d.code, d.number, d.title, d.state, d.region_path, d.submitted_at, d.last_at, d.last_at, d.closed_at, d.due_on, d.overdue_since, d.version
        from json_to_recordset(${json}::json) as d(id uuid, code text, number text, title text, state text, region_path text, submitted_at timestamptz, last_at timestamptz, closed_at timestamptz, due_on date, overdue_since timestamptz, version int)`);
      await tx.execute(sql`insert into concerns (case_id, city_id, number, tracking_number, category_code, state, channel, town_id, place_region_id, region_path, description, public_description,
               reporter_phone_masked, responsible_kind, responsible_department_id, routing_rule_id, reply, public_reply, rating, merged_into_case_id, overdue_since, escalated_at, submitted_at, updated_at)
        select d.id, ${city.id}::uuid, d.number, d.tracking, d.code, d.state, d.channel, d.town_id, d.place_id, d.region_path, d.description, d.public_description,
               d.phone_masked, d.kind, d.department_id, d.rule_id, d.reply, d.reply, d.rating, d.merged_into, d.overdue_since, d.overdue_since, d.submitted_at, d.last_at
        from json_to_recordset(${json}::json) as d(id uuid, number text, tracking text, code text, state text, channel text, town_id uuid, place_id uuid, region_path text, description text, public_description text,
               phone_masked text, kind text, department_id uuid, rule_id uuid, reply text, rating smallint, merged_into uuid, overdue_since timestamptz, submitted_at timestamptz, last_at timestamptz)`);
      // The history: the raise, then each event of the path, spread evenly up to the last step's time.
      await tx.execute(sql`insert into case_steps (case_id, seq, event, from_state, to_state, actor_name, occurred_at, comment)
        select d.id, 1, 'create', null, 'submitted', case when d.channel = 'staff' then '网格民情收集员' else '公众' end, d.submitted_at, '由 npm run gen 生成'
        from json_to_recordset(${json}::json) as d(id uuid, channel text, submitted_at timestamptz)
        union all
        select d.id, s.seq, s.event, s.from_state, s.to_state, case when s.event = 'rate' then '公众' else '承办单位' end,
               d.submitted_at + (d.last_at - d.submitted_at) * (s.seq - 1) / (d.version - 1), null
        from json_to_recordset(${json}::json) as d(id uuid, path text, submitted_at timestamptz, last_at timestamptz, version int)
        join json_to_recordset(${stepRows}::json) as s(path text, seq int, event text, from_state text, to_state text) on s.path = d.path`);
    });
    done += drafts.length;
    if (done % 50_000 < drafts.length) ctx.log(`concerns: ${done.toLocaleString('en')} / ${toAdd.toLocaleString('en')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  for (const table of ['cases', 'concerns', 'case_steps']) await db.execute(sql.raw(`vacuum (analyze) ${table}`));
  return `concerns: added ${done.toLocaleString('en')} (had ${before.toLocaleString('en')}, now ${(before + done).toLocaleString('en')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

export const concernsGenerator: Generator = {
  flag: 'concerns',
  help: "residents' concerns over Haining's places and categories, the last five years (case, concern, its steps)",
  run: generateConcerns,
};
