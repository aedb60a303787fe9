import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSuite } from './fixtures/suite.js';
import { apiJson, signIn } from './fixtures/browser.js';

/**
 * Every page at the widths people use — 1366 (an office PC) and 375 (a phone) — checked for what made pages look
 * broken (issue 15 §7): a page wider than the screen, a table wider than its card at 1366, text cut off inside a
 * table cell, and a short label (a link, a button, a tag, a column title, a figure) broken over two lines.
 */
const suite = useSuite();

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 812 } },
] as const;

/** What is wrong with the page as drawn: one line per finding, empty when it is fine. */
async function layoutFindings(page: Page, width: 'desktop' | 'phone'): Promise<string[]> {
  return page.evaluate((w) => {
    const found: string[] = [];
    const say = (what: string, el: Element) => found.push(`${what}: “${(el.textContent ?? '').trim().slice(0, 40)}”`);
    if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push(`page ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    // A table that scrolls sideways inside its card at an office PC's width.
    if (w === 'desktop') {
      for (const t of document.querySelectorAll('.ant-table-content, .ant-table-body')) {
        if (visible(t) && t.scrollWidth > t.clientWidth + 1) say(`table ${t.scrollWidth}px in ${t.clientWidth}px`, t.querySelector('thead') ?? t);
      }
    }
    // Text cut off in a cell (an ellipsis on purpose has a title or a tooltip; these have neither).
    for (const cell of document.querySelectorAll('td, th')) {
      if (!visible(cell) || cell.querySelector('.ant-typography-ellipsis, [title]')) continue;
      const style = getComputedStyle(cell);
      if (style.overflow !== 'visible' && cell.scrollWidth > cell.clientWidth + 1) say('clipped cell', cell);
    }
    // A short label broken over two lines ("项 / 目公开", "业务 / 范围", "30,000.0 / 0 元"): one text node of a link,
    // button, tag, column title, figure or field label whose characters sit on two lines.
    const labels = 'a, button, .ant-tag, th, .ant-statistic-content-value, .ant-descriptions-item-label, .ant-tabs-tab-btn';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const parent = node.parentElement;
      // React renders "{title} · {town} · {year}" as several text nodes: a long label wraps between and inside them by
      // right, so the label's whole text decides whether it is short.
      const whole = (parent?.textContent ?? '').trim();
      if (!parent || text.length < 2 || whole.length > 8 || !parent.closest(labels) || parent.closest('.ant-scroll-number, .ant-badge')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map((r) => r.top);
      if (Math.max(...tops) - Math.min(...tops) > rects[0].height / 2) say('short label on two lines', parent);
    }
    return found;
  }, width);
}

/** Findings known and not yet fixed, each with why: the list must shrink, never grow (a finding not listed fails). */
const KNOWN: readonly string[] = [];

/**
 * Playwright's 'networkidle' (no request for 500 ms) for a page that moves inside the app as well: it counts the
 * page's requests from `since()` on — a navigation inside the app starts no document load to wait for.
 */
function networkIdle(page: Page) {
  let inFlight = 0;
  let last = Date.now();
  const started = () => {
    inFlight += 1;
    last = Date.now();
  };
  const ended = () => {
    inFlight -= 1;
    last = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    since: () => {
      last = Date.now();
    },
    wait: async () => {
      while (inFlight > 0 || Date.now() - last < 500) await page.waitForTimeout(50);
    },
  };
}

/**
 * Opens `path` the way a person moves through the app — the router changes page inside the loaded app (history and
 * popstate, as the back button does), so each visit costs the page's own requests and not a new start of the whole
 * app (a fresh load of the bundle for each of ~60 pages was most of this file's 150 s in CI). The page itself is
 * mounted anew at the window's width, as on a direct load; the first visit of each page object is a full load.
 */
async function check(page: Page, path: string, width: 'desktop' | 'phone', ready?: string) {
  let idle = idleOf.get(page);
  if (!idle) {
    idle = networkIdle(page);
    idleOf.set(page, idle);
  }
  idle.since();
  if (page.url().startsWith(suite.server.url)) {
    await page.evaluate((p) => {
      window.history.pushState(null, '', p);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
  } else {
    await page.goto(`${suite.server.url}${path}`);
  }
  if (ready) await page.locator(ready).first().waitFor();
  // Lists and charts arrive after the shell: let the page settle.
  await idle.wait();
  await page.waitForTimeout(300);
  return (await layoutFindings(page, width)).map((f) => `${path} @${width}: ${f}`).filter((f) => !KNOWN.some((k) => f.startsWith(k)));
}
const idleOf = new WeakMap<Page, ReturnType<typeof networkIdle>>();

interface Visit {
  path: string | ((page: Page) => Promise<string>);
  ready?: string;
}

const firstId = async (page: Page, api: string) => (await apiJson<{ items: { id: string }[] }>(page, api)).body.items[0].id;
const projectIn = (state: string) => async (page: Page) => `/projects/${(await apiJson<{ items: { id: string; state: string }[] }>(page, `/api/v1/projects?limit=100&year=2026&state=${state}`)).body.items[0].id}`;

const PAGES: Record<string, Visit[]> = {
  admin: [
    { path: '/', ready: '[data-testid="workbench-waiting"]' },
    { path: '/inbox', ready: '[data-testid="inbox-item"]' },
    { path: '/applications' },
    { path: async (p) => `/applications/${await firstId(p, '/api/v1/applications?limit=1')}` },
    { path: '/service-levels' },
    { path: '/orgs' },
    { path: async (p) => `/orgs/${await firstId(p, '/api/v1/orgs?limit=1')}` },
    { path: '/funds' },
    { path: '/funds?tab=ledger' },
    { path: '/funds?tab=flows' },
    { path: '/projects' },
    { path: projectIn('implementing') },
    { path: projectIn('procuring') },
    { path: '/meetings' },
    { path: '/project-dashboard' },
    { path: '/catalog' },
    { path: '/regions' },
    { path: '/users' },
    { path: '/audit' },
    { path: '/calendar' },
    { path: '/assessment/rounds' },
    { path: async (p) => `/assessment/rounds/${await firstId(p, '/api/v1/assessment/rounds')}` },
    { path: '/assessment/rubrics' },
    { path: '/assessment/stations' },
    { path: '/assessment/results' },
  ],
  jigou1: [{ path: '/' }, { path: '/calls', ready: '[data-testid="call-card"]' }, { path: '/applications' }],
  zhuanjia1: [{ path: '/reviews' }, { path: '/assessment/reviews' }],
  zhanzhang: [{ path: '/assessment/mine' }],
  dudao1: [{ path: '/supervision' }],
  shenqing: [{ path: '/' }, { path: '/applications/new' }],
};

const PUBLIC = ['/directory', '/open/projects', '/open/calls', '/open/meetings', '/login', '/register'];

describe('every page fits 1366 and 375 px', () => {
  for (const w of WIDTHS) {
    it(`signed-in pages at ${w.viewport.width} px`, async () => {
      const findings: string[] = [];
      for (const [user, visits] of Object.entries(PAGES)) {
        const page = await suite.browser.newPage({ viewport: w.viewport, locale: 'zh-CN' });
        await signIn(page, suite.server.url, user, 'Shezhi@2026');
        await page.getByTestId('current-user-name').waitFor();
        for (const v of visits) findings.push(...(await check(page, typeof v.path === 'string' ? v.path : await v.path(page), w.name, v.ready)));
        await page.close();
      }
      expect(findings).toEqual([]);
    });

    it(`public pages at ${w.viewport.width} px`, async () => {
      const page = await suite.browser.newPage({ viewport: w.viewport, locale: 'zh-CN' });
      const findings: string[] = [];
      for (const path of PUBLIC) findings.push(...(await check(page, path, w.name)));
      await page.close();
      expect(findings).toEqual([]);
    });
  }
});
