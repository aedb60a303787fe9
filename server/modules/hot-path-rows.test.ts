// The reads left in raw SQL are measured hot paths (docs/PERFORMANCE.md; manifests.test.ts lists them). Their
// row types are asserted in the code, so this test checks them both ways: each schema's inferred type is exactly
// the declared row type (a compile-time check: `npm run typecheck` fails if either drifts), and the rows the
// database really returns — on PGlite and on PostgreSQL — parse with the schema.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROJECT_STATES } from '../../contracts/projects/lifecycle.js';
import { REGION_KINDS, REGION_LEVELS } from '../../contracts/regions.js';
import { preparedRows, rows } from '../platform/db/sql.js';
import { useTestApp } from '../test/harness.js';
import { GRAM_STATS_QUERY, type GramStatsRow } from './orgs/name-search.js';
import { selectOrgList, selectOrgs, type OrgListRow, type OrgRow } from './orgs/orgs.queries.js';
import { PROJECT_LIST_SELECT, withNames, type ProjectListRow } from './projects/project.queries.js';
import { selectRegions, type RegionRow } from './regions/regions.queries.js';
import { selectPublishedResults, selectResultsRubric, selectRoundResults, selectRoundRows, type ResultsRubric, type RoundRowsRow } from './assessment/round-results.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameType = <T extends true>(): T | undefined => undefined;

const when = z.union([z.date(), z.string()]);
const num = z.union([z.number(), z.string()]);

const ZProjectListRow = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  state: z.enum(PROJECT_STATES),
  due_on: z.string().nullable(),
  closed_at: when.nullable(),
  updated_at: when,
  year: z.number(),
  department_id: z.string(),
  department_name: z.string(),
  catalog_category_id: z.string(),
  category_name: z.string(),
  tier: z.string(),
  budget_fen: num,
  town_ids: z.array(z.string()).nullable(),
  call_deadline: z.string().nullable(),
  bid_count: z.number(),
});
sameType<Equal<z.infer<typeof ZProjectListRow>, ProjectListRow>>();

const ZOrgRow = z.object({
  id: z.string(),
  name: z.string(),
  name_pinyin: z.string(),
  credit_code: z.string().nullable(),
  type: z.enum(['association', 'serviceAgency', 'foundation', 'communityOrg']),
  registration: z.enum(['registered', 'filed']),
  town_id: z.string(),
  town_name: z.string(),
  community_id: z.string().nullable(),
  community_name: z.string().nullable(),
  region_path: z.string(),
  address: z.string(),
  business_scope: z.string(),
  service_fields: z.array(z.string()),
  supervising_unit_id: z.string().nullable(),
  supervising_unit: z.string().nullable(),
  registered_capital_fen: num,
  legal_rep_name: z.string(),
  legal_rep_id_sealed: z.string().nullable(),
  legal_rep_phone_sealed: z.string().nullable(),
  legal_rep_id_masked: z.string().nullable(),
  legal_rep_phone_masked: z.string().nullable(),
  contact_phone_masked: z.string().nullable(),
  contact_name: z.string().nullable(),
  contact_phone_sealed: z.string().nullable(),
  founded_on: when,
  status: z.enum(['active', 'changing', 'deregistered', 'revoked']),
  grade: z.enum(['1A', '2A', '3A', '4A', '5A']).nullable(),
  grade_valid_until: when.nullable(),
  has_party_org: z.boolean(),
  social_worker_count: z.number(),
  version: z.number(),
  rank: z.number().optional(),
});
sameType<Equal<z.infer<typeof ZOrgRow>, OrgRow>>();
const ZOrgListRow = ZOrgRow.pick({
  id: true, name: true, name_pinyin: true, credit_code: true, type: true, registration: true, town_id: true, town_name: true, community_id: true, community_name: true,
  service_fields: true, status: true, grade: true, grade_valid_until: true, founded_on: true, legal_rep_name: true, has_party_org: true, social_worker_count: true,
});
sameType<Equal<z.infer<typeof ZOrgListRow>, OrgListRow>>();

const ZRegionRow = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  code: z.string(),
  level: z.enum(REGION_LEVELS),
  kind: z.enum(REGION_KINDS),
  path: z.string(),
  depth: z.number(),
  retiredAt: when.nullable(),
  retireReason: z.string().nullable(),
  version: z.number(),
  childCount: z.number(),
  communities: z.number(),
  grids: z.number(),
});
sameType<Equal<z.infer<typeof ZRegionRow>, RegionRow>>();

const ZGramStatsRow = z.object({ vals: z.array(z.string()).nullable(), freqs: z.array(z.number()).nullable() });
sameType<Equal<z.infer<typeof ZGramStatsRow>, GramStatsRow>>();

const ZResultsRubric = z.object({
  aggregation: z.enum(['mean', 'trimmedMean']),
  trimMinEvaluators: z.number(),
  dimensions: z.array(z.object({ code: z.string(), name: z.string(), maxPoints: z.number(), indicators: z.array(z.object({ id: z.string(), code: z.string(), maxPoints: z.number() }).strict()) }).strict()),
  adjustments: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.enum(['bonus', 'deduction']), cap: z.number() }).strict()),
  gradeBands: z.array(z.object({ code: z.string(), name: z.string(), minComposite: z.number() }).strict()),
});
sameType<Equal<z.infer<typeof ZResultsRubric>, ResultsRubric>>();

const ZGiven = z.tuple([z.string(), z.string(), z.number()]);
const ZRoundRowsRow = z.object({
  rubric: ZResultsRubric.nullable(),
  subjects: z.array(z.object({ id: z.string(), name: z.string(), code: z.string(), subjectType: z.string(), subjectRef: z.string(), regionId: z.string().nullable(), blindLabel: z.string() })).nullable(),
  scores: z.array(z.tuple([z.string(), z.string(), z.array(z.number())])).nullable(),
  given: z.array(ZGiven).nullable(),
  adjustments: z.array(ZGiven).nullable(),
});
sameType<Equal<z.infer<typeof ZRoundRowsRow>, RoundRowsRow>>();

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;

describe('the raw reads of the measured hot paths return the rows their types declare', () => {
  it('the project list page (prepared), names filled in', async () => {
    const found = await withNames(db(), await preparedRows<ProjectListRow>(db(), 'projects', sql`${PROJECT_LIST_SELECT} order by p.number desc limit 60`));
    expect(found.length).toBeGreaterThan(20);
    for (const r of found) ZProjectListRow.strict().parse(r);
  });

  it('the org page and the staff directory page (prepared)', async () => {
    const page = await selectOrgs(db(), sql`true`, sql`o.name, o.id`, 50, { sealed: true });
    expect(page.length).toBe(50);
    for (const r of page) ZOrgRow.strict().parse(r);
    const list = await selectOrgList(db(), sql`true`, sql`o.name, o.id`, 50);
    expect(list.length).toBe(50);
    for (const r of list) ZOrgListRow.strict().parse(r);
  });

  it("the children endpoint's regions", async () => {
    const found = await selectRegions(db(), sql`true`, { limit: 300 });
    expect(found.some((r) => r.level === 'town') && found.some((r) => r.parentId === null)).toBe(true);
    for (const r of found) ZRegionRow.strict().parse(r);
  });

  it("the name search's gram statistics", async () => {
    await db().execute(sql`analyze org_name_postings`);
    const found = await rows<GramStatsRow>(db(), GRAM_STATS_QUERY);
    expect(found.length).toBe(1);
    for (const r of found) ZGramStatsRow.strict().parse(r);
  });

  it("the assessment results page: the round with its rubric and published snapshot in one statement; the rubric and the snapshot alone", async () => {
    const [round] = await rows<{ case_id: string; rubric_id: string }>(db(), sql`select case_id::text, rubric_id::text from assessment_rounds where kind = 'sppe' and published_at is not null order by year limit 1`);
    const ZPart = z.object({ subjectId: z.string(), part: z.enum(['dimension', 'indicator', 'adjustment']), code: z.string(), points: z.number() }).strict();
    const ZPublished = z
      .object({ subjectId: z.string(), name: z.string(), code: z.string(), subjectRef: z.string(), total: z.number(), bonus: z.number(), deduction: z.number(), composite: z.number(), rank: z.number().int(), tied: z.boolean(), gradeCode: z.string().nullable(), publishedAt: z.date(), dimensions: z.array(ZPart).length(4), indicators: z.array(ZPart).length(23), adjustments: z.array(ZPart) })
      .strict();
    const published = await selectPublishedResults(db(), round.case_id);
    expect(published.length).toBe(12);
    for (const r of published) ZPublished.parse(r);
    const rubric = await selectResultsRubric(db(), round.rubric_id);
    expect(rubric.dimensions).toHaveLength(4);
    expect(rubric.dimensions.flatMap((d) => d.indicators)).toHaveLength(23);
    ZResultsRubric.strict().parse(rubric);
    const page = (await selectRoundResults(db(), round.case_id))!;
    z.object({
      round: z.object({ caseId: z.string(), cityId: z.string(), kind: z.enum(['sppe', 'town', 'procurement', 'evaluation']), year: z.number().int(), rubricId: z.string(), blind: z.boolean(), publishedAt: z.date(), state: z.string(), title: z.string(), number: z.string() }).strict(),
      rubric: ZResultsRubric.strict(),
      published: z.array(ZPublished.extend({ indicators: z.array(ZPart).length(0) }).strict()),
    })
      .strict()
      .parse(page);
    expect(page.rubric).toEqual(rubric);
    // the page shows no indicator, so its snapshot leaves them out
    expect(page.published).toEqual(published.map((r) => ({ ...r, indicators: [] })));
    expect(page.round).toMatchObject({ caseId: round.case_id, rubricId: round.rubric_id });
    const [open] = await rows<{ case_id: string }>(db(), sql`select case_id::text from assessment_rounds where kind = 'sppe' and published_at is null limit 1`);
    expect((await selectRoundResults(db(), open.case_id))!.published).toBeNull();
    expect(await selectRoundResults(db(), '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    // the aggregation's rows of a round, with its rubric and without
    const head = { caseId: round.case_id, rubricId: round.rubric_id, cityId: page.round.cityId, blind: false };
    const rowsOf = await selectRoundRows(db(), head, true);
    ZRoundRowsRow.extend({ rubric: ZResultsRubric.strict(), subjects: ZRoundRowsRow.shape.subjects.unwrap().length(12), scores: z.array(z.tuple([z.string(), z.string(), z.array(z.number()).length(5)])).min(12 * 10) }).strict().parse(rowsOf);
    expect(rowsOf.rubric).toEqual(rubric);
    expect((await selectRoundRows(db(), head, false)).rubric).toBeNull();
  });
});
