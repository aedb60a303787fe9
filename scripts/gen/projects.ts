// `npm run gen -- --projects N`: at least N purchased service projects, for the project list's and the
// open data's benchmarks. Each is a case with its project record, spread over 2016–2026, the buying
// departments, the 123X categories and the towns, in every stage of the lifecycle (most of the older
// ones closed). They are records as an import would write them — the case, the project, its history's
// first step, and from the award on the provider, its winning bid and a contract with the 40/30/30
// schedule — without fund movements: money moved through the ledger belongs to the real use cases, and
// a generated ledger would have to invent balances.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { splitByPercent } from '../../contracts/money.js';
import { rows } from '../../server/platform/db/sql.js';
import { prng } from '../../server/modules/orgs/orgs.demo-seed.js';
import { batches, type GenContext, type Generator } from './context.js';

const STAGES = ['draft', 'proposed', 'planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing'] as const;
const TOPICS = ['关爱服务项目', '社会工作服务项目', '能力提升项目', '社区营造项目', '困境帮扶项目', '心理健康服务项目', '志愿服务培育项目', '邻里互助项目'];
const GROUPS = ['独居老人', '困境儿童', '残疾人', '社区矫正对象', '青少年', '妇女', '社区居民'];
const FIRST_GEN_SERIAL = 10_001;

interface Draft {
  id: string;
  number: string;
  title: string;
  state: string;
  year: number;
  department_id: string;
  catalog_category_id: string;
  town_id: string;
  budget_fen: number;
  created_at: string;
  closed_at: string | null;
  due_on: string | null;
  provider_org_id: string | null;
  value_fen: number | null;
  /** The contract is signed from `implementing` on. */
  contracted: boolean;
}

async function generateProjects(ctx: GenContext, target: number): Promise<string> {
  const db = ctx.database.db;
  const t0 = Date.now();
  const [{ n: before }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from cases where case_type = 'serviceProject'`);
  if (before >= target) return `projects: ${before.toLocaleString('en')} already (>= ${target.toLocaleString('en')}); nothing to do`;
  const depts = await rows<{ id: string }>(db, sql`select id from departments where is_service_department and retired_at is null order by sort_order, id`);
  const categories = await rows<{ id: string }>(db, sql`select id from catalog_categories order by sort_order, id`);
  const towns = await rows<{ id: string }>(db, sql`select id from regions where level = 'town' order by code`);
  const providers = await rows<{ id: string }>(db, sql`select id from orgs where type = 'serviceAgency' and status = 'active' order by name limit 400`);
  const [city] = await rows<{ path: string }>(db, sql`select path from regions where level = 'city' order by depth limit 1`);
  const [admin] = await rows<{ id: string }>(db, sql`select id from users where username = 'admin'`);
  if (!depts.length || !categories.length || !towns.length || !providers.length || !city || !admin) throw new Error('projects: load the demo data first (departments, catalog, towns, service agencies)');
  // Serial numbers per year continue after the generated ones already there; real ones stay below 10,001.
  const next = new Map<number, number>();
  for (const r of await rows<{ year: number; max: number }>(db, sql`select p.year, max(substr(c.number, 7)::int) as max from cases c join service_projects p on p.case_id = c.id where c.case_type = 'serviceProject' group by p.year`))
    next.set(r.year, Math.max(FIRST_GEN_SERIAL, r.max + 1));
  const rnd = prng(before + 20_260_401);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const drafts: Draft[] = [];
  for (let i = 0; i < target - before; i++) {
    const year = 2016 + Math.floor(rnd() * 11);
    const serial = next.get(year) ?? FIRST_GEN_SERIAL;
    next.set(year, serial + 1);
    // Before 2026 nearly everything is closed; 2026 spreads over the stages.
    const state = year < 2026 ? (rnd() < 0.97 ? 'closed' : pick(['rejected', 'cancelled'] as const)) : pick(STAGES);
    const month = 1 + Math.floor(rnd() * 11);
    const created = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T09:00:00+08:00`;
    const budget = (3 + Math.floor(rnd() * 18)) * 500_000;
    const awarded = state === 'closed' || ['awarded', 'implementing', 'evaluating', 'closing'].includes(state);
    const town = pick(towns).id;
    drafts.push({
      id: randomUUID(),
      number: `XM${year}${String(serial).padStart(5, '0')}`,
      title: `${year} 年度${pick(GROUPS)}${pick(TOPICS)}（第 ${serial - FIRST_GEN_SERIAL + 1} 号）`,
      state,
      year,
      department_id: pick(depts).id,
      catalog_category_id: pick(categories).id,
      town_id: town,
      budget_fen: budget,
      created_at: created,
      closed_at: ['closed', 'rejected', 'cancelled'].includes(state) ? `${year}-12-28T17:00:00+08:00` : null,
      // Open projects carry a step deadline; about one in ten has passed it.
      due_on: ['closed', 'rejected', 'cancelled'].includes(state) ? null : rnd() < 0.1 ? '2026-10-30' : '2027-01-29',
      provider_org_id: awarded ? pick(providers).id : null,
      value_fen: awarded ? Math.round((budget * (0.9 + rnd() * 0.1)) / 100) * 100 : null,
      contracted: awarded && state !== 'awarded',
    });
  }
  let done = 0;
  for (const batch of batches(drafts, 1000)) {
    await db.transaction(async (tx) => {
      const json = JSON.stringify(batch);
      await tx.execute(sql`insert into cases (id, case_type, number, title, state, outcome, region_path, org_id, created_at, updated_at, state_entered_at, closed_at, due_on, created_by, version)
        select d.id, 'serviceProject', d.number, d.title, d.state, case when d.state = 'closed' then 'closed:good' else null end, ${city.path}, d.provider_org_id,
               d.created_at, coalesce(d.closed_at, d.created_at), coalesce(d.closed_at, d.created_at), d.closed_at, d.due_on, ${admin.id}, 3
        from json_to_recordset(${json}::json) as d(id uuid, number text, title text, state text, provider_org_id uuid, created_at timestamptz, closed_at timestamptz, due_on date)`);
      await tx.execute(sql`insert into service_projects (case_id, number, year, department_id, catalog_category_id, summary, domains, target_groups, budget_fen, duration_months, indicators, provider_org_id)
        select d.id, d.number, d.year, d.department_id, d.catalog_category_id, '围绕服务对象的实际需求，由专业社会组织提供个案、小组与社区服务。', '{community}'::text[], '{社区居民}'::text[], d.budget_fen, 12,
               '[{"kind":"output","name":"服务对象人数","target":80,"unit":"人"},{"kind":"outcome","name":"服务对象满意度","target":90,"unit":"%"}]'::jsonb, d.provider_org_id
        from json_to_recordset(${json}::json) as d(id uuid, number text, year int, department_id uuid, catalog_category_id uuid, town_id uuid, budget_fen bigint, provider_org_id uuid)`);
      await tx.execute(sql`insert into service_project_towns (project_id, town_id) select d.id, d.town_id from json_to_recordset(${json}::json) as d(id uuid, town_id uuid)`);
      await tx.execute(sql`insert into case_steps (case_id, seq, event, from_state, to_state, actor_name, occurred_at, comment)
        select d.id, 1, 'create', null, 'draft', '（生成的数据）', d.created_at, '由 npm run gen 生成'
        from json_to_recordset(${json}::json) as d(id uuid, created_at timestamptz)`);
      const awarded = batch.filter((d) => d.provider_org_id && d.value_fen);
      if (awarded.length) {
        const contracts = awarded.map((d) => ({ ...d, bid_id: randomUUID(), p: splitByPercent(d.value_fen!, [40, 30, 30]) }));
        const cj = JSON.stringify(contracts);
        await tx.execute(sql`insert into project_bids (id, project_id, org_id, state, plan, budget_items, team, total_fen, eligibility, submitted_by, submitted_at)
          select d.bid_id, d.id, d.provider_org_id, 'submitted', '服务方案（生成的数据）', jsonb_build_array(jsonb_build_object('name', '人员与活动经费', 'amountFen', d.value_fen)),
                 '[{"name":"项目主管","role":"项目主管","certified":true}]'::jsonb, d.value_fen, '[]'::jsonb, ${admin.id}, d.created_at
          from json_to_recordset(${cj}::json) as d(id uuid, bid_id uuid, provider_org_id uuid, value_fen bigint, created_at timestamptz)`);
        await tx.execute(sql`update service_projects p set recommended_bid_id = d.bid_id, awarded_bid_id = d.bid_id, awarded_at = d.created_at + interval '60 days', procurement_method = 'competitiveConsultation'
          from json_to_recordset(${cj}::json) as d(id uuid, bid_id uuid, created_at timestamptz) where p.case_id = d.id`);
        await tx.execute(sql`insert into project_contracts (project_id, number, provider_org_id, signed_on, value_fen, start_on, end_on, created_by)
          select d.id, 'HT-' || d.number, d.provider_org_id, least((d.created_at + interval '62 days')::date, make_date(d.year, 10, 1)), d.value_fen,
                 least((d.created_at + interval '62 days')::date, make_date(d.year, 10, 1)), make_date(d.year, 12, 31), ${admin.id}
          from json_to_recordset(${cj}::json) as d(id uuid, number text, provider_org_id uuid, value_fen bigint, created_at timestamptz, year int, contracted boolean)
          where d.contracted`);
        await tx.execute(sql`insert into contract_milestones (id, project_id, seq, name, due_on, amount_fen, condition)
          select gen_random_uuid(), d.id, m.seq, m.name, make_date(d.year, m.month, 28), (d.p ->> (m.seq - 1))::bigint, m.condition
          from json_to_recordset(${cj}::json) as d(id uuid, p jsonb, year int, contracted boolean)
          cross join (values (1, '首付款（合同签订后）', 'signing', 10), (2, '中期款（中期督导通过后）', 'midtermSupervision', 11), (3, '尾款（终期评估完成后）', 'finalEvaluation', 12)) as m(seq, name, condition, month)
          where d.contracted`);
      }
    });
    done += batch.length;
    if (done % 20_000 < batch.length) ctx.log(`projects: ${done.toLocaleString('en')} / ${drafts.length.toLocaleString('en')}`);
  }
  for (const table of ['cases', 'service_projects', 'case_steps', 'project_bids', 'project_contracts', 'contract_milestones']) await db.execute(sql.raw(`vacuum (analyze) ${table}`));
  return `projects: added ${done.toLocaleString('en')} (had ${before.toLocaleString('en')}, now ${(before + done).toLocaleString('en')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

export const projectsGenerator: Generator = {
  flag: 'projects',
  help: 'purchased service projects in every stage, 2016–2026 (case, project record, provider, bid and contract from the award on)',
  run: generateProjects,
};
