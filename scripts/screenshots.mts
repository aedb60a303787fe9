// Screenshots of pages for review: `npx tsx scripts/screenshots.mts "<user>|<path>|<name>[|phone]" …` starts the built server
// on a fresh database (demo data), signs in as each user and writes /tmp/shots/<name>[-phone].png; {state} in a path
// becomes the id of a 2026 project in that state (e.g. /projects/{implementing}); a fifth part names a test id to click
// first (a modal, a tab). FULL=1 for full-page shots.
import fs from 'node:fs';
import type { ConsoleMessage, Page } from 'playwright-core';
import { startServer } from '../e2e/fixtures/server.ts';
import { launchBrowser, signIn } from '../e2e/fixtures/browser.ts';
const server = await startServer();
const browser = await launchBrowser();
const out = '/tmp/shots';
fs.mkdirSync(out, { recursive: true });
const list = process.argv.slice(2);
async function shot(user: string, path: string, name: string, phone = false, action?: (p: Page) => Promise<void>) {
  const page = await browser.newPage({ viewport: phone ? { width: 375, height: 812 } : { width: 1366, height: 800 }, locale: 'zh-CN' });
  await signIn(page, server.url, user, 'Shezhi@2026');
  await page.getByTestId('current-user-name').waitFor();
  const errors: string[] = [];
  page.on('pageerror', (e: Error) => errors.push(e.message));
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url + path);
  await page.waitForTimeout(2500);
  if (action) { await action(page); await page.waitForTimeout(1200); }
  await page.screenshot({ path: `${out}/${name}${phone ? '-phone' : ''}.png`, fullPage: process.env.FULL === '1' });
  console.log(name, phone ? 'phone' : 'desktop', errors.length ? 'ERRORS: ' + errors.slice(0, 3).join(' | ') : 'ok');
  await page.close();
}
const login = await fetch(server.url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Shezhi@2026' }) });
const cookie = login.headers.getSetCookie().find((c) => c.startsWith('sz_session='))!.split(';')[0];
const ids: Record<string, string> = {};
for (const p of ((await (await fetch(server.url + '/api/v1/projects?limit=100&year=2026', { headers: { cookie } })).json()) as { items: { id: string; state: string }[] }).items) ids[p.state] ??= p.id;
console.log('states', Object.keys(ids));
for (const spec of list) {
  // A fifth part clicks a test id before the shot (a modal, a tab): "admin|/applications/settings|x|phone|edit-checklist-establishment".
  const [user, path, name, phone, click] = spec.split('|');
  const action = click ? (p: Page) => p.getByTestId(click).first().click() : undefined;
  await shot(user, path.replace(/\{(\w+)\}/g, (_, s: string) => ids[s] ?? s), name, phone === 'phone', action);
}
await browser.close();
await server.stop();
