import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, login, regionByCode, useTestApp, type Session } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { ensureFirstAdmin } from '../../platform/auth/first-admin.js';
import { multipart } from '../applications/application-factories.js';
import { recountRegions } from './regions.queries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => fs.readFileSync(path.join(here, 'fixtures', name));
const AREAS = fixture('tongxiang-330483-areas.csv');
const STREETS = fixture('tongxiang-330483-streets.csv');
const VILLAGES = fixture('tongxiang-330483-villages.csv');

const ctx = useTestApp('admin');
let ops: Session;

interface Report {
  applied: boolean;
  sha256: string;
  rows: number;
  counts: { created: number; renamed: number; moved: number; unchanged: number; invalid: number; skipped: number };
  changes: { row: number; code: string; name: string; action: string; level: string; parentCode: string | null; before: { name: string; parentCode: string | null } | null }[];
  errors: { row: number; code: string; message: string; messageEn: string }[];
  skipped: { row: number; code: string; message: string }[];
}

function upload(session: Session, content: Buffer | string, query = '', name = '区划.csv') {
  const { payload, headers } = multipart({}, { name, content: Buffer.isBuffer(content) ? content : Buffer.from(content) });
  return ctx.t.app.inject({ method: 'POST', url: `/api/v1/regions/import${query}`, payload, headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf } });
}
async function report(session: Session, content: Buffer | string, query = ''): Promise<Report> {
  const res = await upload(session, content, query);
  if (res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body}`);
  return res.json<Report>();
}
const counts = (r: Report) => r.counts;
const none = { created: 0, renamed: 0, moved: 0, unchanged: 0, invalid: 0, skipped: 0 };

/** Every region's kept counts, by code: compared before and after recounting from the tree itself. */
async function keptCounts(where = sql`true`) {
  const found = await rows<{ code: string; child_count: number; community_count: number; grid_count: number }>(
    ctx.t.app.database.db,
    sql`select code, child_count, community_count, grid_count from regions where ${where} order by code, id`,
  );
  return found.map((r) => `${r.code} ${r.child_count}/${r.community_count}/${r.grid_count}`);
}
async function expectCountsTrue() {
  const kept = await keptCounts();
  await recountRegions(ctx.t.app.database.db);
  expect(await keptCounts()).toEqual(kept);
}
const regionCount = async () => (await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from regions`))[0].n;
const haining = sql`path like (select path from regions where code = '330481') || '%'`;

let hainingBefore: string[];
beforeAll(async () => {
  await ensureFirstAdmin(ctx.t.app.database.db, { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'Platform#Start2026', ADMIN_PASSWORD_CHANGE: false });
  ops = await login(ctx.t.app, 'ops', 'Platform#Start2026');
  hainingBefore = await keptCounts(haining);
});

describe('importing a county from the national datasets', () => {
  it('dry-runs the county row: the report, nothing changed', async () => {
    const before = await regionCount();
    const r = await report(ops, AREAS, '?apply=false');
    expect(r).toMatchObject({ applied: false, rows: 1, counts: { ...none, created: 1 } });
    expect(r.changes).toEqual([{ row: 2, code: '330483', name: '桐乡市', level: 'city', action: 'created', parentCode: null, before: null }]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await regionCount()).toBe(before);
  });

  it('applies the county, its towns and villages file by file, each dry-run first', async () => {
    expect(counts(await report(ops, AREAS, '?apply=true'))).toEqual({ ...none, created: 1 });
    const before = await regionCount();
    expect(counts(await report(ops, STREETS))).toEqual({ ...none, created: 3 });
    expect(await regionCount()).toBe(before);
    expect(counts(await report(ops, STREETS, '?apply=true'))).toEqual({ ...none, created: 3 });
    expect(counts(await report(ops, VILLAGES))).toEqual({ ...none, created: 8 });
    expect(await regionCount()).toBe(before + 3);
    const applied = await report(ops, VILLAGES, '?apply=true');
    expect(applied).toMatchObject({ applied: true, counts: { ...none, created: 8 } });

    const city = await regionByCode(ctx.t.app, '330483');
    const node = (await call(ctx.t.app, ops, 'GET', `/api/v1/regions/${city.id}`)).json();
    expect(node).toMatchObject({ name: '桐乡市', level: 'city', parentId: null, childCount: 3, counts: { communities: 8, grids: 0 } });
    const towns = (await call(ctx.t.app, ops, 'GET', `/api/v1/regions/${city.id}/children`)).json().items as { code: string; name: string; kind: string; childCount: number; counts: { communities: number } }[];
    expect(towns.map((t) => [t.code, t.name, t.kind, t.childCount, t.counts.communities])).toEqual([
      ['330483001', '梧桐街道', 'subdistrict', 3, 3],
      ['330483100', '乌镇镇', 'town', 3, 3],
      ['330483101', '濮院镇', 'town', 2, 2],
    ]);
    const wutong = await regionByCode(ctx.t.app, '330483001');
    const villages = (await call(ctx.t.app, ops, 'GET', `/api/v1/regions/${wutong.id}/children`)).json().items as { code: string; name: string; kind: string; level: string }[];
    expect(villages.map((v) => [v.code, v.name, v.kind])).toEqual([
      ['330483001001', '庆丰社区', 'community'],
      ['330483001002', '茅盛社区', 'community'],
      ['330483001201', '凤凰村', 'village'],
    ]);
    await expectCountsTrue();

    // One import event per apply with the counts and the file's digest, one create event per region, the chain intact.
    const [event] = await rows<{ detail: Record<string, unknown> }>(ctx.t.app.database.db, sql`select detail from audit_events where action = 'region.import' order by seq desc limit 1`);
    expect(event.detail).toMatchObject({ sha256: applied.sha256, created: 8, unchanged: 0, invalid: 0 });
    const [{ n }] = await rows<{ n: number }>(ctx.t.app.database.db, sql`select count(*)::int as n from audit_events where action = 'region.create' and entity_id in (select id::text from regions where code like '330483%')`);
    expect(n).toBe(12);
    expect((await verifyAuditChain(ctx.t.app.database.db)).ok).toBe(true);
  });

  it('applies again as all unchanged', async () => {
    const before = await regionCount();
    expect(counts(await report(ops, AREAS, '?apply=true'))).toEqual({ ...none, unchanged: 1 });
    expect(counts(await report(ops, STREETS, '?apply=true'))).toEqual({ ...none, unchanged: 3 });
    expect(counts(await report(ops, VILLAGES, '?apply=true'))).toEqual({ ...none, unchanged: 8 });
    expect(await regionCount()).toBe(before);
  });

  it('left Haining’s counts as they were', async () => {
    expect(await keptCounts(haining)).toEqual(hainingBefore);
  });

  it('accepts the bureau’s zero-padded codes, and the province and prefecture above (a dry run: regions-above-cities.test.ts applies them)', async () => {
    const r = await report(ops, 'code,name,parentCode\n330000000000,浙江省,\n330400000000,嘉兴市,330000000000\n330483000000,桐乡市,330400000000\n330483001000,梧桐街道,330483000000\n', '?apply=false');
    expect(counts(r)).toEqual({ ...none, created: 2, moved: 1, unchanged: 1 });
    expect(r.changes.map((c) => [c.code, c.level, c.action, c.parentCode])).toEqual([
      ['33', 'province', 'created', null],
      ['3304', 'prefecture', 'created', '33'],
      ['330483', 'city', 'moved', '3304'],
    ]);
  });
});

describe('refused rows', () => {
  const bad = [
    'code,name,streetCode,provinceCode,cityCode,areaCode',
    '330483101202,"新建村委会",330483101,33,3304,330483',
    '330483101202,"重复村委会",330483101,33,3304,330483',
    '330483102201,"某村委会",330481101,33,3304,330483',
    `330483101203,"${'长'.repeat(61)}",330483101,33,3304,330483`,
    '330483109201,"无上级村委会",330483109,33,3304,330483',
    '3304831012,"坏代码",330483101,33,3304,330483',
  ].join('\n');

  it('answers 422 with the report and changes nothing', async () => {
    const before = await regionCount();
    const res = await upload(ops, bad, '?apply=true');
    const problem = expectProblem(res, 422, 'validation') as unknown as { report: Report };
    expect(problem.report.applied).toBe(false);
    expect(problem.report.errors.map((e) => [e.row, e.message])).toEqual([
      [3, '代码 330483101202 与第 2 行重复'],
      [4, '代码 330483102201 与上级代码 330481101 不符（应以上级代码开头）'],
      [5, '名称最多 60 个字'],
      [6, '上级区域 330483109 既不在文件中也不在区域树中'],
      [7, '代码“3304831012”不是 2、4、6、9 或 12 位数字的行政区划代码'],
    ]);
    expect(problem.report.errors.every((e) => e.messageEn.length > 0)).toBe(true);
    expect(problem.report.counts).toMatchObject({ created: 1, invalid: 5 });
    expect(await regionCount()).toBe(before);
  });

  it('applies the valid rows with skipInvalid=true', async () => {
    const r = await report(ops, bad, '?apply=true&skipInvalid=true');
    expect(r).toMatchObject({ applied: true, counts: { created: 1, invalid: 5 } });
    expect((await regionByCode(ctx.t.app, '330483101202')).name).toBe('新建村');
    await expectCountsTrue();
  });

  it('refuses a file without the code and name header, and a GBK CSV, as a whole', async () => {
    expectProblem(await upload(ops, '代码,名称\n330483,桐乡市\n', '?apply=false'), 422, 'validation');
    expectProblem(await upload(ops, Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xcd, 0xa9, 0xcf, 0xe7]), '?apply=false'), 422, 'validation');
    expectProblem(await upload(ops, 'code,name\n', '?apply=false'), 422, 'validation');
  });
});

describe('renames and moves', () => {
  it('renames by code, moves a village put under the wrong town, refuses a move to another city', async () => {
    const wutong = await regionByCode(ctx.t.app, '330483001');
    const xucun = await regionByCode(ctx.t.app, '330481101');
    // By hand: 330483100203 under 梧桐街道 (its code says 乌镇镇), 330483101299 under Haining's 许村镇.
    expect((await call(ctx.t.app, ops, 'POST', '/api/v1/regions', { parentId: wutong.id, name: '错放村', code: '330483100203', kind: 'village' })).statusCode).toBe(201);
    expect((await call(ctx.t.app, ops, 'POST', '/api/v1/regions', { parentId: xucun.id, name: '跨市村', code: '330483101299', kind: 'village' })).statusCode).toBe(201);
    const file = ['code,name,parentCode', '330483101201,油车新村,330483101', '330483100203,错放村,330483100', '330483101299,跨市村,330483101'].join('\n');
    const dry = await report(ops, file);
    expect(counts(dry)).toEqual({ ...none, renamed: 1, moved: 1, invalid: 1 });
    expect(dry.changes.map((c) => [c.code, c.action, c.before])).toEqual([
      ['330483101201', 'renamed', { name: '油车村', parentCode: '330483101' }],
      ['330483100203', 'moved', { name: '错放村', parentCode: '330483001' }],
    ]);
    expect(dry.errors).toMatchObject([{ row: 4, message: '不能把区域移到另一个市之下：其中的组织、申请和项目属于原来的市' }]);
    await report(ops, file, '?apply=true&skipInvalid=true');

    const moved = await regionByCode(ctx.t.app, '330483100203');
    const wuzhen = await regionByCode(ctx.t.app, '330483100');
    expect(moved.path).toBe(`${wuzhen.path}${moved.id}/`);
    expect((await regionByCode(ctx.t.app, '330483101201')).name).toBe('油车新村');
    const towns = await keptCounts(sql`code in ('330483001', '330483100')`);
    expect(towns).toEqual(['330483001 3/3/0', '330483100 4/4/0']);
    await expectCountsTrue();
    const [{ action }] = await rows<{ action: string }>(ctx.t.app.database.db, sql`select action from audit_events where entity_id = ${moved.id} order by seq desc limit 1`);
    expect(action).toBe('region.move');
  });
});

describe('a city’s office administrator', () => {
  it('imports under its own city, and is refused per row elsewhere and for a new city', async () => {
    const file = ['code,name,parentCode', '330481101901,新设社区,330481101', '330483001901,越界社区,330483001', '330485,新城市,', '330485001,新城街道,330485'].join('\n');
    const r = await report(ctx.as.admin, file, '?apply=true&skipInvalid=true');
    expect(counts(r)).toEqual({ ...none, created: 1, invalid: 3 });
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [3, '上级区域不存在或不在您的管辖范围内'],
      [4, '只有平台管理员可以新增省、地级市或市（县级市、区）'],
      [5, '上级 330485（第 4 行）未通过校验'],
    ]);
    const created = await regionByCode(ctx.t.app, '330481101901');
    expect(created.path.startsWith((await regionByCode(ctx.t.app, '330481101')).path)).toBe(true);
    await expectCountsTrue();
  });

  it('finds Haining’s own dataset file all unchanged (names as the place, not the committee)', async () => {
    const communities = fs.readFileSync(path.join(here, '../../seed/data/haining-330481-communities.csv'));
    const r = await report(ctx.as.admin, communities);
    expect(counts(r)).toEqual({ ...none, unchanged: 236 });
  });

  it('may not import at all without region.manage', async () => {
    const xucun = await login(ctx.t.app, 'xucun');
    expectProblem(await upload(xucun, AREAS), 403);
  });
});

describe('export', () => {
  it('writes the subtree in the plain layout, which imports back as all unchanged (CSV and XLSX)', async () => {
    const city = await regionByCode(ctx.t.app, '330483');
    const csv = await call(ctx.t.app, ops, 'GET', `/api/v1/regions/export?rootId=${city.id}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('code,name,parentCode,level,kind');
    expect(lines[1]).toBe('330483,"桐乡市",,city,city');
    expect(lines).toContain('330483001201,"凤凰村",330483001,community,village');
    const back = await report(ops, csv.rawPayload, '?apply=true');
    expect(counts(back)).toEqual({ ...none, unchanged: lines.length - 1 });

    const xlsx = await call(ctx.t.app, ops, 'GET', `/api/v1/regions/export?rootId=${city.id}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(counts(await report(ops, xlsx.rawPayload, '?apply=false'))).toEqual({ ...none, unchanged: lines.length - 1 });
  });

  it('answers 404 for a root outside the caller’s reach', async () => {
    const xucun = await login(ctx.t.app, 'xucun');
    const city = await regionByCode(ctx.t.app, '330483');
    expectProblem(await call(ctx.t.app, xucun, 'GET', `/api/v1/regions/export?rootId=${city.id}`), 404);
  });
});

describe('grids', () => {
  it('imports a community’s grids by their own codes in the plain layout, refuses per row, and exports them back', async () => {
    const file = [
      'code,name,parentCode,level,kind',
      '330483001201-01,凤凰村第一网格,330483001201,grid,grid',
      'G1,某网格,330483001,grid,grid',
      'G2,某网格,330483001299,grid,grid',
      'G 3,某网格,330483001201,grid,grid',
    ].join('\n');
    const dry = await report(ops, file, '?apply=false');
    expect(dry.errors.map((e) => [e.row, e.message])).toEqual([
      [3, '网格的上级代码“330483001”不是 12 位村（社区）代码'],
      [4, '上级区域 330483001299 既不在文件中也不在区域树中'],
      [5, '网格代码“G 3”只能由字母、数字和短横线组成，最多 32 位'],
    ]);
    const r = await report(ops, file, '?apply=true&skipInvalid=true');
    expect(counts(r)).toEqual({ ...none, created: 1, invalid: 3 });
    const grid = await regionByCode(ctx.t.app, '330483001201-01');
    const village = await regionByCode(ctx.t.app, '330483001201');
    expect(grid.path).toBe(`${village.path}${grid.id}/`);
    const [kept] = await rows<{ grids: number }>(ctx.t.app.database.db, sql`select grid_count as grids from regions where code = '330483'`);
    expect(kept.grids).toBe(1);
    await expectCountsTrue();

    const city = await regionByCode(ctx.t.app, '330483');
    const csv = await call(ctx.t.app, ops, 'GET', `/api/v1/regions/export?rootId=${city.id}&format=csv`);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines).toContain('330483001201-01,"凤凰村第一网格",330483001201,grid,grid');
    expect(counts(await report(ops, csv.rawPayload, '?apply=true'))).toEqual({ ...none, unchanged: lines.length - 1 });
  });
});

describe('speed (issue 16: 12 towns and 250 communities ≤ 5 s with the dry run)', () => {
  it('imports a generated city, printing the time', async () => {
    const lines = ['code,name,parentCode', '330499,测速市,'];
    for (let t = 1; t <= 12; t++) {
      const town = `330499${String(t).padStart(3, '0')}`;
      lines.push(`${town},测速${t}镇,330499`);
      for (let c = 1; c <= (t <= 10 ? 21 : 20); c++) lines.push(`${town}${String(c).padStart(3, '0')},测速${t}镇${c}社区居委会,${town}`);
    }
    const file = lines.join('\n');
    const started = performance.now();
    const dry = await report(ops, file);
    const applied = await report(ops, file, '?apply=true');
    const ms = performance.now() - started;
    expect(dry.counts.created).toBe(1 + 12 + 250);
    expect(applied.counts.created).toBe(263);
    console.info(`region import: 12 towns + 250 communities, dry run + apply: ${ms.toFixed(0)} ms`);
    await expectCountsTrue();
  });
});
