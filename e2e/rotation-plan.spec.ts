import { describe, expect, it } from 'vitest';
import { confirmModal, useSuite } from './fixtures/suite.js';

/**
 * The office plans a season as issue 17 §2 has it: the solver pairs every resource with a town for 2027 and
 * computes the first season; the office opens the plan, swaps two resources (the rules are checked before anything
 * is saved), and publishes the season to its assignees.
 */
const suite = useSuite();
suite.guard('rotation-plan');

describe('the rotation plan', () => {
  it('pairs, computes a season, swaps two resources with the rules checked, and publishes', async () => {
    const page = await suite.signedIn('admin', 'admin');
    await page.goto(`${suite.server.url}/rotation?year=2027&tab=pairing`);

    suite.log('pairing');
    await page.getByTestId('rotation-propose').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '求解生成结对' }).click();
    await page.getByText(/已结对 \d+ 个力量/).waitFor({ timeout: 120_000 });

    suite.log('compute the first season');
    await page.getByRole('tab', { name: '季度方案' }).click();
    await page.getByTestId('rotation-compute-1').click();
    await page.getByTestId('rotation-open-1').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('rotation-season-1').innerText()).toContain('硬性规则全部满足');
    await page.getByTestId('rotation-open-1').click();
    await page.waitForURL((url) => url.pathname === '/rotation/plans/2027/1');
    await page.getByTestId('rotation-assignment').first().waitFor();
    expect(await page.getByTestId('rotation-town-status').innerText()).toContain('最优');

    suite.log('swap two resources');
    const first = page.getByTestId('rotation-assignment').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByTestId('rotation-move-community').click();
    // another community of the town, same role: its resource trades places with this one
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click();
    const move = page.getByTestId('rotation-move');
    expect(await move.innerText()).toMatch(/^与.+互换$/);
    await move.click();
    const dialog = page.locator('.ant-modal-wrap:visible');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${name} 与`);
    // a swap keeps every cell covered: no hard rule is broken, so it can be confirmed
    expect(await dialog.innerText()).not.toContain('违反硬性规则');
    const saved = page.waitForResponse((r) => r.url().includes('/edit') && r.request().method() === 'POST', { timeout: 60_000 });
    expect(await dialog.locator('.ant-modal-footer .ant-btn-primary').innerText()).toContain('确认调整');
    // confirmModal clicks again when a click is lost while the dialog settles (CI's PostgreSQL leg lost one once).
    await confirmModal(page);
    const res = await saved;
    suite.log(`edit answered ${res.status()}: ${(await res.text()).slice(0, 200)}`);
    expect(res.status()).toBe(200);
    await expect.poll(() => page.getByTestId('rotation-assignment').filter({ hasText: `✎ ${name}` }).count()).toBe(1);

    suite.log('publish');
    await page.getByTestId('rotation-publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布方案' }).click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(/方案已发布[\s\S]*共 \d+ 个力量，已通知其中有账号的 \d+ 个/);
  });
});
