import { describe, expect, it } from 'vitest';
import { useSuite } from './fixtures/suite.js';
import { apiJson, signedIn as signedInAs } from './fixtures/browser.js';

/**
 * Special funds: the office sees the whole 2026 fund, is refused an allocation the line cannot cover (in
 * words), raises 卫健局's share and finds the movement in the ledger; 卫健局's staff see only 卫健局; a
 * town user has no funds menu at all.
 */
const suite = useSuite();

const signedIn = (username: string, viewport?: { width: number; height: number }) => signedInAs(suite.browser, suite.server.url, username, viewport);

describe('special funds', () => {
  it('the office adjusts 卫健局’s allocation and the ledger shows it', async () => {
    const page = await signedIn('admin');
    await page.getByTestId('menu-funds').click();
    await expect.poll(() => page.getByTestId('fund-card-total-value').innerText()).toBe('1,000 万元');
    const row = page.getByTestId('allocation-services-卫健局');
    await expect.poll(() => row.innerText()).toContain('450,000.00');

    // More than the line has unallocated (300,000.00): refused in words, nothing changes.
    await row.getByTestId('allocation-adjust').click();
    await page.getByTestId('allocation-amount').fill('9000000');
    await page.getByTestId('allocation-submit').click();
    await expect.poll(() => page.getByTestId('fund-problem').innerText()).toContain('经费不足');
    expect(await page.getByTestId('fund-problem').innerText()).toContain('尚未分配的额度为 300,000.00 元');

    // Within it: 450,000 → 500,000.
    await page.getByTestId('allocation-amount').fill('500,000');
    await page.getByTestId('allocation-note').fill('年中追加（浏览器测试）');
    await page.getByTestId('allocation-submit').click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await expect.poll(() => row.innerText()).toContain('500,000.00');
    await expect.poll(() => page.getByTestId('line-services').innerText()).toContain('250,000.00');

    await page.getByTestId('fund-tab-ledger').click();
    const newest = page.getByTestId('ledger-row').first();
    await expect.poll(() => newest.innerText()).toContain('年中追加（浏览器测试）');
    const text = await newest.innerText();
    expect(text).toContain('卫健局');
    expect(text).toContain('+50,000.00');
    expect(text).toContain('500,000.00');
    expect(text).toContain('社工办管理员');
    await page.close();
  });

  it('卫健局’s staff see only 卫健局', async () => {
    const page = await signedIn('weijian');
    await page.getByTestId('menu-funds').click();
    await page.getByTestId('fund-own-view').waitFor();
    const lines = page.getByTestId('fund-lines');
    await expect.poll(() => lines.innerText()).toContain('卫健局');
    const shown = await lines.innerText();
    for (const other of ['民政局', '市委社工办', '教育局', '培育奖补']) expect(shown).not.toContain(other);
    await expect.poll(() => page.getByTestId('fund-card-total-value').innerText()).toBe('50 万元');
    expect(await page.getByTestId('line-edit-services').count()).toBe(0);

    await page.getByTestId('fund-tab-ledger').click();
    await expect.poll(() => page.getByTestId('ledger-row').count()).toBeGreaterThan(0);
    for (const rowText of await page.getByTestId('ledger-row').allInnerTexts()) expect(rowText).toContain('卫健局');

    // The server agrees: only 卫健局's allocation comes back.
    const { body: list } = await apiJson(page, '/api/v1/funds');
    const { body: fund } = await apiJson(page, `/api/v1/funds/${list.items[0].id}`);
    const departments = fund.lines.flatMap((l: { allocations: { departmentName: string }[] }) => l.allocations.map((a) => a.departmentName));
    expect(departments).toEqual(['卫健局']);
    await page.close();
  });

  it('a town user has no funds menu and the page is closed to them, but reads the catalog', async () => {
    const page = await signedIn('xucun', { width: 390, height: 844 });
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-catalog').waitFor();
    expect(await page.getByTestId('menu-funds').count()).toBe(0);
    await page.getByTestId('menu-catalog').click();
    await expect.poll(() => page.getByTestId('catalog-category').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('catalog-add').count()).toBe(0);
    await page.goto(`${suite.server.url}/funds`);
    await expect.poll(() => page.locator('.ant-result-403').count()).toBe(1);
    expect((await apiJson(page, '/api/v1/funds')).status).toBe(403);
    await page.close();
  });
});
