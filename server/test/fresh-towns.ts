import type { FastifyInstance } from 'fastify';
import { call, regionByCode, type Session } from './harness.js';

/*
 * Towns of the demo city (海宁市) with nothing in them — no concerns, projects, organizations, workers or rotation —
 * made by the office through the regions API as a city adds a town: for tests that count a town's records by hand
 * (the assessment's computed indicators, issue 18), beside Haining's settings (concern categories and routing rules,
 * departments, catalog) that a new town shares. Codes 3304819xx are not the demo's.
 */

export interface TestPlace {
  id: string;
  code: string;
  path: string;
}

export interface FreshTown extends TestPlace {
  communities: (TestPlace & { grids: TestPlace[] })[];
}

async function create(app: FastifyInstance, admin: Session, body: { parentId: string; kind: string; code: string; name: string }): Promise<TestPlace> {
  const res = await call(app, admin, 'POST', '/api/v1/regions', body);
  if (res.statusCode !== 201) throw new Error(`fresh towns: creating ${body.code} answered ${res.statusCode} ${res.body}`);
  const { id, path } = await regionByCode(app, body.code);
  return { id, code: body.code, path };
}

/** One town per entry (`code`: its last two digits), each with `grids[k]` grids in its k-th community (a community with 0 has none). */
export async function addFreshTowns(app: FastifyInstance, admin: Session, towns: { code: string; grids: number[] }[]): Promise<FreshTown[]> {
  const city = await regionByCode(app, '330481');
  const out: FreshTown[] = [];
  for (const t of towns) {
    const town = await create(app, admin, { parentId: city.id, kind: 'town', code: `3304819${t.code}`, name: `测试${t.code}镇` });
    const communities: FreshTown['communities'] = [];
    for (const [k, n] of t.grids.entries()) {
      const community = await create(app, admin, { parentId: town.id, kind: 'village', code: `${town.code}2${String(k + 1).padStart(2, '0')}`, name: `测试${t.code}${k + 1}村` });
      const grids: TestPlace[] = [];
      for (let g = 1; g <= n; g++) grids.push(await create(app, admin, { parentId: community.id, kind: 'grid', code: `${community.code}${String(g).padStart(3, '0')}`, name: `第${g}网格` }));
      communities.push({ ...community, grids });
    }
    out.push({ ...town, communities });
  }
  return out;
}
