import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSuite } from './fixtures/suite.js';
import { choose, signIn } from './fixtures/browser.js';

/**
 * The foundation journey: an administrator browses the region tree, creates a town user scoped to
 * 长安镇; that user signs in, must change the password first, and then sees only 长安镇.
 */
const suite = useSuite();

async function apiJson(page: Page, path: string) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin' });
    return { status: res.status, body: await res.json() };
  }, path);
}

describe('administrator creates a town user who sees only their town', () => {
  const username = 'changan_zm';
  const initial = 'Changan-Init-2026';
  const chosen = 'Changan-Mine-2026!';

  it('admin signs in and browses the region tree', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    await signIn(page, suite.server.url, 'admin', 'Shezhi@2026');
    await page.getByTestId('menu-regions').click();
    const tree = page.getByTestId('region-tree');
    await tree.getByText('长安镇', { exact: true }).click();
    await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toContain('长安镇');
    const communities = await page.getByTestId('region-count-communities').innerText();
    expect(Number(communities.replace(/\D/g, ''))).toBeGreaterThan(10);

    await page.getByTestId('menu-users').click();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-displayname').fill('长安镇 张敏');
    await page.getByTestId('user-password').fill(initial);
    await choose(page, 'user-role', '镇街工作人员');
    await choose(page, 'user-scope', '长安镇');
    await page.getByTestId('user-submit').click();
    await expect.poll(async () => (await apiJson(page, `/api/v1/users?q=${username}`)).body.items?.length ?? 0).toBe(1);
    const created = (await apiJson(page, `/api/v1/users?q=${username}`)).body.items[0];
    expect(created.grants).toEqual([expect.objectContaining({ role: 'townStaff', scopeName: '长安镇' })]);
    // Creating opens the new user's details; close them and find the user in the list.
    await expect.poll(() => page.locator('.ant-drawer-title').first().innerText()).toContain('张敏');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
    await expect.poll(() => page.getByTestId(`user-open-${username}`).isVisible()).toBe(true);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await page.close();
  });

  it('the new user must change the password, then sees only 长安镇 (on a phone)', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 375, height: 800 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await signIn(page, suite.server.url, username, initial);
    await page.getByTestId('cp-current').fill(initial);
    await page.getByTestId('cp-new').fill(chosen);
    await page.getByTestId('cp-confirm').fill(chosen);
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-regions').click();
    const tree = page.getByTestId('region-tree');
    await expect.poll(() => tree.innerText()).toContain('长安镇');
    const text = await tree.innerText();
    for (const other of ['海宁市', '许村镇', '硖石街道']) expect(text).not.toContain(other);
    // The menu offers only what the role may use.
    await page.getByTestId('menu-toggle').click();
    expect(await page.getByTestId('menu-users').count()).toBe(0);
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    // And the server agrees: only 长安镇 among the towns; another town is 404.
    const towns = await apiJson(page, '/api/v1/regions?level=town');
    expect(towns.body.items.map((r: { name: string }) => r.name)).toEqual(['长安镇']);
    await page.close();
  });

  it('the old password no longer works and the new one does', async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.server.url, username, initial);
    await expect.poll(() => page.getByTestId('login-error').isVisible()).toBe(true);
    await signIn(page, suite.server.url, username, chosen);
    await expect.poll(() => page.getByTestId('current-user-name').innerText()).toContain('张敏');
    await page.close();
  });
});
