import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { rows } from '../../platform/db/sql.js';
import { call, useTestApp } from '../../test/harness.js';

const ctx = useTestApp('admin');
const db = () => ctx.t.app.database.db;

interface Page {
  items: { id: string; name: string; creditCode: string | null; townName: string; type: string; grade: string | null; serviceFields: string[] }[];
  nextCursor: string | null;
  total: number | null;
  totalCapped: boolean;
}
const get = async (query: string) => {
  const res = await call(ctx.t.app, null, 'GET', `/api/v1/public/orgs?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};
async function all(query: string): Promise<Page['items']> {
  const out: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await get(`${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** pinyin-pro's reading of each character, compared syllable by syllable: what a reader means by 拼音顺序. */
const byPinyin = (a: string, b: string) => {
  const key = (s: string) => [...s].map((c) => pinyin(c, { toneType: 'num', type: 'array', v: true })[0] ?? c);
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return ka.length - kb.length;
};

describe('the public directory', () => {
  it('lists names in pinyin order, not code-point order, on every page (staff directory too)', async () => {
    const town = (await rows<{ id: string; path: string }>(db(), sql`select id, path from regions where code = '330481101'`))[0];
    // 阿 (ā) before 白 (bái) before 长 (cháng) before 海 (hǎi) before 中 (zhōng); by code point 中 (U+4E2D) would come first.
    for (const name of ['中心测试公益社', '阿里测试公益社', '海宁测试公益社', '白鹭测试公益社', '长安测试公益社']) {
      await db().execute(sql`insert into orgs (name, type, registration, town_id, region_path, address, business_scope, legal_rep_name, founded_on)
        values (${name}, 'communityOrg', 'filed', ${town.id}, ${town.path}, '海宁市许村镇', '测试排序', '张三', '2020-01-01')`);
    }
    const names = (await all('q=测试公益社')).map((o) => o.name);
    expect(names).toEqual(['阿里测试公益社', '白鹭测试公益社', '长安测试公益社', '海宁测试公益社', '中心测试公益社']);
    const whole = (await all('type=communityOrg')).map((o) => o.name);
    expect(whole.length).toBeGreaterThan(50);
    const pinyinSorted = [...whole].sort(byPinyin);
    // Where two names read alike to the syllable and tone, the order is only by pinyin and id: compare keys.
    expect(whole.map((n) => pinyin(n, { toneType: 'num', v: true }))).toEqual(pinyinSorted.map((n) => pinyin(n, { toneType: 'num', v: true })));
    expect(whole).not.toEqual([...whole].sort());
    const staff = (await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs?q=${encodeURIComponent('测试公益社')}`)).json<Page>();
    expect(staff.items.map((o) => o.name)).toEqual(names);
  });

  it('keeps the key when a name changes, in the table and in the posting lists', async () => {
    const [org] = await rows<{ id: string }>(db(), sql`update orgs set name = '阿阿测试公益社' where name = '中心测试公益社' returning id`);
    const [after] = await rows<{ name_pinyin: string; postings: number }>(
      db(),
      sql`select o.name_pinyin, (select count(*)::int from org_name_postings p where p.org_id = o.id and p.name_pinyin = o.name_pinyin) as postings from orgs o where o.id = ${org.id}`,
    );
    expect(after.name_pinyin.startsWith('a1a1ce4shi4')).toBe(true);
    expect(after.postings).toBeGreaterThan(10);
    expect((await all('q=测试公益社')).map((o) => o.name)[0]).toBe('阿阿测试公益社');
  });

  it('finds an organization by its credit code, whole or by its first characters, in any case', async () => {
    const [org] = await rows<{ id: string; credit_code: string }>(db(), sql`select id, credit_code from orgs where credit_code is not null and status = 'active' order by name_pinyin limit 1`);
    const exact = await get(`q=${org.credit_code.toLowerCase()}`);
    expect(exact.items.map((o) => o.id)).toEqual([org.id]);
    expect(exact.total).toBe(1);
    const prefix = org.credit_code.slice(0, 10);
    const found = await all(`q=${prefix}`);
    expect(found.map((o) => o.id)).toContain(org.id);
    for (const o of found) expect(o.creditCode!.startsWith(prefix)).toBe(true);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from orgs where left(credit_code, 10) = ${prefix} and status in ('active', 'changing')`);
    expect(found).toHaveLength(n);
    expect((await get(`q=${org.credit_code.slice(0, 17)}Y`)).items.filter((o) => o.id === org.id)).toEqual([]);
  });

  it('filters by town, type, service field and grade, and the first page tells the total', async () => {
    const query = `town=330481101&type=serviceAgency&serviceField=elderly`;
    const [{ n }] = await rows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from orgs o join regions r on r.id = o.town_id where r.code = '330481101' and o.type = 'serviceAgency' and 'elderly' = any(o.service_fields) and o.status in ('active', 'changing')`,
    );
    expect(n).toBeGreaterThan(0);
    const first = await get(`${query}&limit=1`);
    expect(first.total).toBe(n);
    expect(first.totalCapped).toBe(false);
    expect(first.items.every((o) => o.townName === '许村镇' && o.type === 'serviceAgency' && o.serviceFields.includes('elderly'))).toBe(true);
    if (first.nextCursor) expect((await get(`${query}&limit=1&cursor=${first.nextCursor}`)).total).toBeNull();
    const graded = await all('grade=5A');
    expect(graded.length).toBeGreaterThan(0);
    expect(graded.every((o) => o.grade === '5A')).toBe(true);
    expect((await get('grade=5A')).total).toBe(graded.length);
    const search = await get(`q=${encodeURIComponent('养老')}&limit=2`);
    const [{ m }] = await rows<{ m: number }>(db(), sql`select count(*)::int as m from orgs where name like '%养老%' and status in ('active', 'changing')`);
    expect(search.total).toBe(m);
  });
});
