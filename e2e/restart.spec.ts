import { describe, expect, it } from 'vitest';
import { createStore, startServer } from './fixtures/server.js';

async function signIn(base: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Shezhi@2026' }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { user } = (await res.json()) as { user: { csrfToken: string } };
  return { cookie, csrf: user.csrfToken };
}

describe('npm start on the same data', () => {
  it('Ctrl-C stops cleanly and the next start keeps every change, with an intact audit chain', async () => {
    const store = await createStore();
    try {
      const first = await startServer(store);
      const s = await signIn(first.url);
      const towns = (await (await fetch(`${first.url}/api/v1/regions?level=town`, { headers: { cookie: s.cookie } })).json()) as { items: { id: string; name: string; version: number }[] };
      const town = towns.items.find((t) => t.name === '盐官镇')!;
      const renamed = await fetch(`${first.url}/api/v1/regions/${town.id}`, {
        method: 'PATCH',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ version: town.version, name: '盐官镇（测试）' }),
      });
      expect(renamed.status).toBe(200);
      expect(await first.interrupt()).toBe(0);

      const second = await startServer(store);
      try {
        const again = await signIn(second.url);
        const node = (await (await fetch(`${second.url}/api/v1/regions/${town.id}`, { headers: { cookie: again.cookie } })).json()) as { name: string; version: number };
        expect(node).toMatchObject({ name: '盐官镇（测试）', version: town.version + 1 });
        // demo data is not loaded twice
        const all = (await (await fetch(`${second.url}/api/v1/regions?level=town`, { headers: { cookie: again.cookie } })).json()) as { items: unknown[] };
        expect(all.items).toHaveLength(12);
        const verify = (await (await fetch(`${second.url}/api/v1/audit/verify`, { headers: { cookie: again.cookie } })).json()) as { ok: boolean; checked: number };
        expect(verify.ok).toBe(true);
        expect(verify.checked).toBeGreaterThanOrEqual(4);
      } finally {
        expect(await second.interrupt()).toBe(0);
      }
    } finally {
      await store.dispose();
    }
  });
});
