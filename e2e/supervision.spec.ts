import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardJourney, journeyTrail } from './fixtures/journey.js';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createStore, startServer, type RunningServer } from './fixtures/server.js';
import { apiJson, launchBrowser, signIn } from './fixtures/browser.js';

/**
 * Third-party supervision, in the browser: the office names 陈静（第三方督导） on an implementing demo
 * project of jigou1's agency from the 第三方督导 card of its 督导与整改 tab; dudao1 finds it under
 * 督导任务 (a menu item the office does not have), records a visit that asks for one rectification;
 * jigou1 answers it; the worklist puts "请复核" on the project and dudao1 closes the item; the office
 * removes the supervisor, who then no longer sees the project. The worklist and the tab are also
 * checked at 375 px, and screenshots of both widths are left in /tmp/sup-shots/.
 */
type Store = Awaited<ReturnType<typeof createStore>>;
let store: Store;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Record<string, Page> = {};

const PASSWORD = 'Shezhi@2026';
const SUPERVISOR = '陈静（第三方督导）';
const SHOTS = '/tmp/sup-shots';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };
const { trail, log } = journeyTrail();

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  store = await createStore();
  server = await startServer(store);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await store?.dispose();
});

let projectId = '';
let projectTitle = '';
let projectNumber = '';

/** The user's page at desktop width, or at 375 px with `phone`; signed in once per width. */
async function as(username: string, phone = false): Promise<Page> {
  const key = phone ? `${username}@phone` : username;
  log(`as ${key}`);
  if (pages[key]) return pages[key];
  const context = await browser.newContext({ viewport: phone ? PHONE : DESKTOP, locale: 'zh-CN', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.url, username, PASSWORD);
  await page.getByTestId('current-user-name').waitFor();
  pages[key] = page;
  return page;
}

async function openTab(page: Page): Promise<Page> {
  log(`open supervision tab ${page.url()}`);
  await page.goto(`${server.url}/projects/${projectId}?tab=supervision`);
  await page.getByTestId('project-supervision').waitFor();
  return page;
}

async function openWorklist(page: Page): Promise<Locator> {
  await page.goto(`${server.url}/supervision`);
  await page.getByTestId('supervision-page').waitFor();
  await page.getByTestId('supervision-active').waitFor();
  return page.getByTestId('supervision-item').filter({ hasText: projectTitle });
}

/** The element's text now, or '' while it is not there (a poll must not wait inside its callback). */
async function textOf(l: Locator): Promise<string> {
  return (await l.count()) ? l.first().innerText() : '';
}

const visibleModal = (page: Page) => page.locator('.ant-modal-wrap:visible');
async function modalsClosed(page: Page) {
  // The request behind the modal and its closing animation can take longer than poll's 1 s default on a busy machine.
  await expect.poll(() => visibleModal(page).count(), { timeout: 10_000 }).toBe(0);
}

/** Nothing sticks out sideways: the page scrolls up and down only. */
async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Whether the element shows whole: no ancestor that clips (overflow other than visible) cuts it off, nor the window. */
function unclipped(e: Element): boolean {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.left < 0 || r.right > window.innerWidth + 0.5) return false;
  for (let a = e.parentElement; a; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (style.overflowX === 'visible' && style.overflow === 'visible') continue;
    const b = a.getBoundingClientRect();
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return false;
  }
  return true;
}

/** The menu's items (on a phone, in the drawer the ☰ button opens). */
async function menuItems(page: Page): Promise<string[]> {
  const phone = (page.viewportSize()?.width ?? 1440) < 600;
  if (phone) {
    await page.getByTestId('menu-toggle').click();
    await page.locator('.ant-drawer-open [data-testid^="menu-"]').first().waitFor();
  }
  const ids = await page.locator(`${phone ? '.ant-drawer-open ' : ''}.ant-menu [data-testid^="menu-"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  if (phone) {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
  }
  return ids;
}

async function shoot(page: Page, name: string) {
  // Let the notification toasts go before the picture.
  await expect.poll(() => page.locator('.ant-message-notice, .ant-notification-notice').count(), { timeout: 8000 }).toBe(0).catch(() => undefined);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  // A phone's first screen as the user holds it (the full page repeats the sticky header).
  if ((page.viewportSize()?.width ?? 1440) < 600) await page.screenshot({ path: `${SHOTS}/${name}-screen.png` });
  log(`shot ${name}`);
}

type Visit = { supervisorName: string; result: string; cleared: boolean; rectifications: { state: string; item: string; response: string | null }[] };
async function visits(page: Page): Promise<Visit[]> {
  const { status, body } = await apiJson(page, `/api/v1/projects/${projectId}/supervision`);
  expect(status).toBe(200);
  return body.items;
}

describe('a third-party supervisor named on a project, from the assignment to its removal', () => {
  guardJourney(trail, pages, 'sup-fail');

  it('picks an implementing demo project of jigou1’s agency with no supervisor and no visit yet', async () => {
    const provider = await as('jigou1');
    const { body: me } = await apiJson(provider, '/api/v1/auth/me');
    const orgId = (me.grants as { role: string; scopeId: string | null }[]).find((g) => g.role === 'orgMember')!.scopeId;
    expect(orgId).toBeTruthy();

    const office = await as('admin');
    const { body: list } = await apiJson(office, '/api/v1/projects?state=implementing&limit=100');
    for (const p of list.items as { id: string; title: string; number: string }[]) {
      const { body: detail } = await apiJson(office, `/api/v1/projects/${p.id}`);
      if (detail.case.orgId !== orgId) continue;
      const { body: named } = await apiJson(office, `/api/v1/projects/${p.id}/supervisors`);
      if (named.items.length) continue;
      if ((await apiJson(office, `/api/v1/projects/${p.id}/supervision`)).body.items.length) continue;
      [projectId, projectTitle, projectNumber] = [p.id, p.title, p.number];
      break;
    }
    expect(projectId, 'the demo data has an implementing jigou1 project without a supervisor or visit').not.toBe('');
    log(`project ${projectNumber} ${projectTitle}`);
    // Not on dudao1's list yet, and closed to them.
    const supervisor = await as('dudao1');
    const { body: mine } = await apiJson(supervisor, '/api/v1/supervision/mine');
    expect(mine.items.map((i: { projectId: string }) => i.projectId)).not.toContain(projectId);
    expect((await apiJson(supervisor, `/api/v1/projects/${projectId}`)).status).toBe(404);
  });

  it('the office has no 督导任务 menu item and names 陈静 in the 第三方督导 card', async () => {
    const page = await as('admin');
    const menu = await menuItems(page);
    expect(menu).toContain('menu-projects');
    expect(menu).not.toContain('menu-supervision');

    await openTab(page);
    const card = page.getByTestId('project-supervisors');
    await expect.poll(() => textOf(card)).toContain('未指派第三方督导');
    await card.getByTestId('supervisor-add').click();
    const modal = visibleModal(page);
    await modal.waitFor();
    const select = page.getByTestId('supervisor-select');
    // A click that lands while the dropdown is still animating selects nothing: try again.
    for (let attempt = 1; ; attempt++) {
      await select.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-content', { hasText: SUPERVISOR }).click();
      await modal.locator('.ant-modal-title').click();
      try {
        await expect.poll(() => textOf(select), { timeout: 3000 }).toContain(SUPERVISOR);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    // antd spaces out a two-character label (指 派): find the button by its id.
    await modal.locator('#supervisor-assign-ok').click();
    await modalsClosed(page);
    await expect.poll(() => textOf(card.getByTestId('supervisor-tag'))).toBe(SUPERVISOR);
    expect(await textOf(card)).not.toContain('未指派第三方督导');
    const { body } = await apiJson(page, `/api/v1/projects/${projectId}/supervisors`);
    expect(body.items).toMatchObject([{ name: SUPERVISOR }]);

    // At 375 px the card keeps the name and the button on screen.
    const phone = await openTab(await as('admin', true));
    const phoneCard = phone.getByTestId('project-supervisors');
    await expect.poll(() => textOf(phoneCard.getByTestId('supervisor-tag'))).toBe(SUPERVISOR);
    expect(await phoneCard.getByTestId('supervisor-add').isVisible()).toBe(true);
    await noSidewaysScroll(phone);
    await shoot(phone, 'admin-tab-phone-named');
  });

  it('dudao1 finds the project under 督导任务 and opens it from the worklist', async () => {
    const page = await as('dudao1');
    const menu = await menuItems(page);
    expect(menu).toContain('menu-supervision');
    // A supervisor sees their worklist, not the office's registers.
    for (const other of ['menu-projects', 'menu-funds', 'menu-orgs', 'menu-users', 'menu-audit', 'menu-calls', 'menu-reviews', 'menu-meetings', 'menu-dashboard', 'menu-applications']) expect(menu).not.toContain(other);

    await page.getByTestId('menu-supervision').click();
    await page.getByTestId('supervision-page').waitFor();
    const item = page.getByTestId('supervision-item').filter({ hasText: projectTitle });
    await expect.poll(() => item.count()).toBe(1);
    expect(await textOf(item)).toContain('请安排首次督导走访');
    expect(await textOf(item)).toContain('尚未督导');
    expect(await textOf(item)).toContain(projectNumber);

    await item.click();
    await page.waitForURL(new RegExp(`/projects/${projectId}\\?tab=supervision$`));
    await page.getByTestId('project-supervision').waitFor();
    const card = page.getByTestId('project-supervisors');
    await expect.poll(() => textOf(card.getByTestId('supervisor-tag'))).toBe(SUPERVISOR);
    // The supervisor cannot name or remove anyone.
    expect(await card.getByTestId('supervisor-add').count()).toBe(0);
    expect(await card.locator('.ant-tag-close-icon').count()).toBe(0);
    await page.getByTestId('visit-add').waitFor();
  });

  it('dudao1 records a visit: 限期整改 with one rectification item', async () => {
    const page = await openTab(await as('dudao1'));
    await page.getByTestId('visit-add').click();
    const modal = visibleModal(page);
    await modal.waitFor();
    await page.getByTestId('visit-findings').fill('服务档案不完整，部分探访记录缺少服务对象签字。');
    await page.getByTestId('visit-result').locator('.ant-radio-button-wrapper', { hasText: '限期整改' }).click();
    const item = page.locator('input[data-testid="visit-rect-item"], [data-testid="visit-rect-item"] input').first();
    await item.waitFor();
    await item.fill('补齐服务档案中的探访签字');
    await page.getByTestId('visit-submit').click();
    await modalsClosed(page);
    const row = page.getByTestId('rectification-row');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => textOf(row)).toContain('待整改');
    expect(await textOf(page.getByTestId('visit-card'))).toContain(SUPERVISOR);
    expect(await textOf(page.getByTestId('visit-card'))).toContain('限期整改');
    expect(await visits(page)).toMatchObject([{ supervisorName: SUPERVISOR, result: 'rectify', cleared: false, rectifications: [{ state: 'open', item: '补齐服务档案中的探访签字' }] }]);

    const listed = await openWorklist(page);
    await expect.poll(() => textOf(listed)).toContain('整改进行中');
    expect(await textOf(listed)).toContain('1 项整改中');
  });

  it('jigou1 answers the rectification', async () => {
    const page = await openTab(await as('jigou1'));
    // The provider sees who supervises it.
    await expect.poll(() => textOf(page.getByTestId('project-supervisors'))).toContain(SUPERVISOR);
    await page.getByTestId('rectification-respond').click();
    await page.getByTestId('rectification-response').fill('已逐户补签，档案已更新。');
    await page.getByTestId('rectification-respond-submit').click();
    await modalsClosed(page);
    await expect.poll(() => page.getByTestId('rectification-respond').count()).toBe(0);
    expect(await visits(page)).toMatchObject([{ rectifications: [{ state: 'submitted', response: '已逐户补签，档案已更新。' }] }]);
  });

  it('dudao1 sees 请复核 on the worklist (desktop and 375 px) and closes the item', async () => {
    const page = await as('dudao1');
    const listed = await openWorklist(page);
    await expect.poll(() => textOf(listed)).toContain('请复核');
    expect(await textOf(listed)).toContain('1 项待复核');
    // What waits on the supervisor comes first.
    expect(await textOf(page.getByTestId('supervision-item').first())).toContain('请复核');
    await shoot(page, 'worklist-desktop');

    const phone = await as('dudao1', true);
    const phoneListed = await openWorklist(phone);
    await expect.poll(() => textOf(phoneListed)).toContain('请复核');
    expect(await phoneListed.isVisible()).toBe(true);
    expect(await menuItems(phone)).toContain('menu-supervision');
    await noSidewaysScroll(phone);
    await shoot(phone, 'worklist-phone');

    await listed.click();
    await page.getByTestId('project-supervision').waitFor();
    await page.getByTestId('rectification-review').click();
    const modal = visibleModal(page);
    await modal.waitFor();
    expect(await textOf(modal)).toContain('已逐户补签，档案已更新。');
    await page.getByTestId('rectification-review-submit').click();
    await modalsClosed(page);
    await expect.poll(() => page.getByTestId('rectification-review').count()).toBe(0);
    await expect.poll(() => textOf(page.getByTestId('rectification-row'))).toContain('已整改');
    expect(await visits(page)).toMatchObject([{ cleared: true, rectifications: [{ state: 'closed' }] }]);
    await shoot(page, 'tab-desktop-supervisor');

    await openTab(phone);
    await expect.poll(() => textOf(phone.getByTestId('rectification-row'))).toContain('已整改');
    expect(await phone.getByTestId('visit-add').isVisible()).toBe(true);
    expect(await phone.getByTestId('project-supervisors').isVisible()).toBe(true);
    // The visit's date and supervisor are whole on a phone, not cut off beside the result tags.
    const by = phone.getByTestId('visit-card').getByTestId('visit-by');
    expect(await textOf(by)).toContain(SUPERVISOR);
    expect(await by.evaluate(unclipped)).toBe(true);
    await noSidewaysScroll(phone);
    await shoot(phone, 'tab-phone-supervisor');

    const after = await openWorklist(page);
    await expect.poll(() => textOf(after)).toContain('暂无待办');
  });

  it('the office removes the supervisor (Popconfirm 撤销); the visit stays on record', async () => {
    const page = await openTab(await as('admin'));
    const card = page.getByTestId('project-supervisors');
    await shoot(page, 'tab-desktop-office');
    const tag = card.getByTestId('supervisor-tag').filter({ hasText: SUPERVISOR });
    await tag.locator('.ant-tag-close-icon').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.waitFor();
    // Visible before its text has rendered on a busy machine: wait for the name rather than read it once.
    await expect.poll(() => textOf(confirm)).toContain(SUPERVISOR);
    await confirm.getByRole('button', { name: /^撤\s*销$/ }).click();
    await expect.poll(() => card.getByTestId('supervisor-tag').count()).toBe(0);
    await expect.poll(() => textOf(card)).toContain('未指派第三方督导');
    expect((await apiJson(page, `/api/v1/projects/${projectId}/supervisors`)).body.items).toEqual([]);
    // Removal keeps what the supervisor recorded.
    expect(await textOf(page.getByTestId('visit-card'))).toContain(SUPERVISOR);
    expect(await visits(page)).toMatchObject([{ supervisorName: SUPERVISOR, cleared: true }]);
  });

  it('dudao1 no longer has the project: not on the worklist, and its page is not found', async () => {
    const page = await as('dudao1');
    await page.goto(`${server.url}/supervision`);
    await page.getByTestId('supervision-page').waitFor();
    await expect.poll(() => page.getByTestId('supervision-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('supervision-item').filter({ hasText: projectTitle }).count()).toBe(0);

    await page.goto(`${server.url}/projects/${projectId}?tab=supervision`);
    const problem = page.getByTestId('project-problem');
    await problem.waitFor();
    expect(await textOf(problem)).toMatch(/不存在|未找到|找不到/);
    expect(await page.getByTestId('project-page').count()).toBe(0);
    // The way back is the worklist, not the org members' calls.
    await page.getByRole('link', { name: '返回督导任务' }).click();
    await page.getByTestId('supervision-page').waitFor();
    expect((await apiJson(page, `/api/v1/projects/${projectId}`)).status).toBe(404);
    // Nor can they record a visit on it any more.
    const { status } = await apiJson(page, `/api/v1/projects/${projectId}/supervision`, {
      method: 'POST',
      body: { kind: 'routine', visitedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), findings: '回访检查', result: 'pass', rectifications: [] },
    });
    expect([403, 404]).toContain(status);
    await shoot(page, 'supervisor-after-removal');
  });
});
