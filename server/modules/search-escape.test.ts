// Every list that searches by what a user typed treats % and _ as text (platform/db/like.ts): a search for "%"
// finds what contains a percent sign — here nothing — instead of every row, and "_" is not "any character".
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../test/harness.js';

const ctx = useTestApp('admin');

const LISTS = ['/api/v1/orgs', '/api/v1/regions', '/api/v1/applications', '/api/v1/projects', '/api/v1/users', '/api/v1/public/projects'];

describe('searching with LIKE wildcards in the text', () => {
  for (const url of LISTS) {
    it(`${url} finds no row for q=% or q=_ while a plain search finds rows`, async () => {
      for (const q of ['%', '_', '%%', '\\']) {
        const res = await call(ctx.t.app, url.includes('/public/') ? null : ctx.as.admin, 'GET', `${url}?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, `${url} q=${q}`).toBe(200);
        expect(res.json().items, `${url} q=${q}`).toEqual([]);
      }
      const all = await call(ctx.t.app, url.includes('/public/') ? null : ctx.as.admin, 'GET', url);
      expect(all.json().items.length).toBeGreaterThan(0);
    });
  }
});
