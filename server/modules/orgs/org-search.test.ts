import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, regionByCode, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { pickGram } from './name-search.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;

/** Names a character index would get wrong if it forgot case, digits, LIKE wildcards or escapes. */
const NAMES = [
  '海宁市ABC公益服务中心',
  '海宁市abc2号服务站',
  '海宁市Abc-3志愿者协会',
  '海宁市100%满意服务社',
  '海宁市_下划线文体协会',
  '海宁市50%_测试促进会',
  '海宁市5A级社工事务所',
  '海宁市鑫源助学基金会',
  '许村镇鑫桥村鑫鑫互助会',
  '海宁市反斜杠\\测试服务队',
];

async function insertOrgs() {
  const town = await regionByCode(ctx.t.app, '330481101');
  for (const name of NAMES) {
    await db().execute(sql`insert into orgs (name, type, registration, town_id, region_path, address, business_scope, legal_rep_name, founded_on)
      values (${name}, 'communityOrg', 'filed', ${town.id}, ${town.path}, '海宁市许村镇', '测试检索', '张三', '2020-01-01')`);
  }
}

/** Every page of the directory for `q`, as ids in order. */
async function search(q: string, path = '/api/v1/orgs', limit = 3): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(ctx.t.app, path.includes('public') ? null : ctx.as.admin, 'GET', `${path}?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** What a plain ILIKE over the table finds, in the directory's order: the answer before the index. */
async function byIlike(q: string): Promise<{ id: string; name: string }[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rows<{ id: string; name: string }>(
    db(),
    sql`select id, name from orgs where name ilike ${pattern} and status in ('active', 'changing') order by length(name), name_pinyin, id`,
  );
}

describe('name search through the posting lists', () => {
  it('finds the same organizations in the same order as ILIKE, for any kind of term', async () => {
    await insertOrgs();
    const cases: [string, string[]][] = [
      ['鑫', ['海宁市鑫源助学基金会', '许村镇鑫桥村鑫鑫互助会']],
      ['鑫鑫', ['许村镇鑫桥村鑫鑫互助会']],
      ['abc', ['海宁市ABC公益服务中心', '海宁市abc2号服务站', '海宁市Abc-3志愿者协会']],
      ['ABC2', ['海宁市abc2号服务站']],
      ['c-3志', ['海宁市Abc-3志愿者协会']],
      ['5a级', ['海宁市5A级社工事务所']],
      ['%', ['海宁市100%满意服务社', '海宁市50%_测试促进会']],
      ['0%', ['海宁市100%满意服务社', '海宁市50%_测试促进会']],
      ['_', ['海宁市_下划线文体协会', '海宁市50%_测试促进会']],
      ['%_', ['海宁市50%_测试促进会']],
      ['\\', ['海宁市反斜杠\\测试服务队']],
      ['x%y', []],
    ];
    for (const [q, expected] of cases) {
      const want = await byIlike(q);
      expect(want.map((o) => o.name).sort(), q).toEqual([...expected].sort());
      expect(await search(q), q).toEqual(want.map((o) => o.id));
      expect(await search(q, '/api/v1/public/orgs'), q).toEqual(want.map((o) => o.id));
    }
  });

  it('agrees with ILIKE on common one- and two-character terms across pages', async () => {
    for (const q of ['会', '协会', '服务中心', '海宁市许村镇']) {
      const want = (await byIlike(q)).map((o) => o.id);
      expect(want.length, q).toBeGreaterThan(3);
      expect(await search(q, '/api/v1/orgs', 50), q).toEqual(want);
    }
  });

  it('reads the rarest pair of a longer term once statistics exist, with the same answers', async () => {
    await db().execute(sql`analyze org_name_postings`);
    for (const q of ['海宁市许村镇', '鑫桥村', '服务中心', 'abc2号']) {
      const want = (await byIlike(q)).map((o) => o.id);
      expect(await search(q, '/api/v1/orgs', 2), q).toEqual(want);
    }
  });

  it('keeps the posting lists in step with renames and removals', async () => {
    const [org] = await rows<{ id: string }>(db(), sql`select id from orgs where name = '海宁市鑫源助学基金会'`);
    await db().execute(sql`update orgs set name = '海宁市淼淼助学基金会' where id = ${org.id}`);
    expect(await search('鑫源')).toEqual([]);
    expect(await search('淼')).toEqual([org.id]);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from org_name_postings where org_id = ${org.id}`);
    // 海宁市淼淼助学基金会: 10 characters, 9 distinct, 9 pairs.
    expect(n).toBe(18);
    await db().execute(sql`delete from orgs where id = ${org.id}`);
    const [{ m }] = await rows<{ m: number }>(db(), sql`select count(*)::int as m from org_name_postings where org_id = ${org.id}`);
    expect(m).toBe(0);
  });
});

describe('pickGram', () => {
  const freq = new Map([
    ['海宁', 0.05],
    ['宁市', 0.05],
    ['居家', 0.004],
    ['养老', 0.006],
    ['家养', 0.004],
  ]);
  it('reads a one- or two-character term as its own gram, exactly unless it has letters with case', () => {
    expect(pickGram('会', freq)).toEqual({ start: 0, length: 1, exact: true });
    expect(pickGram('养老', freq)).toEqual({ start: 0, length: 2, exact: true });
    expect(pickGram('Ab', freq)).toEqual({ start: 0, length: 2, exact: false });
  });
  it('picks the rarest pair of a longer term, and a pair missing from the statistics first of all', () => {
    expect(pickGram('居家养老', freq)).toEqual({ start: 0, length: 2, exact: false });
    expect(pickGram('海宁市', freq)).toEqual({ start: 0, length: 2, exact: false });
    expect(pickGram('海宁市许村', freq)).toEqual({ start: 2, length: 2, exact: false });
  });
});
