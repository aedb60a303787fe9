import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardJourney, journeyTrail } from './fixtures/journey.js';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { createStore, startServer, type RunningServer } from './fixtures/server.js';
import { apiJson, launchBrowser, signIn } from './fixtures/browser.js';

/**
 * A government-purchased service project from need to archive, in the browser: 卫健局 proposes and
 * submits; the office approves it onto a fund line and publishes the call; two agencies bid; the office
 * names two experts and closes the call (refused before the deadline); the experts declare no conflict
 * and score; the office recommends (award refused during the notice) and awards; the contract is signed
 * with a 40/30/30 schedule; the first payment is paid; a mid-term supervision asks for a rectification
 * (the mid-term payment is refused until it is closed), the provider responds and the office accepts;
 * the mid-term payment is paid; the provider records a service and submits the final report; the office
 * evaluates, pays the rest and closes the project. The public OCDS record then shows the three payments.
 *
 * Time passes twice (the call's deadline, the award notice): the server is stopped, the date column
 * moved to yesterday in its database, and the server started again on the same data.
 */
type Store = Awaited<ReturnType<typeof createStore>>;
let store: Store;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pages: Record<string, Page> = {};

beforeAll(async () => {
  store = await createStore();
  server = await startServer(store);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.interrupt();
  await store?.dispose();
});

const PASSWORD = 'Shezhi@2026';
const { trail, log } = journeyTrail();
const SUFFIX = Date.now().toString(36).slice(-5).toUpperCase();
const TITLE = `许村镇独居老人关爱服务项目（浏览器测试 ${SUFFIX}）`;
const EXPERTS = ['周明（评审专家）', '沈丽华（评审专家）'];
/** Today in China (UTC+8), as the server counts days. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let projectId = '';
let projectNumber = '';
let startedAt = '';
const orgNames: Record<string, string> = {};

/** The user's page, signed in once; sessions live in the database and survive a restart. */
async function as(username: string): Promise<Page> {
  log(`as ${username}`);
  if (pages[username]) return pages[username];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.url, username, PASSWORD);
  await page.getByTestId('current-user-name').waitFor();
  log(`signed in ${username}`);
  pages[username] = page;
  return page;
}

async function project(page: Page) {
  const { status, body } = await apiJson(page, `/api/v1/projects/${projectId}`);
  expect(status).toBe(200);
  return body as { state: string; number: string; callDeadline: string | null; funds: { reservedFen: number; committedFen: number; paidFen: number; lineName: string | null } };
}

async function stateOf(page: Page) {
  return (await project(page)).state;
}

/** Opens the project page (on the server's current address), on a tab. */
async function openProject(username: string, tab?: string): Promise<Page> {
  const page = await as(username);
  log(`open ${tab}`);
  await page.goto(`${server.url}/projects/${projectId}${tab ? `?tab=${tab}` : ''}`);
  await page.getByTestId('project-page').waitFor();
  return page;
}

/** An input that carries the testid itself, or sits inside the element that does (antd puts data-* on either). */
function inputOf(page: Page | Locator, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function typeDate(page: Page, testId: string, date: string) {
  const input = inputOf(page, testId);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s: string) => new RegExp(`^${escapeRe(s)}$`);

/** An option of the open antd select dropdown, by its whole text. */
function optionOf(page: Page, text: string): Locator {
  return page.locator('.ant-select-dropdown:visible .ant-select-item-option-content', { hasText: exactly(text) });
}

/** A searchable select: type, click the option; for a multiple select the dropdown is then closed by clicking `away`. */
async function pick(page: Page, testId: string, typed: string, option: string, away?: Locator) {
  const control = page.getByTestId(testId);
  // A click that lands while the dropdown is still animating (a busy machine) selects nothing: try again.
  for (let attempt = 1; ; attempt++) {
    await control.click();
    if (typed) await page.keyboard.type(typed);
    await optionOf(page, option).click();
    if (away) await away.click();
    try {
      await expect.poll(() => textOf(control), { timeout: 3000 }).toContain(option);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      // `away` has closed the dropdown already; an Escape then would close the modal the select sits in.
      if (!away) await page.keyboard.press('Escape');
    }
  }
}

/** The element's text now, or '' while it is not there (a poll must not wait inside its callback). */
async function textOf(l: Locator): Promise<string> {
  return (await l.count()) ? l.first().innerText() : '';
}

const visibleModal = (page: Page) => page.locator('.ant-modal-wrap:visible');

async function modalsClosed(page: Page) {
  // The request behind the modal and its closing animation can take longer than poll's 1 s default on a busy machine
  // (a CI run once saw more than 10 s on PostgreSQL while the machine did other work). When it does stay open, say
  // what the modal and any message toast show, so a refusal is told apart from slowness.
  try {
    await expect.poll(() => visibleModal(page).count(), { timeout: 25_000 }).toBe(0);
  } catch (err) {
    const modal = await visibleModal(page).first().innerText().catch(() => '');
    const toast = await page.locator('.ant-message').innerText().catch(() => '');
    throw new Error(`a modal stayed open: ${modal.slice(0, 400)} | message: ${toast.slice(0, 200)}`, { cause: err });
  }
}

/** Fires a project event from its button and dialog; the button is gone once the project has moved on. */
async function act(page: Page, event: string, fill?: (page: Page) => Promise<void>) {
  log(`act ${event}`);
  await page.getByTestId(`action-${event}`).click();
  await visibleModal(page).waitFor();
  if (fill) await fill(page);
  await page.getByTestId('action-confirm').click();
  // Closed once done; a refusal stays in the dialog, in the server's words.
  const problem = page.getByTestId('action-problem');
  await expect.poll(async () => ((await problem.count()) ? `refused: ${await textOf(problem)}` : (await visibleModal(page).count()) ? `open: ${await textOf(visibleModal(page))}` : 0)).toBe(0);
  await expect.poll(() => page.getByTestId(`action-${event}`).count()).toBe(0);
}

/** Fires an event the server refuses now: the dialog stays open with the server's reason; nothing moves. */
async function refused(page: Page, event: string, reason: string) {
  const before = await stateOf(page);
  await page.getByTestId(`action-${event}`).click();
  await visibleModal(page).waitFor();
  await page.getByTestId('action-confirm').click();
  await expect.poll(() => textOf(page.getByTestId('action-problem'))).toContain(reason);
  await page.keyboard.press('Escape');
  await modalsClosed(page);
  expect(await stateOf(page)).toBe(before);
}

/**
 * Time passes: stops the server, moves one date column of this project to yesterday (China time), and
 * starts the server again on the same data. Dates only, never a state.
 */
async function moveToYesterday(column: 'call_deadline' | 'notice_ends_on') {
  log('interrupt');
  expect(await server.interrupt()).toBe(0);
  log('stopped');
  const sql = `update service_projects set ${column} = ($1::date - 1) where case_id = $2`;
  let changed: number | undefined;
  if (store.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: store.env.DATABASE_URL });
    await client.connect();
    try {
      changed = (await client.query(sql, [today(), projectId])).rowCount ?? 0;
    } finally {
      await client.end();
    }
  } else {
    const db = await PGlite.create({ dataDir: path.join(store.env.DATA_DIR, 'pgdata'), extensions: { pg_trgm } });
    try {
      changed = (await db.query(sql, [today(), projectId])).affectedRows;
    } finally {
      await db.close();
    }
  }
  expect(changed).toBe(1);
  log('sql done');
  server = await startServer(store);
  log('started');
}

/** On the payments tab the provider asks for a milestone's payment; the office pays it with a voucher number. */
async function requestAndPay(milestoneName: RegExp, voucherNo: string) {
  const provider = await openProject('jigou1', 'payments');
  const row = provider.getByTestId('milestone-table').locator('tbody tr').filter({ hasText: milestoneName });
  await row.getByTestId('payment-request').click();
  await provider.getByTestId('payment-request-submit').click();
  await modalsClosed(provider);
  await expect.poll(() => row.getByTestId('payment-request').count()).toBe(0);

  const office = await openProject('admin', 'payments');
  const payment = office.getByTestId('payment-row').filter({ hasText: milestoneName });
  await payment.getByTestId('payment-pay').click();
  await office.getByTestId('payment-voucher').fill(voucherNo);
  await office.getByTestId('payment-pay-submit').click();
  await modalsClosed(office);
  await expect.poll(() => payment.getByTestId('payment-pay').count()).toBe(0);
  await expect.poll(() => textOf(payment)).toContain(voucherNo);
}

describe('a purchased service project, from the proposal to the open-data record', () => {
  guardJourney(trail, pages, 'shot');

  it('卫健局 proposes the project through the form and submits it', async () => {
    startedAt = new Date().toISOString();
    const page = await as('weijian');
    await page.goto(`${server.url}/projects/new`);
    await page.getByTestId('project-form-page').waitFor();
    const away = page.getByTestId('pf-title');
    await page.getByTestId('pf-title').fill(TITLE);
    await page.getByTestId('pf-summary').fill('为许村镇独居、空巢老人提供上门探访、安全巡查和精神慰藉服务，建立一人一档。');
    // Department staff propose for their own department: it is filled in and fixed.
    await expect.poll(() => textOf(page.getByTestId('pf-department'))).toContain('卫健局');
    await pick(page, 'pf-category', '独居老人', '独居老人关爱项目');
    await pick(page, 'pf-domains', '老年', '老年人', away);
    await pick(page, 'pf-target-groups', '', '独居老人', away);
    await pick(page, 'pf-towns', '许村', '许村镇', away);
    await page.getByTestId('pf-budget').fill('50000');
    const names = page.getByTestId('pf-indicator-name');
    const targets = page.locator('input[data-testid="pf-indicator-target"], [data-testid="pf-indicator-target"] input');
    const units = page.getByTestId('pf-indicator-unit');
    await names.nth(0).fill('服务独居老人');
    await targets.nth(0).fill('200');
    await units.nth(0).fill('人');
    await names.nth(1).fill('服务对象满意度');
    await targets.nth(1).fill('90');
    await units.nth(1).fill('%');
    await page.getByTestId('pf-save').click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.getByTestId('project-page').waitFor();
    projectId = page.url().split('/').pop()!;
    const draft = await project(page);
    expect(draft).toMatchObject({ state: 'draft', budgetFen: 5_000_000, departmentName: '卫健局', townNames: ['许村镇'], title: TITLE });
    projectNumber = draft.number;

    await act(page, 'submit');
    expect(await stateOf(page)).toBe('proposed');
  });

  it('the office approves it onto a fund line and publishes the call', async () => {
    const page = await openProject('admin');
    let line = '';
    await act(page, 'approve', async (p) => {
      // The line that pays, with what 卫健局 still has available in it.
      await p.getByTestId('approve-available').waitFor();
      line = (await p.getByTestId('approve-line').innerText()).trim();
      expect(line.length).toBeGreaterThan(0);
    });
    const planned = await project(page);
    expect(planned).toMatchObject({ state: 'planned', funds: { reservedFen: 5_000_000, lineName: line } });

    const { body: earliest } = await apiJson(page, `/api/v1/calendar/working-days?from=${today()}&add=7`);
    const deadline = earliest.date as string;
    await act(page, 'publishCall', async (p) => {
      // The form fills in a suggestion (method, deadline, notice) once the calendar answers: change it after that.
      await expect.poll(() => p.getByTestId('call-notice').inputValue()).not.toBe('');
      // The method defaults from the city's band for the 5 万元 budget (issue 15 §5), with the rule under it.
      await expect.poll(() => textOf(p.getByTestId('call-method'))).toContain('竞争性磋商');
      expect(await p.getByTestId('call-method-help').innerText()).toContain('按本市规则，预算 5 万元默认采用竞争性磋商');
      await pick(p, 'call-method', '', '竞争性磋商');
      await typeDate(p, 'call-deadline', deadline);
      await p.getByTestId('call-notice').fill(`现公开征集具备资质的社会组织承接“${TITLE}”，请于 ${deadline} 前在线提交服务方案、预算与团队。`);
    });
    expect(await project(page)).toMatchObject({ state: 'calling', callDeadline: deadline });
  });

  it('jigou1 and jigou2 each bid from the calls page', async () => {
    const bids: [string, string[]][] = [
      ['jigou1', ['20000', '15000', '6000', '4000']],
      ['jigou2', ['18000', '12000', '6000', '4000']],
    ];
    for (const [user, amounts] of bids) {
      const page = await as(user);
      await page.goto(`${server.url}/calls`);
      const card = page.getByTestId('call-card').filter({ hasText: TITLE });
      await card.getByTestId('call-bid').click();
      await page.getByTestId('bid-page').waitFor();
      await page.getByTestId('bid-plan').fill('组建专业社工团队，按“一人一档”建立服务档案，每月两次上门探访，开展安全巡查与精神慰藉，季度评估服务成效。');
      const items = page.getByTestId('bid-item-amount');
      await expect.poll(() => items.count()).toBe(amounts.length);
      for (const [i, a] of amounts.entries()) await items.nth(i).fill(a);
      await page.getByTestId('bid-member-name').nth(0).fill('陈思远');
      await page.getByTestId('bid-member-add').click();
      await page.getByTestId('bid-member-name').nth(1).fill('李雯');
      await page.getByTestId('bid-member-role').nth(1).fill('一线社工');
      await page.getByTestId('bid-submit').click();
      await page.getByTestId('calls-page').waitFor();
      await card.getByTestId('call-bid-state').waitFor();
      const { body } = await apiJson(page, `/api/v1/projects/${projectId}/bids`);
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ state: 'submitted', totalFen: amounts.reduce((n, a) => n + Number(a) * 100, 0) });
      orgNames[user] = body.items[0].orgName;
    }
    expect(orgNames.jigou1).not.toBe(orgNames.jigou2);
    // Sealed from the office until the deadline.
    const { body } = await apiJson(await as('admin'), `/api/v1/projects/${projectId}/bids`);
    expect(body).toMatchObject({ items: [], sealedCount: 2 });
  });

  it('the call cannot close before its deadline; once it has passed, the office closes it and names the experts', async () => {
    let page = await openProject('admin');
    await refused(page, 'closeCall', '截止前不能结束申报');

    await moveToYesterday('call_deadline');
    page = await openProject('admin');
    await act(page, 'closeCall');
    expect(await stateOf(page)).toBe('procuring');

    page = await openProject('admin', 'procurement');
    await expect.poll(() => page.getByTestId('bid-row').count()).toBe(2);
    await page.getByTestId('assign-experts').click();
    const select = page.getByTestId('assign-experts-select');
    // One expert at a time, each checked: a click while the dropdown still animates selects nothing (a CI flake).
    for (const name of EXPERTS) await pick(page, 'assign-experts-select', '', name, visibleModal(page).locator('.ant-modal-title'));
    for (const name of EXPERTS) await expect.poll(() => textOf(select)).toContain(name);
    await page.getByTestId('assign-experts-confirm').click();
    await modalsClosed(page);
    await expect.poll(() => page.getByTestId('expert-row').count()).toBe(2);
  });

  it('the two experts declare no conflict and score both bids', async () => {
    const marks: Record<string, Record<string, number>> = { zhuanjia1: { jigou1: 88, jigou2: 78 }, zhuanjia2: { jigou1: 84, jigou2: 74 } };
    for (const expert of ['zhuanjia1', 'zhuanjia2']) {
      const page = await as(expert);
      await page.goto(`${server.url}/reviews/${projectId}`);
      await page.getByTestId('review-declaration').waitFor();
      // The bidders' names, so that the expert can declare against them; nothing of their bids yet.
      for (const name of Object.values(orgNames)) expect(await page.getByTestId('review-bidders').innerText()).toContain(name);
      expect(await page.getByTestId('review-bid').count()).toBe(0);
      await page.getByTestId('review-no-conflict').check();
      await page.getByTestId('review-declare').click();
      await expect.poll(() => page.getByTestId('review-bid').count()).toBe(2);
      for (const org of ['jigou1', 'jigou2']) {
        const total = marks[expert][org];
        const plan = Math.min(40, Math.round(total * 0.4));
        const team = Math.min(25, Math.round(total * 0.25));
        const budget = Math.min(20, Math.round(total * 0.2));
        const scores = { plan, team, budget, record: total - plan - team - budget };
        const card = page.getByTestId('review-bid').filter({ hasText: orgNames[org] });
        for (const [key, value] of Object.entries(scores)) await inputOf(card, `score-${key}`).fill(String(value));
        await expect.poll(() => textOf(card.getByTestId('review-running-total'))).toBe(`${total} / 100`);
        await card.getByTestId('review-save').click();
        await expect.poll(() => textOf(card.getByTestId('review-bid-scored'))).toContain(String(total));
      }
    }
    const { body: ranking } = await apiJson(await as('admin'), `/api/v1/projects/${projectId}/ranking`);
    expect(ranking.complete).toBe(true);
    expect(ranking.items.map((i: { orgName: string; average: number }) => [i.orgName, i.average])).toEqual([
      [orgNames.jigou1, 86],
      [orgNames.jigou2, 76],
    ]);
  });

  it('the office recommends; the award waits for the end of the notice period', async () => {
    let page = await openProject('admin');
    await act(page, 'recommend');
    expect(await stateOf(page)).toBe('noticing');
    await refused(page, 'award', '公示期内不能确定承接方');

    await moveToYesterday('notice_ends_on');
    page = await openProject('admin');
    await act(page, 'award');
    expect(await stateOf(page)).toBe('awarded');
    // Supervisors can be named from the award, before the contract: the tab is there already, with its picker.
    await page.getByTestId('project-tab-supervision').click();
    await page.getByTestId('project-supervision').waitFor();
  });

  it('the office signs the contract with a 40/30/30 schedule that must add up', async () => {
    const page = await openProject('admin');
    const contractNumber = `HNGM-2026-${SUFFIX}`;
    await act(page, 'signContract', async (p) => {
      // The value starts as the awarded bid's price, split 40/30/30.
      const value = p.getByTestId('contract-value');
      await expect.poll(() => value.inputValue()).toBe('45000.00');
      await p.getByTestId('contract-number').fill(contractNumber);
      await value.fill('45000');
      const amounts = p.getByTestId('contract-milestone-amount');
      await expect.poll(async () => (await amounts.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).map(Number)).toEqual([18000, 13500, 13500]);
      await expect.poll(() => inputOf(p, 'contract-signed-on').inputValue()).toBe(today());
      // A schedule that does not add up is flagged while typing; put right, it adds up again.
      await amounts.nth(2).fill('13000');
      await expect.poll(() => p.getByTestId('contract-sum').locator('.ant-typography-danger').count()).toBe(1);
      await amounts.nth(2).fill('13500');
      await expect.poll(() => p.getByTestId('contract-sum').locator('.ant-typography-success').count()).toBe(1);
    });
    expect(await project(page)).toMatchObject({ state: 'implementing', funds: { reservedFen: 0, committedFen: 4_500_000 } });
    const { body: contract } = await apiJson(page, `/api/v1/projects/${projectId}/contract`);
    expect(contract).toMatchObject({ number: contractNumber, valueFen: 4_500_000, signedOn: today(), startOn: today() });
    expect(contract.milestones.map((m: { amountFen: number; condition: string }) => [m.condition, m.amountFen])).toEqual([
      ['signing', 1_800_000],
      ['midtermSupervision', 1_350_000],
      ['finalEvaluation', 1_350_000],
    ]);
  });

  it('the first payment is paid; the mid-term one waits for a passed supervision, its rectification closed', async () => {
    const { body: contract } = await apiJson(await as('admin'), `/api/v1/projects/${projectId}/contract`);
    const [first, midterm] = contract.milestones as { name: string }[];
    await requestAndPay(new RegExp(escapeRe(first.name)), `PZ-${SUFFIX}-1`);

    // Before any mid-term supervision the provider cannot ask yet: the button is off and the row says why, in the server's words.
    let provider = await openProject('jigou1', 'payments');
    const midtermRow = provider.getByTestId('milestone-table').locator('tbody tr').filter({ hasText: new RegExp(escapeRe(midterm.name)) });
    await expect.poll(() => textOf(midtermRow.getByTestId('milestone-condition'))).toContain('尚未开展中期督导');
    expect(await midtermRow.getByTestId('payment-request').isDisabled()).toBe(true);
    // The server refuses it too.
    const { status: early } = await apiJson(provider, `/api/v1/projects/${projectId}/payments`, { method: 'POST', body: { milestoneId: (contract.milestones as { id: string }[])[1].id } });
    expect(early).toBe(409);

    // The office's mid-term visit finds a problem to fix.
    let office = await openProject('admin', 'supervision');
    await office.getByTestId('visit-add').click();
    await office.getByTestId('visit-kind').click();
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click(); // routine, midterm, final
    await office.getByTestId('visit-findings').fill('服务档案不完整，部分探访记录缺少老人签字。');
    await office.getByTestId('visit-result').locator('.ant-radio-button-wrapper').nth(1).click(); // pass, rectify, fail
    await inputOf(office, 'visit-rect-item').fill('补齐 25 份服务档案中的探访签字');
    await office.getByTestId('visit-submit').click();
    await modalsClosed(office);
    await expect.poll(() => office.getByTestId('rectification-row').count()).toBe(1);
    const visits = async () => (await apiJson(office, `/api/v1/projects/${projectId}/supervision`)).body.items as { kind: string; result: string; cleared: boolean; rectifications: { state: string }[] }[];
    expect(await visits()).toMatchObject([{ kind: 'midterm', result: 'rectify', cleared: false, rectifications: [{ state: 'open' }] }]);

    provider = await openProject('jigou1', 'supervision');
    await provider.getByTestId('rectification-respond').click();
    await provider.getByTestId('rectification-response').fill('已逐户补签，档案已更新。');
    await provider.getByTestId('rectification-respond-submit').click();
    await modalsClosed(provider);
    await expect.poll(() => provider.getByTestId('rectification-respond').count()).toBe(0);

    office = await openProject('admin', 'supervision');
    await office.getByTestId('rectification-review').click();
    await office.getByTestId('rectification-review-submit').click();
    await modalsClosed(office);
    await expect.poll(() => office.getByTestId('rectification-review').count()).toBe(0);
    expect(await visits()).toMatchObject([{ kind: 'midterm', cleared: true, rectifications: [{ state: 'closed' }] }]);

    await requestAndPay(new RegExp(escapeRe(midterm.name)), `PZ-${SUFFIX}-2`);
    expect((await project(office)).funds).toMatchObject({ committedFen: 1_350_000, paidFen: 3_150_000 });
  });

  it('the provider records a service and submits the final report; the office evaluates, pays the rest and closes', async () => {
    const provider = await openProject('jigou1', 'delivery');
    await provider.getByTestId('record-add').click();
    await typeDate(provider, 'record-date', today());
    await provider.getByTestId('record-place').fill('许村镇荡湾村老年活动中心');
    await provider.getByTestId('record-activity').fill('入户探访独居老人，开展安全隐患排查和健康宣教');
    await provider.getByTestId('record-submit').click();
    await modalsClosed(provider);
    await expect.poll(() => provider.getByTestId('record-row').count()).toBe(1);

    // The contract runs a year from today: the final report waits for its end, or for the office's decision.
    await provider.getByTestId('action-submitFinalReport').click();
    await visibleModal(provider).waitFor();
    await provider.getByTestId('action-final-report').fill('项目服务期满，完成全部服务内容：建立服务档案，开展入户探访与安全巡查，详见终期报告正文。');
    await provider.getByTestId('action-confirm').click();
    await expect.poll(() => textOf(provider.getByTestId('action-problem'))).toContain('提前结项决定');
    await provider.keyboard.press('Escape');
    await modalsClosed(provider);
    const decider = await openProject('admin');
    await act(decider, 'decideEarlyCompletion', async (p) => {
      await p.getByTestId('action-early-completion-reason').fill('合同约定的服务内容已提前全部完成，经督导核实，同意提前结项。');
    });
    await provider.reload();
    await provider.getByTestId('project-page').waitFor();
    await act(provider, 'submitFinalReport', async (p) => {
      await p.getByTestId('action-final-report').fill('项目服务期满，完成全部服务内容：建立服务档案，开展入户探访与安全巡查，详见终期报告正文。');
    });
    expect(await stateOf(provider)).toBe('evaluating');

    let office = await openProject('admin');
    await act(office, 'evaluate', async (p) => {
      for (const [key, value] of Object.entries({ outputs: 28, outcomes: 25, satisfaction: 18, finances: 9, management: 8 })) await inputOf(p, `evaluate-score-${key}`).fill(String(value));
      await p.getByTestId('evaluate-summary').fill('产出超额完成，成效明显，资金使用规范。');
      await expect.poll(() => textOf(p.getByTestId('evaluate-total'))).toContain('88');
    });
    expect(await stateOf(office)).toBe('closing');
    const { body: evaluation } = await apiJson(office, `/api/v1/projects/${projectId}/evaluation`);
    expect(evaluation).toMatchObject({ total: 88, grade: 'good' });

    const { body: contract } = await apiJson(office, `/api/v1/projects/${projectId}/contract`);
    const final = (contract.milestones as { name: string }[])[2];
    await requestAndPay(new RegExp(escapeRe(final.name)), `PZ-${SUFFIX}-3`);

    office = await openProject('admin');
    await act(office, 'close', async (p) => {
      await p.getByTestId('action-closing-report').fill('项目按合同完成，三笔合同款均已支付，资料已归档。');
    });
    expect(await project(office)).toMatchObject({ state: 'closed', funds: { reservedFen: 0, committedFen: 0, paidFen: 4_500_000 } });

    // The payments tab adds it up: all paid, nothing left; the documents tab lists the closing report.
    office = await openProject('admin', 'payments');
    await expect.poll(() => textOf(office.getByTestId('payments-paid'))).toContain('45,000.00');
    expect(await textOf(office.getByTestId('payments-left'))).toMatch(/(^|\n)0\.00 元/);
    expect(await office.getByTestId('payment-row').count()).toBe(3);
    office = await openProject('admin', 'documents');
    await expect.poll(() => textOf(office.getByTestId('documents-texts'))).toContain('结项报告');
    await office.getByTestId('documents-empty').waitFor();
  });

  it('anyone reads the project’s OCDS record, with the three payments adding up to the contract value', async () => {
    const since = encodeURIComponent(startedAt);
    const list = await fetch(`${server.url}/api/v1/opendata/ocds/releases?since=${since}&limit=100`);
    expect(list.status).toBe(200);
    const pkg = (await list.json()) as { releases: { ocid: string }[] };
    const ocid = pkg.releases.map((r) => r.ocid).find((o) => o.endsWith(`-${projectNumber}`));
    expect(ocid).toBeDefined();

    const res = await fetch(`${server.url}/api/v1/opendata/ocds/records/${encodeURIComponent(ocid!)}`);
    expect(res.status).toBe(200);
    const record = (await res.json()) as { records: { ocid: string; compiledRelease: { ocid: string; tag: string[]; contracts: { id: string; value: { amount: number; currency: string }; implementation: { transactions: { value: { amount: number; currency: string } }[] } }[] } }[] };
    expect(record.records).toHaveLength(1);
    const compiled = record.records[0].compiledRelease;
    expect(compiled.ocid).toBe(ocid);
    expect(compiled.contracts).toHaveLength(1);
    const [contract] = compiled.contracts;
    expect(contract.id).toBe(`HNGM-2026-${SUFFIX}`);
    expect(contract.value).toEqual({ amount: 45_000, currency: 'CNY' });
    const transactions = contract.implementation.transactions;
    expect(transactions).toHaveLength(3);
    expect(transactions.map((t) => t.value.amount).sort((a, b) => b - a)).toEqual([18_000, 13_500, 13_500]);
    expect(transactions.reduce((n, t) => n + t.value.amount, 0)).toBe(contract.value.amount);
  });
});
