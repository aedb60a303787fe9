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

async function check(page: Page, path: string, width: 'desktop' | 'phone', ready?: string) {
  await page.goto(`${suite.server.url}${path}`);
  if (ready) await page.locator(ready).first().waitFor();
  // Lists and charts arrive after the shell: let the page settle.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return (await layoutFindings(page, width)).map((f) => `${path} @${width}: ${f}`).filter((f) => !KNOWN.some((k) => f.startsWith(k)));
}

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
  ],
  jigou1: [{ path: '/' }, { path: '/calls', ready: '[data-testid="call-card"]' }, { path: '/applications' }],
  zhuanjia1: [{ path: '/reviews' }],
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
