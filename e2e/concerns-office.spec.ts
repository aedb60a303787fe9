import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson, choose } from './fixtures/browser.js';
import { confirmModal, useSuite } from './fixtures/suite.js';

/**
 * 民情办理 for staff (issue 17 §4): a concern collected in a 许村镇 village is recorded (through the API, as a
 * collector's phone would); the office opens the list, narrows it by status and words, opens the concern, accepts it
 * and replies, and reads the statistics; 许村镇's staff cannot open a concern of another town, nor find it in their list.
 */
const suite = useSuite();
suite.guard('concerns-office');

interface Place {
  id: string;
  name: string;
}

/** A village or community of a town, by the town's name (the public place picker's answers). */
async function placeIn(page: Page, town: string): Promise<Place> {
  const towns = await apiJson<{ items: Place[] }>(page, '/api/v1/public/concern-places?city=330481');
  const t = towns.body.items.find((x) => x.name === town)!;
  const places = await apiJson<{ items: Place[] }>(page, `/api/v1/public/concern-places?city=330481&parentId=${t.id}`);
  return places.body.items[0];
}

async function raise(page: Page, regionId: string, description: string): Promise<{ id: string; number: string }> {
  const res = await apiJson<{ id: string; number: string }>(page, '/api/v1/concerns', { method: 'POST', body: { categoryCode: 'facilities', regionId, description } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const HERE = '路口的井盖缺失了一块，夜里骑车很危险，请尽快补上。';
const ELSEWHERE = '长安镇这边的健身器材螺丝松动，老人锻炼时担心受伤。';

describe('民情办理', () => {
  let elsewhere: { id: string; number: string };

  it('the office filters the list, opens a concern, accepts it, replies, and reads the statistics', async () => {
    const page = await suite.signedIn('office', 'admin');
    const village = await placeIn(page, '许村镇');
    const concern = await raise(page, village.id, HERE);
    elsewhere = await raise(page, (await placeIn(page, '长安镇')).id, ELSEWHERE);

    suite.log('the list, narrowed');
    await page.getByTestId('menu-concerns').click();
    await page.getByTestId('concern-table').waitFor();
    await choose(page, 'concern-state-filter', '待受理');
    // antd puts the test id on the search box's input or its wrapper, depending on the version
    const search = page.locator('input[data-testid="concern-search"], [data-testid="concern-search"] input').first();
    await search.fill('井盖缺失');
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('concern-row').allInnerTexts(), { timeout: 15_000 }).toEqual([concern.number]);
    expect(page.url()).toContain('state=submitted');

    suite.log('the concern: accept');
    await page.getByTestId('concern-row').click();
    await page.getByTestId('concern-page').waitFor();
    expect(await page.getByTestId('concern-description').innerText()).toBe(HERE);
    await page.getByTestId('action-accept').click();
    await expect.poll(() => page.getByTestId('concern-page').locator('h3').innerText(), { timeout: 15_000 }).toContain('已受理');
    expect(await page.getByTestId('case-timeline').innerText()).toContain('受理');

    suite.log('reply');
    await page.getByTestId('action-reply').click();
    await page.getByTestId('concern-reply-text').fill('已通知市政养护单位，今天下午补齐井盖并设置警示。');
    await confirmModal(page);
    await page.getByTestId('concern-reply').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('concern-page').locator('h3').innerText()).toContain('已答复');
    expect(await page.getByTestId('concern-reply').innerText()).toContain('今天下午补齐井盖');
    // The resident rates next: the office may record a rating given by phone, or close it.
    await page.getByTestId('action-close').waitFor();
    expect(await page.getByTestId('action-rate').count()).toBe(1);

    suite.log('the statistics');
    await page.getByTestId('concern-page').getByText('返回民情列表').click();
    await page.getByTestId('concern-tab-stats').click();
    await page.getByTestId('concern-stats').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('concern-within-limit').innerText()).toMatch(/\d+(\.\d)?%/);
    await expect.poll(() => page.getByTestId('concern-tile').count()).toBe(12);
    await page.getByTestId('concern-tile').filter({ hasText: '许村镇' }).click();
    await expect.poll(() => page.getByTestId('concern-tile').count()).toBeGreaterThan(12);
  });

  it('许村镇’s staff cannot open a concern of 长安镇, nor find it in their list', async () => {
    const page = await suite.signedIn('town', 'xucun');
    await page.goto(`${suite.server.url}/concerns/${elsewhere.id}`);
    await page.getByText('不存在或您无权查看').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('concern-page').count()).toBe(0);
    await page.goto(`${suite.server.url}/concerns?q=${encodeURIComponent('健身器材螺丝松动')}`);
    await page.getByTestId('concern-filters').waitFor();
    await page.locator('.ant-table-tbody').waitFor();
    // The answer, not the table while it loads: the empty state says the filters found nothing.
    await page.getByText('没有符合条件的民情').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('concern-row').count()).toBe(0);
    // Their list holds their town's concerns only.
    await page.goto(`${suite.server.url}/concerns`);
    await expect.poll(() => page.getByTestId('concern-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const places = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(4)').allInnerTexts();
    expect(places.length).toBeGreaterThan(0);
    expect(places.filter((p) => !p.startsWith('许村镇'))).toEqual([]);
  });
});
