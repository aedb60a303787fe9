import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStore, startServer, type RunningServer } from './fixtures/server.js';
import { launchBrowser, signIn } from './fixtures/browser.js';
import { guardJourney, journeyTrail } from './fixtures/journey.js';
import { confirmModal, PDF } from './fixtures/suite.js';
import { latestSmsCode, readSmsOutbox } from '../server/platform/notify/sms.js';

/*
 * Issue 18's journey, as the people do it in the browser: the office opens a blind SPPE round of 2027 over the city's
 * 12 stations (the demo's 2026 round is already in scoring, so this one is a round of its own and depends on no other
 * journey) and names two evaluators — 周明 for every station, 沈丽华 for 许村镇's alone; the 许村镇 station's operator
 * self-assesses with an evidence file; a resident answers the station's survey on a phone; the evaluators declare and
 * score; the office computes the platform's figures again, closes scoring and publishes; the station appeals one
 * indicator; the notice runs out; the indicator is rescored; the office answers and makes the ranking final; the
 * station downloads its PDF report.
 *
 * The notice lasts working days and the server's business clock is the system clock, so its end is reached the way
 * time passes: the server is stopped and started again on the same data with its clock run forward to the day after
 * the notice (a preload that moves Date.now; the business clock and session expiry follow it, the database's now()
 * does not — hence the long idle limit of that second start). Everyone signs in again afterwards, as they would days
 * later.
 */

const DESKTOP = { viewport: { width: 1366, height: 800 }, locale: 'zh-CN' };
const PHONE = { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true };
const ROUND_NAME = '2027 年度社工站 SPPE 评估（浏览器旅程）';
const APPEALED = 'S5';
const RESIDENT = '13905730271';

const { trail, log } = journeyTrail();
const contexts: BrowserContext[] = [];
const pages: Record<string, Page> = {};
let store: Awaited<ReturnType<typeof createStore>>;
let server: RunningServer;
let browser: Browser;
let roundId = '';
let preload = '';
/** The station's published composite before its appeal. */
let compositeBefore = 0;

async function newPage(name: string, phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? PHONE : DESKTOP);
  contexts.push(context);
  const page = await context.newPage();
  pages[name] = page;
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) void r.text().then((t) => log(`${name}: ${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()} ${t.slice(0, 300)}`), () => undefined);
  });
  return page;
}

async function signedIn(name: string, username: string): Promise<Page> {
  const page = await newPage(name);
  await signIn(page, server.url, username, 'Shezhi@2026');
  await page.getByTestId('current-user-name').waitFor();
  return page;
}

/** Opens the round's page at a tab (the office). */
async function roundTab(page: Page, tab: 'overview' | 'subjects' | 'panel' | 'results' | 'appeals') {
  await page.goto(`${server.url}/assessment/rounds/${roundId}${tab === 'overview' ? '' : `?tab=${tab}`}`);
  await page.getByTestId('round-page').waitFor();
}

/** One move of the round through its case actions: the button, then the dialog's confirm; waits for the new state. */
async function act(page: Page, event: string, state: string) {
  await roundTab(page, 'overview');
  await page.getByTestId(`action-${event}`).click();
  await page.getByTestId('action-confirm').waitFor();
  // Clicked again while the dialog settles (a lost click on a busy machine), never twice once sent.
  await confirmModal(page);
  await expect.poll(() => page.getByTestId('round-facts').innerText()).toContain(state);
  log(`office: ${event} → ${state}`);
}

/** Picks the options of a multiple select by typing part of each and clicking the first match. */
async function pickMany(page: Page, testId: string, typed: string[]) {
  for (const text of typed) {
    await page.getByTestId(testId).click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
    await expect.poll(() => page.getByTestId(testId).innerText()).toContain(text);
  }
  await page.keyboard.press('Escape');
}

/**
 * A modal.confirm's OK (the submit of a sheet, a self-assessment, a declaration), clicked again if a click landed
 * while the dialog was still settling; a sent one closes it (and a busy OK ignores clicks), so nothing goes twice.
 */
async function confirmDialog(page: Page) {
  const dialog = page.locator('.ant-modal-confirm:visible');
  for (let attempt = 1; ; attempt++) {
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    try {
      await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Every open score of the sheet at the share of its maximum (in halves), then handed in. */
async function scoreSheet(page: Page, share: number) {
  const inputs = page.locator('[data-testid="score-input"] input:not([disabled]), input[data-testid="score-input"]:not([disabled])');
  await page.getByTestId('sheet-indicator').first().waitFor();
  const n = await inputs.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const input = inputs.nth(i);
    const max = Number(/–([\d.]+)/.exec((await input.getAttribute('placeholder')) ?? '')?.[1]);
    await input.fill(String(Math.floor(max * share * 2) / 2));
  }
  await page.getByTestId('submit-sheet').click();
  await confirmDialog(page);
  await page.locator('.ant-tag').filter({ hasText: '已提交' }).first().waitFor();
}

/** The labels of the subjects on this evaluator's review page, after the declaration. */
async function sheetLinks(page: Page): Promise<string[]> {
  await page.getByTestId('sheet-link').first().waitFor();
  return page.getByTestId('sheet-link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
}

/** The evaluator's review of this round: its row in 我的评估任务, then the declaration (no conflicts). */
async function declare(page: Page) {
  await page.goto(`${server.url}/assessment/reviews`);
  await page.getByTestId('review-row').filter({ hasText: ROUND_NAME }).first().click();
  await page.getByTestId('declaration').waitFor();
  await page.getByTestId('declare').click();
  await confirmDialog(page);
  await page.getByTestId('sheet-link').first().waitFor();
}

/** The station's own subject in the round (本单位评估 → the round's card → its link). */
async function openSelf(page: Page) {
  await page.goto(`${server.url}/assessment/mine`);
  await page.getByTestId('mine-round').filter({ hasText: ROUND_NAME }).getByTestId('self-link').click();
  await page.getByTestId('self-page').waitFor();
}

beforeAll(async () => {
  store = await createStore();
  server = await startServer(store);
  browser = await launchBrowser();
  // Moves the clock of the second start only (E2E_CLOCK_SHIFT_MS, set there).
  preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-clock-')), 'shift-clock.mjs');
  fs.writeFileSync(preload, 'const shift = Number(process.env.E2E_CLOCK_SHIFT_MS ?? 0);\nconst realNow = Date.now.bind(Date);\nDate.now = () => realNow() + shift;\n');
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.interrupt();
  await store?.dispose();
  if (preload) fs.rmSync(path.dirname(preload), { recursive: true, force: true });
});

describe('an SPPE round from opening to the station’s PDF report', () => {
  guardJourney(trail, pages, 'assessment');

  it('the office opens a blind 2027 round over the 12 stations and names two evaluators', async () => {
    const office = await signedIn('office', 'admin');
    await office.getByTestId('menu-assessment').click();
    await office.getByTestId('open-round').click();
    await office.getByTestId('open-round-rubric').click();
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'SPPE' }).first().click();
    await office.getByTestId('open-round-year').click();
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '2027' }).first().click();
    await office.getByTestId('open-round-name').fill(ROUND_NAME);
    await office.getByTestId('open-round-confirm').click();
    await office.getByTestId('round-page').waitFor();
    roundId = new URL(office.url()).pathname.split('/').pop()!;
    expect(await office.getByTestId('round-facts').innerText()).toContain('筹备中');
    log(`office: opened ${roundId}`);

    await roundTab(office, 'panel');
    await office.getByTestId('assign-panel').click();
    await pickMany(office, 'assign-evaluators', ['周明']);
    await confirmModal(office);
    await office.getByTestId('assign-panel').click();
    await pickMany(office, 'assign-evaluators', ['沈丽华']);
    // 沈丽华 scores 许村镇's station only: the second opinion on the station that will appeal.
    await office.locator('.ant-modal-wrap:visible .ant-select').nth(1).click();
    await office.keyboard.type('许村镇');
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '许村镇' }).first().click();
    await office.keyboard.press('Escape');
    await confirmModal(office);
    await expect.poll(() => office.getByTestId('round-page').innerText()).toContain('沈丽华');
    await act(office, 'startSelfAssessment', '自评中');
  });

  it('the 许村镇 station self-assesses with an evidence file', async () => {
    const station = await signedIn('station', 'zhanzhang');
    await openSelf(station);
    const points = station.locator('input[data-testid="self-points"], [data-testid="self-points"] input');
    const n = await points.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const max = Number(/([\d.]+)$/.exec((await points.nth(i).getAttribute('placeholder')) ?? '')?.[1]);
      await points.nth(i).fill(String(Math.max(0, max - 0.5)));
    }
    const [chooser] = await Promise.all([station.waitForEvent('filechooser'), station.getByTestId('evidence-upload').first().click()]);
    await chooser.setFiles({ name: '许村镇社工站场地台账.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => station.getByTestId('evidence-link').count()).toBe(1);
    expect(await station.getByTestId('evidence-link').first().innerText()).toContain('场地台账');
    await station.getByTestId('self-submit').click();
    await confirmDialog(station);
    await station.getByText('自评已提交').first().waitFor();
    log('station: self-assessment submitted');
  });

  it('a resident rates the station on a phone with an SMS code', async () => {
    const office = pages.office;
    await roundTab(office, 'subjects');
    await office.getByTestId('subject-row').filter({ hasText: '许村镇' }).click();
    // The link the office prints beside the QR code.
    const surveyUrl = new URL((await office.getByTestId('survey-link').getAttribute('href'))!);
    expect(surveyUrl.pathname).toMatch(/^\/portal\/survey\/[0-9a-f-]{36}$/);
    expect(await office.getByTestId('survey-answers').innerText()).toContain('已收到 0 份答卷');

    const resident = await newPage('resident', true);
    await resident.goto(`${server.url}${surveyUrl.pathname}`);
    expect(await resident.getByTestId('survey-station').innerText()).toContain('许村镇');
    const rates = resident.getByTestId('survey-rate');
    for (let i = 0; i < 5; i++) await rates.nth(i).locator('.ant-rate-star').nth(3).click();
    await resident.getByTestId('survey-comment').fill('社工上门很及时，活动室再大一点就好了');
    await resident.getByTestId('survey-phone').fill(RESIDENT);
    const before = readSmsOutbox(server.dataDir).length;
    await resident.getByTestId('sms-send').click();
    await expect.poll(() => readSmsOutbox(server.dataDir).length).toBe(before + 1);
    await resident.getByTestId('sms-code').fill(latestSmsCode(server.dataDir, RESIDENT)!);
    await resident.getByTestId('survey-submit').click();
    await resident.getByTestId('survey-thanks').waitFor();
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    log('resident: survey answered');
    await office.reload();
    await office.getByTestId('subject-row').filter({ hasText: '许村镇' }).click();
    await expect.poll(() => office.getByTestId('survey-answers').innerText()).toContain('已收到 1 份答卷');
  });

  it('the evaluators declare and score; the office computes the platform figures again, closes scoring and publishes', { timeout: 600_000 }, async () => {
    const office = pages.office;
    await act(office, 'startScoring', '专家评分中');

    const second = await signedIn('zhuanjia2', 'zhuanjia2');
    await declare(second);
    const mine = await sheetLinks(second);
    expect(mine).toHaveLength(1);
    await second.goto(`${server.url}${mine[0]}`);
    await scoreSheet(second, 0.7);
    log('zhuanjia2: 1 sheet submitted');

    const first = await signedIn('zhuanjia1', 'zhuanjia1');
    await declare(first);
    const all = await sheetLinks(first);
    expect(all).toHaveLength(12);
    for (const href of all) {
      await first.goto(`${server.url}${href}`);
      await scoreSheet(first, 0.8);
    }
    log('zhuanjia1: 12 sheets submitted');

    await roundTab(office, 'subjects');
    await office.getByTestId('recompute').click();
    await office.locator('.ant-message').getByText('已重新计算').waitFor();
    await act(office, 'closeScoring', '结果审核');
    await act(office, 'publish', '结果公示');
  });

  it('the station sees its result and appeals one indicator', async () => {
    const station = pages.station;
    await openSelf(station);
    await station.getByTestId('my-result').waitFor();
    compositeBefore = Number(await station.getByTestId('my-result').locator('.ant-statistic-content-value').first().innerText());
    expect(compositeBefore).toBeGreaterThan(0);
    await station.getByTestId('raise-appeal').click();
    await station.getByTestId('appeal-indicators').click();
    await station.keyboard.type(APPEALED);
    await station.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `${APPEALED} ` }).first().click();
    await station.keyboard.press('Escape');
    await station.locator('.ant-modal-wrap:visible textarea').first().fill('经费专账和公开截图已补充上传，评分偏低');
    await station.getByTestId('appeal-reason').fill('经费管理规范，请复核该项评分');
    await confirmModal(station);
    await station.getByText('申诉已提交').first().waitFor();
    log('station: appeal raised');
  });

  it('the notice runs out (the server starts again days later); the appealed indicator alone is rescored', { timeout: 300_000 }, async () => {
    // The notice's last day, as the round's facts show it (公示期 from ~ to).
    await roundTab(pages.office, 'overview');
    const noticeEndsOn = / ~ (\d{4}-\d{2}-\d{2})/.exec(await pages.office.getByTestId('round-facts').innerText())?.[1];
    expect(noticeEndsOn).toBeTruthy();
    const dayAfter = Date.parse(`${noticeEndsOn}T12:00:00+08:00`) + 86_400_000;
    for (const c of contexts.splice(0)) await c.close();
    for (const k of Object.keys(pages)) delete pages[k];
    expect(await server.interrupt()).toBe(0);
    server = await startServer(store, { NODE_OPTIONS: `--import=${preload}`, E2E_CLOCK_SHIFT_MS: String(dayAfter - Date.now()), SESSION_IDLE_MINUTES: String(60 * 24 * 60) });
    log(`server started again, clock at ${new Date(dayAfter).toISOString()}`);

    const office = await signedIn('office', 'admin');
    await act(office, 'closeNotice', '申诉复核');

    const second = await signedIn('zhuanjia2', 'zhuanjia2');
    await second.goto(`${server.url}/assessment/reviews/${roundId}`);
    const [href] = await sheetLinks(second);
    await second.goto(`${server.url}${href}`);
    await second.getByTestId('sheet-indicator').first().waitFor();
    // Only the appealed indicator is open again, marked 申诉复核.
    const open = second.locator('[data-testid="sheet-indicator"]:has(input[data-testid="score-input"]:not([disabled]), [data-testid="score-input"] input:not([disabled]))');
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.innerText()).toContain(APPEALED);
    expect(await open.innerText()).toContain('申诉复核');
    const input = open.locator('input[data-testid="score-input"], [data-testid="score-input"] input').first();
    const max = Number(/–([\d.]+)/.exec((await input.getAttribute('placeholder')) ?? '')?.[1]);
    await input.fill(String(max));
    await second.getByTestId('submit-sheet').click();
    await second.getByTestId('change-reason').fill('核对经费专账和公开截图后上调');
    await confirmModal(second);
    await second.locator('.ant-message').getByText('评分表已提交').waitFor();
    log('zhuanjia2: appealed indicator rescored');
  });

  it('the office answers the appeal and makes the ranking final; the station downloads its PDF report', async () => {
    const office = pages.office;
    await roundTab(office, 'appeals');
    await office.getByTestId('answer-appeal').click();
    await office.locator('.ant-modal-wrap:visible').getByText('申诉成立', { exact: true }).click();
    await office.getByTestId('appeal-answer').fill('经专家复核，申诉成立，已按复核分数计入结果。');
    await confirmModal(office);
    await expect.poll(() => office.getByTestId('appeal-card').first().innerText()).toContain('申诉成立');
    await act(office, 'finalize', '结果确定');
    await roundTab(office, 'results');
    await expect.poll(() => office.getByTestId('results-basis').innerText()).toContain('已公示');
    await expect.poll(() => office.locator('.ant-table-row').count()).toBe(12);

    const station = await signedIn('station', 'zhanzhang');
    await openSelf(station);
    await station.getByTestId('my-result').waitFor();
    // The final result counts the rescored indicator (both evaluators' points averaged, one of them now full marks).
    await expect.poll(async () => Number(await station.getByTestId('my-result').locator('.ant-statistic-content-value').first().innerText())).toBeGreaterThan(compositeBefore);
    const [download] = await Promise.all([station.waitForEvent('download'), station.getByTestId('report-download').click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);
    log(`station: report ${download.suggestedFilename()} ${bytes.length} bytes`);
  });
});
