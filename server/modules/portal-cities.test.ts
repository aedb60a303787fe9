// Issue 16 §3: every public page is per city. Each public list takes `?city=<division code>` and then names only that
// city's records; without it, it names every city's, as before there were several. Checked with the test fixtures'
// second city, which publishes a call, a project, a meeting and an organization of its own.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/sql.js';
import { call, expectProblem, failedFields, useTestApp } from '../test/harness.js';
import { addSecondCity, type SecondCity } from '../test/second-city.js';
import { publishInSecondCity, type SecondCityPublic } from '../test/second-city-public.js';
import { makeCallingProject } from './projects/project-factories.js';

const ctx = useTestApp('admin', 'weijian');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
let tx: SecondCity;
let published: SecondCityPublic;

/** Which city each id of a public answer belongs to: projects and orgs by their region path, meetings by their agenda's, towns by theirs. */
async function cityOf(ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows<{ id: string; code: string }>(
    db(),
    sql`with records as (
          select id, region_path as path from cases where id in (${list})
          union all select id, region_path from orgs where id in (${list})
          union all select id, path from regions where id in (${list})
          union all select a.meeting_id, c.region_path from project_meeting_projects a join cases c on c.id = a.project_id where a.meeting_id in (${list}))
        select distinct r.id::text, city.code from records r join regions city on city.level = 'city' and r.path like city.path || '%'`,
  );
  const out = new Map<string, string>();
  for (const f of found) out.set(f.id, out.has(f.id) ? `${out.get(f.id)},${f.code}` : f.code);
  return out;
}

interface Listed {
  items: Record<string, unknown>[];
  nextCursor?: string | null;
}

/** Every id a public list names over all its pages (the towns come whole, unpaged), with the city each one is of. */
async function listed(url: string, idOf: (item: Record<string, unknown>) => string): Promise<Map<string, string>> {
  const paged = !url.startsWith('/api/v1/public/orgs/towns');
  const ids: string[] = [];
  let cursor: string | null | undefined = null;
  do {
    const page = paged ? `${url.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` : '';
    const res = await call(app(), null, 'GET', `${url}${page}`);
    expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(200);
    const body = res.json<Listed>();
    ids.push(...body.items.map(idOf));
    cursor = body.nextCursor;
  } while (cursor);
  const cities = await cityOf(ids);
  return new Map(ids.map((id) => [id, cities.get(id) ?? '?']));
}

const LISTS: { name: string; url: string; idOf: (item: Record<string, unknown>) => string }[] = [
  { name: 'calls', url: '/api/v1/public/calls', idOf: (i) => i.projectId as string },
  { name: 'projects', url: '/api/v1/public/projects', idOf: (i) => i.id as string },
  { name: 'meetings', url: '/api/v1/public/meetings', idOf: (i) => i.id as string },
  { name: 'orgs', url: '/api/v1/public/orgs', idOf: (i) => i.id as string },
  { name: 'towns', url: '/api/v1/public/orgs/towns', idOf: (i) => i.id as string },
];

const withCity = (url: string, code: string) => `${url}?city=${code}`;

beforeAll(async () => {
  tx = await addSecondCity(app());
  published = await publishInSecondCity(app(), tx);
  // Haining has an open call too (the demo's may all have closed by the business clock).
  await makeCallingProject(app(), { dept: ctx.as.weijian, admin: ctx.as.admin });
});

describe('public lists per city', () => {
  it.each(LISTS)('$name with ?city=330483 names Tongxiang’s records and none of Haining’s', async ({ url, idOf }) => {
    const found = await listed(withCity(url, '330483'), idOf);
    expect(found.size).toBeGreaterThan(0);
    expect([...new Set(found.values())]).toEqual(['330483']);
  });

  it.each(LISTS)('$name with ?city=330481 names Haining’s records and none of Tongxiang’s', async ({ url, idOf }) => {
    const found = await listed(withCity(url, '330481'), idOf);
    expect(found.size).toBeGreaterThan(0);
    expect([...new Set(found.values())]).toEqual(['330481']);
  });

  it.each(LISTS)('$name without a city names both cities’ records, as before', async ({ url, idOf }) => {
    const found = await listed(url, idOf);
    expect([...new Set(found.values())].sort()).toEqual(['330481', '330483']);
  });

  it('lists Tongxiang’s own call, project, meeting and organization under its code', async () => {
    expect([...(await listed(withCity('/api/v1/public/calls', '330483'), (i) => i.projectId as string)).keys()]).toEqual([published.projectId]);
    expect([...(await listed(withCity('/api/v1/public/projects', '330483'), (i) => i.id as string)).keys()]).toEqual([published.projectId]);
    expect([...(await listed(withCity('/api/v1/public/meetings', '330483'), (i) => i.id as string)).keys()]).toEqual([published.meetingId]);
    expect([...(await listed(withCity('/api/v1/public/orgs', '330483'), (i) => i.id as string)).keys()]).toEqual([published.orgId]);
    expect([...(await listed(withCity('/api/v1/public/orgs/towns', '330483'), (i) => i.id as string)).keys()]).toEqual([tx.towns[0].id]);
  });

  it('keeps the other filters and the first page’s count within the city', async () => {
    const res = await call(app(), null, 'GET', `/api/v1/public/orgs?city=330483&q=${encodeURIComponent('梧桐')}`);
    expect(res.json()).toMatchObject({ total: 1, items: [{ id: published.orgId }] });
    const none = await call(app(), null, 'GET', `/api/v1/public/orgs?city=330481&q=${encodeURIComponent('梧桐社工服务社')}`);
    expect(none.json()).toMatchObject({ total: 0, items: [] });
    const projects = await call(app(), null, 'GET', '/api/v1/public/projects?city=330483&year=2026');
    expect(projects.json<Listed>().items.map((i) => i.id)).toEqual([published.projectId]);
  });

  it.each(LISTS)('$name answers a code no city has with a 404 problem in Chinese, and a malformed one with a 422', async ({ url }) => {
    const res = await call(app(), null, 'GET', withCity(url, '999999'));
    expect(expectProblem(res, 404, 'not_found')).toMatchObject({ title: '未找到', detail: '请求的城市不存在或您无权查看。' });
    // A town is no city.
    expectProblem(await call(app(), null, 'GET', withCity(url, tx.towns[0].id)), 422);
    expect(failedFields(await call(app(), null, 'GET', withCity(url, 'haining')), 'validation')).toEqual(['city']);
  });
});

describe('public detail pages per city', () => {
  /** A disclosed project and an active organization of Haining's, as its portal shows them. */
  async function hainingRecords() {
    const [project] = await rows<{ id: string }>(
      db(),
      sql`select c.id::text from cases c join service_projects p on p.case_id = c.id where c.case_type = 'serviceProject' and c.region_path like ${`${tx.haining.path}%`} and p.call_published_at is not null order by c.number limit 1`,
    );
    const [org] = await rows<{ id: string }>(db(), sql`select id::text from orgs where status = 'active' and region_path like ${`${tx.haining.path}%`} order by name limit 1`);
    // The project is one the portal discloses.
    expect((await call(app(), null, 'GET', `/api/v1/public/projects/${project.id}`)).statusCode).toBe(200);
    return { projectId: project.id, orgId: org.id };
  }

  it('shows a city’s project and organization under its own code and without one, and answers 404 under the other city’s', async () => {
    const haining = await hainingRecords();
    const asks: [string, number][] = [
      [`/api/v1/public/projects/${published.projectId}?city=330483`, 200],
      [`/api/v1/public/projects/${published.projectId}`, 200],
      [`/api/v1/public/projects/${published.projectId}?city=330481`, 404],
      [`/api/v1/public/projects/${haining.projectId}?city=330481`, 200],
      [`/api/v1/public/projects/${haining.projectId}?city=330483`, 404],
      [`/api/v1/public/orgs/${published.orgId}?city=330483`, 200],
      [`/api/v1/public/orgs/${published.orgId}`, 200],
      [`/api/v1/public/orgs/${published.orgId}?city=330481`, 404],
      [`/api/v1/public/orgs/${haining.orgId}?city=330481`, 200],
      [`/api/v1/public/orgs/${haining.orgId}?city=330483`, 404],
    ];
    const answers = await Promise.all(asks.map(async ([url]) => `${url} ${(await call(app(), null, 'GET', url)).statusCode}`));
    expect(answers).toEqual(asks.map(([url, status]) => `${url} ${status}`));
    // What a 404 of another city says: the record is not there (as for a missing one), not that the city is wrong.
    const other = expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/${haining.projectId}?city=330483`), 404, 'not_found');
    const missing = expectProblem(await call(app(), null, 'GET', `/api/v1/public/projects/00000000-0000-4000-8000-000000000000?city=330483`), 404, 'not_found');
    expect(other.detail).toBe(missing.detail);
    expect((await call(app(), null, 'GET', `/api/v1/public/projects/${published.projectId}?city=330483`)).json()).toMatchObject({ id: published.projectId, number: published.projectNumber });
    expect((await call(app(), null, 'GET', `/api/v1/public/orgs/${published.orgId}?city=330483`)).json()).toMatchObject({ id: published.orgId, name: '桐乡市梧桐社工服务社' });
  });

  it('answers a detail under a code no city has with 404 and a malformed code with 422', async () => {
    for (const url of [`/api/v1/public/projects/${published.projectId}`, `/api/v1/public/orgs/${published.orgId}`]) {
      expect(expectProblem(await call(app(), null, 'GET', `${url}?city=999999`), 404, 'not_found')).toMatchObject({ detail: '请求的城市不存在或您无权查看。' });
      expect(failedFields(await call(app(), null, 'GET', `${url}?city=haining`), 'validation')).toEqual(['city']);
    }
  });
});
