import { describe, expect, it } from 'vitest';
import { useSuite } from './fixtures/suite.js';
import { apiJson, signedIn } from './fixtures/browser.js';

/**
 * The workbench and the inbox as the office and an org member see them (issue 15 §3): the home page says what waits,
 * overdue first, and the figures of the role; the inbox names every state in the reader's language; the menu
 * holds what the role does.
 */
const suite = useSuite();

const PROJECT_STATE_CODES = ['proposed', 'planned', 'calling', 'procuring', 'noticing', 'awarded', 'implementing', 'evaluating', 'closing'];

describe('the workbench and the inbox', () => {
  it('shows the office what waits on it, its figures, and a menu without the expert’s and the orgs’ pages', async () => {
    const page = await signedIn(suite.browser, suite.server.url, 'admin', { width: 1366, height: 800 });
    await page.getByTestId('workbench-waiting').waitFor();
    const { body } = await apiJson<{ waiting: { total: number; overdue: number } }>(page, '/api/v1/workbench');
    expect(body.waiting.total).toBeGreaterThan(0);
    expect(Number((await page.getByTestId('workbench-waiting-total').innerText()).replace(/\D/g, ''))).toBe(body.waiting.total);
    expect(await page.getByTestId('workbench-waiting-overdue').innerText()).toContain(String(body.waiting.overdue));
    expect(await page.getByTestId('workbench-waiting-item').count()).toBe(Math.min(5, body.waiting.total));
    for (const key of ['applications.inProgress', 'orgs.registered', 'projects.implementing']) await page.getByTestId(`workbench-figure-${key}`).waitFor();
    // No tile grid of routes, no literal route patterns.
    expect(await page.locator('a[href*=":"]').count()).toBe(0);
    const menu = await page.locator('.ant-layout-sider').innerHTML();
    for (const mine of ['menu-inbox', 'menu-projects', 'menu-orgs', 'menu-funds']) expect(menu).toContain(mine);
    for (const notMine of ['menu-reviews', 'menu-calls']) expect(menu).not.toContain(notMine);

    // The figure opens its list.
    await page.getByTestId('workbench-figure-projects.implementing').click();
    await page.waitForURL(/\/projects\?state=implementing/);
    await page.close();
  });

  it('names project states in Chinese in the inbox, and in English after the switch', async () => {
    const page = await signedIn(suite.browser, suite.server.url, 'admin', { width: 1366, height: 800 });
    await page.getByTestId('menu-inbox').click();
    await page.getByTestId('inbox-item').first().waitFor();
    const text = await page.getByTestId('inbox-page').innerText();
    for (const code of PROJECT_STATE_CODES) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(text).toContain('当前环节');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en-US').click();
    await expect.poll(() => page.getByTestId('inbox-page').innerText()).toContain('Stage');
    const en = await page.getByTestId('inbox-page').innerText();
    for (const code of PROJECT_STATE_CODES) expect(en).not.toMatch(new RegExp(`\\b${code}\\b`));
    // The state tags are English names, not codes and not Chinese.
    const tags = await page.locator('[data-testid="inbox-page"] .ant-tag').allInnerTexts();
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.some((t) => /[\u4e00-\u9fff]/.test(t))).toBe(false);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-zh-CN').click();
    await page.close();
  });

  it('gives an org member its own figures and the calls page, and fits a phone', async () => {
    const page = await signedIn(suite.browser, suite.server.url, 'jigou1', { width: 375, height: 800 });
    await page.getByTestId('workbench-figure-projects.openCalls').waitFor();
    await page.getByTestId('workbench-figure-applications.mine').waitFor();
    expect(await page.getByTestId('workbench-figure-orgs.registered').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByTestId('workbench-figure-projects.openCalls').click();
    await page.waitForURL(/\/calls$/);
    await page.close();
  });
});
