import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { call, failedFields, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { checkCreditCode, makeCreditCode } from '../../../contracts/identifiers.js';
import { ZCreditCodeCheck } from '../../../contracts/orgs.js';

const ctx = useTestApp('admin');
const check = (code: string, headers: Record<string, string> = {}) => call(ctx.t.app, null, 'GET', `/api/v1/credit-codes/${encodeURIComponent(code)}`, undefined, headers);

describe('the GB 32100-2015 check, as a pure rule', () => {
  it('accepts well-formed codes and names the expected check character when one is wrong', () => {
    for (const code of ['91110108551385082Q', '91350100M000100Y43', makeCreditCode('2', '330481', 1234)]) expect(checkCreditCode(code), code).toBeNull();
    expect(checkCreditCode('91110108551385082R')).toMatchObject({ position: 18, expected: 'Q' });
    // Character 17 is the GB 11714 check of the organization code inside (characters 9–16).
    expect(checkCreditCode('91110108551385083Q')).toMatchObject({ position: 17, expected: '2' });
  });

  it('counts and quotes characters, not UTF-16 units', () => {
    expect(checkCreditCode('9111010855138508😀')?.zh).toBe('统一社会信用代码应为 18 位，当前为 17 位。');
    expect(checkCreditCode('91110108551385082😀')).toMatchObject({ position: 18, zh: expect.stringContaining('“😀”') });
  });
});

describe('GET /api/v1/credit-codes/:code', () => {
  it('needs no login and says a good code is valid, in any letter case and with spaces around it', async () => {
    for (const code of ['91110108551385082Q', '91110108551385082q', ' 91350100M000100Y43 ']) {
      const res = await check(code);
      expect(res.statusCode, code).toBe(200);
      expect(res.json(), code).toEqual({ valid: true });
    }
  });

  it('every credit code in the demo registry passes', async () => {
    const codes = await rows<{ credit_code: string }>(ctx.t.app.database.db, sql`select credit_code from orgs where credit_code is not null limit 20`);
    expect(codes.length).toBe(20);
    for (const { credit_code } of codes) expect((await check(credit_code)).json(), credit_code).toEqual({ valid: true });
  });

  it('names position 18, the wrong character and the expected one, in Chinese or in English', async () => {
    const zh = (await check('91110108551385082R')).json();
    expect(zh).toEqual({ valid: false, position: 18, expectedCheck: 'Q', message: '第 18 位校验码应为 Q，实际为 R。' });
    const en = (await check('91110108551385082R', { 'accept-language': 'en-US,en;q=0.9' })).json();
    expect(en).toEqual({ valid: false, position: 18, expectedCheck: 'Q', message: 'Character 18 (check character) should be Q, not R.' });
  });

  it('explains wrong lengths and characters outside the alphabet', async () => {
    expect((await check('9111010855138508')).json()).toEqual({ valid: false, message: '统一社会信用代码应为 18 位，当前为 16 位。' });
    expect((await check('9111010855138508', { 'accept-language': 'en' })).json().message).toBe('A unified social credit code has 18 characters, not 16.');
    const letterO = (await check('91110108551385O82Q')).json();
    expect(letterO).toMatchObject({ valid: false, position: 15 });
    expect(letterO.message).toContain('第 15 位“O”');
    expect(letterO).not.toHaveProperty('expectedCheck');
    expect((await check('91AB0108551385082Q')).json()).toMatchObject({ valid: false, position: 3, message: '第 3–8 位应为 6 位数字的行政区划码。' });
  });

  it('answers junk with valid:false, never a server error', async () => {
    const junk = ['社会组织', ' ', '%', '../../etc/passwd', "' or 1=1 --", '\u0001\u0002', '<script>alert(1)</script>', '𠮷'.repeat(18), 'A'.repeat(100), '9'.repeat(18)];
    for (const code of junk) {
      const res = await check(code);
      expect(res.statusCode, JSON.stringify(code)).toBe(200);
      const body = ZCreditCodeCheck.parse(res.json());
      expect(body.valid, JSON.stringify(code)).toBe(false);
      expect(body.message, JSON.stringify(code)).toBeTruthy();
    }
    // Already-encoded junk in the raw URL, sent as it is; an empty code is 0 characters long.
    for (const url of ['/api/v1/credit-codes/', '/api/v1/credit-codes/%E4%B8%AD%E6%96%87', '/api/v1/credit-codes/%2F%2F', '/api/v1/credit-codes/a%20b', '/api/v1/credit-codes/%25%32%46']) {
      const res = await ctx.t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.json().valid, url).toBe(false);
    }
    // PostgreSQL cannot hold U+0000: every string carrying one is refused at the edge (issue 13 §3).
    const nul = await check('\u0000\u0001');
    expect(failedFields(nul, 'validation')).toEqual(['code']);
  });

  // These two are answered before any route runs: problem+json that does not echo the path.
  it('beyond 100 characters the router refuses the path (414); a broken %-escape is a 400; neither is a 500', async () => {
    const long = await check('A'.repeat(101));
    expect(long.statusCode).toBe(414);
    expect(long.json().code).toBe('uri_too_long');
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    const broken = await ctx.t.app.inject({ method: 'GET', url: '/api/v1/credit-codes/%E0%A4%A' });
    expect(broken.statusCode).toBe(400);
  });

  it('holds for any string at all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 30 }), async (code) => {
        const res = await check(code);
        expect([200, 414, 422]).toContain(res.statusCode);
        // 422 only for what PostgreSQL cannot store: U+0000 or a lone surrogate.
        if (res.statusCode === 422) {
          expect(code).toMatch(/\u0000|[\uD800-\uDFFF]/);
          expect(failedFields(res, 'validation')).toEqual(['code']);
        }
        if (res.statusCode === 200) expect(ZCreditCodeCheck.parse(res.json()).valid).toBe(checkCreditCode(code) === null);
      }),
      { numRuns: 150 },
    );
  });

  it('is listed in the API document as public', async () => {
    expect(ctx.t.app.routeCatalog).toContainEqual(expect.objectContaining({ method: 'GET', url: '/api/v1/credit-codes/:code', permission: 'public' }));
  });
});
