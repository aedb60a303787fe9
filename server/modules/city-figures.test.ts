// Issue 16 §3: "Every list, count, dashboard, export and public page is per city". city-isolation.test.ts looks for
// the other city's ids in every list; figures and files carry no ids, so here each is compared with what the
// database holds for the caller's own city: the lifecycle dashboard (and its city choice for those who reach
// several), the registry's Excel export and the region export.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp, type Session } from '../test/harness.js';
import { addSecondCity, type SecondCity } from '../test/second-city.js';
import { publishInSecondCity, type SecondCityPublic } from '../test/second-city-public.js';

const ctx = useTestApp('admin', 'xucun', 'weijian', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const YEAR = 2026;
let tx: SecondCity;
let published: SecondCityPublic;

interface Dashboard {
  year: number;
  byStage: { state: string; count: number }[];
  byDepartment: { departmentId: string; count: number; budgetFen: number }[];
  byCategory: { categoryId: string; count: number }[];
  money: { totalFen: number; reservedFen: number; committedFen: number; paidFen: number; remainingFen: number };
  overdueSteps: number;
  openRectifications: number;
}

async function dashboard(session: Session, query = ''): Promise<Dashboard> {
  const res = await call(app(), session, 'GET', `/api/v1/project-dashboard?year=${YEAR}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
}

const projectsOf = (d: Dashboard) => d.byStage.reduce((n, s) => n + s.count, 0);

/** What the database holds for one city's year, counted another way than the dashboard does (money by the fund's city). */
async function cityYear(cityId: string) {
  const [projects] = await rows<{ n: number }>(db(), sql`select count(*)::int n from service_projects p join departments d on d.id = p.department_id where p.year = ${YEAR} and d.city_id = ${cityId}`);
  const [money] = await rows<{ total: number; reserved: number }>(
    db(),
    sql`select coalesce(sum(a.budget_fen), 0)::bigint::float8 total, coalesce(sum(a.reserved_fen), 0)::bigint::float8 reserved
        from fund_allocations a join fund_lines l on l.id = a.line_id join funds f on f.id = l.fund_id where f.year = ${YEAR} and f.city_id = ${cityId}`,
  );
  const departments = await rows<{ id: string }>(db(), sql`select id::text from departments where city_id = ${cityId}`);
  const categories = await rows<{ id: string }>(db(), sql`select id::text from catalog_categories where city_id = ${cityId}`);
  return { projects: projects.n, total: Number(money.total), reserved: Number(money.reserved), departments: new Set(departments.map((d) => d.id)), categories: new Set(categories.map((c) => c.id)) };
}

beforeAll(async () => {
  tx = await addSecondCity(app());
  // A fund with a share for its department, and a project approved and called for bids (money reserved).
  published = await publishInSecondCity(app(), tx);
});

describe('the lifecycle dashboard per city', () => {
  it('shows Tongxiang’s office Tongxiang’s projects, departments, categories and money only', async () => {
    const want = await cityYear(tx.city.id);
    expect(want).toMatchObject({ projects: 1, total: 30_000_000 });
    expect(want.reserved).toBeGreaterThan(0);
    const d = await dashboard(tx.admin);
    expect(projectsOf(d)).toBe(want.projects);
    expect(d.byDepartment.map((x) => x.departmentId)).toEqual([tx.department.id]);
    expect(d.byCategory.length).toBeGreaterThan(0);
    expect(d.byCategory.every((c) => want.categories.has(c.categoryId))).toBe(true);
    expect(d.money).toMatchObject({ totalFen: want.total, reservedFen: want.reserved });
    // Its department's staff see the same: the city has one department with projects.
    expect((await dashboard(tx.departmentStaff)).money).toEqual(d.money);
  });

  it('shows Haining’s office Haining’s figures, without Tongxiang’s project, share or departments', async () => {
    const want = await cityYear(tx.haining.id);
    expect(want.projects).toBeGreaterThan(1);
    const d = await dashboard(ctx.as.admin);
    expect(projectsOf(d)).toBe(want.projects);
    expect(d.money).toMatchObject({ totalFen: want.total, reservedFen: want.reserved });
    expect(d.byDepartment.length).toBeGreaterThan(1);
    expect(d.byDepartment.every((x) => want.departments.has(x.departmentId))).toBe(true);
    expect(d.byCategory.every((c) => want.categories.has(c.categoryId))).toBe(true);
  });

  it('lets the auditor, who reaches every city, choose one; without a choice the figures are every city’s', async () => {
    const [tongxiang, haining] = [await cityYear(tx.city.id), await cityYear(tx.haining.id)];
    const one = await dashboard(ctx.as.auditor, `&cityId=${tx.city.id}`);
    expect(one).toEqual(await dashboard(tx.admin));
    const other = await dashboard(ctx.as.auditor, `&cityId=${tx.haining.id}`);
    expect(other).toEqual(await dashboard(ctx.as.admin));
    expect(projectsOf(other)).toBe(haining.projects);
    const both = await dashboard(ctx.as.auditor);
    expect(projectsOf(both)).toBe(tongxiang.projects + haining.projects);
    expect(both.money.totalFen).toBe(tongxiang.total + haining.total);
  });

  it('answers a city outside the caller’s reach with 404, its own city as without a choice, and a malformed one with 422', async () => {
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/project-dashboard?year=${YEAR}&cityId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), tx.departmentStaff, 'GET', `/api/v1/project-dashboard?year=${YEAR}&cityId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/project-dashboard?year=${YEAR}&cityId=${tx.city.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.weijian, 'GET', `/api/v1/project-dashboard?year=${YEAR}&cityId=${tx.city.id}`), 404, 'not_found');
    // A town is no city: nobody reaches a "city" by that id.
    expectProblem(await call(app(), ctx.as.auditor, 'GET', `/api/v1/project-dashboard?year=${YEAR}&cityId=${tx.towns[0].id}`), 404, 'not_found');
    expect(await dashboard(tx.admin, `&cityId=${tx.city.id}`)).toEqual(await dashboard(tx.admin));
    // A department's staff naming their own city still see only their department's.
    expect(await dashboard(ctx.as.weijian, `&cityId=${tx.haining.id}`)).toEqual(await dashboard(ctx.as.weijian));
    const own = await dashboard(tx.departmentStaff, `&cityId=${tx.city.id}`);
    expect(own).toEqual(await dashboard(tx.departmentStaff));
    expect(own.byDepartment.map((x) => x.departmentId)).toEqual([tx.department.id]);
    expect(failedFields(await call(app(), ctx.as.auditor, 'GET', `/api/v1/project-dashboard?cityId=haining`), 'validation')).toEqual(['cityId']);
  });
});

describe('the project list per city', () => {
  it('lets the auditor list one city’s projects; another city is a 404 for a city’s people, a town a 404 for all', async () => {
    const ids = async (session: Session, query: string) => {
      const res = await call(app(), session, 'GET', `/api/v1/projects?limit=100&year=${YEAR}${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { id: string }[] }>().items.map((p) => p.id);
    };
    const tongxiang = await ids(ctx.as.auditor, `&cityId=${tx.city.id}`);
    expect(tongxiang).toEqual(await ids(tx.admin, ''));
    expect(tongxiang.length).toBe((await cityYear(tx.city.id)).projects);
    const haining = await ids(ctx.as.auditor, `&cityId=${tx.haining.id}`);
    expect(haining.some((id) => tongxiang.includes(id))).toBe(false);
    expect(haining.length).toBe(Math.min(100, (await cityYear(tx.haining.id)).projects));
    expect(await ids(tx.admin, `&cityId=${tx.city.id}&state=calling`)).toEqual(await ids(tx.admin, '&state=calling'));
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/projects?cityId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/projects?cityId=${tx.city.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.auditor, 'GET', `/api/v1/projects?cityId=${tx.towns[0].id}`), 404, 'not_found');
  });
});

/** The names in an export of the registry (the first column under its header). */
async function exportedNames(session: Session, query = ''): Promise<string[]> {
  const res = await call(app(), session, 'GET', `/api/v1/orgs/export.xlsx${query}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  const names: string[] = [];
  workbook.worksheets[0].eachRow((row, n) => {
    if (n > 1) names.push(row.getCell(1).text);
  });
  return names.sort();
}

/** The registry's current organizations of a city, by name. */
async function orgNamesOf(cityPath: string): Promise<string[]> {
  const found = await rows<{ name: string }>(db(), sql`select name from orgs where status in ('active', 'changing') and region_path like ${`${cityPath}%`}`);
  return found.map((o) => o.name).sort();
}

describe('exports per city', () => {
  it('gives Tongxiang’s office and town the registry of Tongxiang only, and Haining’s office Haining’s only', async () => {
    const tongxiang = await orgNamesOf(tx.city.path);
    expect(tongxiang).toEqual(['桐乡市梧桐社工服务社']);
    expect(await exportedNames(tx.admin)).toEqual(tongxiang);
    expect(await exportedNames(tx.town)).toEqual(tongxiang);
    const haining = await orgNamesOf(tx.haining.path);
    expect(haining.length).toBeGreaterThan(10);
    expect(await exportedNames(ctx.as.admin)).toEqual(haining);
    // The staff list answers the same.
    const listed = await call(app(), tx.admin, 'GET', '/api/v1/orgs?limit=100');
    expect(listed.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual([published.orgId]);
  });

  it('lets the auditor export one city’s registry (every city’s without a choice); another city is a 404 for a city’s people', async () => {
    const [tongxiang, haining] = [await orgNamesOf(tx.city.path), await orgNamesOf(tx.haining.path)];
    expect(await exportedNames(ctx.as.auditor, `?cityId=${tx.city.id}`)).toEqual(tongxiang);
    expect(await exportedNames(ctx.as.auditor, `?cityId=${tx.haining.id}`)).toEqual(haining);
    expect(await exportedNames(ctx.as.auditor)).toEqual([...tongxiang, ...haining].sort());
    const list = await call(app(), ctx.as.auditor, 'GET', `/api/v1/orgs?cityId=${tx.city.id}&limit=100`);
    expect(list.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual([published.orgId]);
    // A city's own id keeps its people's list as it is; a town narrows it as before.
    expect(await exportedNames(ctx.as.xucun, `?cityId=${tx.haining.id}`)).toEqual(await exportedNames(ctx.as.xucun));
    const refused: [Session, string][] = [
      [tx.admin, `/api/v1/orgs/export.xlsx?cityId=${tx.haining.id}`],
      [tx.town, `/api/v1/orgs?cityId=${tx.haining.id}`],
      [ctx.as.admin, `/api/v1/orgs/export.xlsx?cityId=${tx.city.id}`],
      [ctx.as.xucun, `/api/v1/orgs?cityId=${tx.city.id}`],
      [ctx.as.auditor, `/api/v1/orgs/export.xlsx?cityId=${tx.towns[0].id}`],
    ];
    for (const [session, url] of refused) expectProblem(await call(app(), session, 'GET', url), 404, 'not_found');
    // The public directory keeps its own city parameter (a division code), not the staff list's.
    expect(failedFields(await call(app(), null, 'GET', `/api/v1/public/orgs?cityId=${tx.city.id}`), 'validation')).toEqual(['cityId']);
  });

  it('exports a city’s division codes to its own people only (the other city’s tree is a 404)', async () => {
    const res = await call(app(), tx.admin, 'GET', `/api/v1/regions/export?rootId=${tx.city.id}&format=csv`);
    expect(res.statusCode, res.body).toBe(200);
    const codes = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(codes.sort()).toEqual(['330483', '330483001', '330483001001', '330483101', '330483101201']);
    expectProblem(await call(app(), tx.admin, 'GET', `/api/v1/regions/export?rootId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), tx.town, 'GET', `/api/v1/regions/export?rootId=${tx.haining.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/regions/export?rootId=${tx.city.id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.xucun, 'GET', `/api/v1/regions/export?rootId=${tx.towns[0].id}`), 404, 'not_found');
  });
});

describe('the workbench’s figures per city', () => {
  const figures = async (session: Session) => {
    const res = await call(app(), session, 'GET', '/api/v1/workbench');
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries(res.json<{ figures: { key: string; value: number }[] }>().figures.map((f) => [f.key, f.value]));
  };

  it('counts each city’s office its own registry, applications and projects', async () => {
    const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(db(), query))[0].n;
    const registered = (path: string) => count(sql`select count(*)::int n from orgs where status in ('active', 'changing') and region_path like ${`${path}%`}`);
    const openApplications = (path: string) =>
      count(sql`select count(*)::int n from cases where case_type = 'application' and closed_at is null and state <> 'draft' and region_path like ${`${path}%`}`);
    const implementing = (path: string) => count(sql`select count(*)::int n from cases where case_type = 'serviceProject' and state = 'implementing' and region_path like ${`${path}%`}`);
    expect(await figures(tx.admin)).toEqual({
      'orgs.registered': await registered(tx.city.path),
      'applications.inProgress': await openApplications(tx.city.path),
      'projects.implementing': await implementing(tx.city.path),
    });
    expect((await figures(tx.admin))['orgs.registered']).toBe(1);
    const haining = await figures(ctx.as.admin);
    expect(haining['orgs.registered']).toBe(await registered(tx.haining.path));
    expect(haining['orgs.registered']).toBeGreaterThan(10);
    expect(haining['applications.inProgress']).toBe(await openApplications(tx.haining.path));
    expect(haining['projects.implementing']).toBe(await implementing(tx.haining.path));
  });
});
