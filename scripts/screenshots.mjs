// Screenshots of every web page at desktop (1366×800) and phone (375×800) width, for a person to look at.
// Usage: node scripts/screenshots.mjs [baseUrl] — the server must be running and serving dist/web.
// Env: SHOTS_DIR (default /tmp/shots), CHROMIUM (default /usr/bin/chromium),
// SHOTS_VIEWPORTS (other sizes, e.g. `1440x900,390x844`: desktop first, then phone).
// SHOTS_ONLY (e.g. `funds`: only those sections; `portal`: meetings, dashboard, public portal; `pages` is everything else).
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? process.env.BASE_URL ?? 'http://localhost:3000';
const out = process.env.SHOTS_DIR ?? '/tmp/shots';
const password = process.env.DEMO_PASSWORD ?? 'Shezhi@2026';
const sizeOf = (text) => {
  const [width, height] = text.split('x').map(Number);
  return { width, height };
};
const [desktopSize, phoneSize] = (process.env.SHOTS_VIEWPORTS ?? '1366x800,375x800').split(',');
const viewports = { desktop: sizeOf(desktopSize), phone: sizeOf(phoneSize) };
// SHOTS_ONLY=funds (comma-separated: pages, funds, portal) shoots only those sections.
const only = process.env.SHOTS_ONLY?.split(',');
const want = (section) => !only || only.includes(section);

await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

const problems = [];

async function session(name, viewport, username) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`[${name}] page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`[${name}] console ${msg.type()}: ${msg.text().slice(0, 300)}`);
  });
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').waitFor();
  if (username) {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }
  return { context, page };
}

const shot = (page, file, fullPage = false) => page.screenshot({ path: `${out}/${file}.png`, fullPage });
const settle = (page) => page.waitForLoadState('networkidle').catch(() => undefined);

for (const [size, viewport] of want('pages') ? Object.entries(viewports) : []) {
  const isPhone = size === 'phone';
  // Login page, and a failed sign-in showing the server's message.
  {
    const { context, page } = await session(`${size}/login`, viewport, null);
    await shot(page, `${size}-01-login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await shot(page, `${size}-02-login-error`);
    await context.close();
  }

  const { context, page } = await session(`${size}/admin`, viewport, 'admin');
  await settle(page);
  await shot(page, `${size}-03-home`, true);

  if (isPhone) {
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-regions').waitFor();
    await page.waitForTimeout(400);
    await shot(page, `${size}-04-menu-drawer`);
    await page.getByTestId('menu-regions').click();
  } else {
    await page.getByTestId('menu-regions').click();
  }
  await page.getByTestId('region-detail-name').waitFor();
  // The first root opens by itself; show the first town.
  await page.locator('[data-testid=region-tree] .ant-tree-treenode').nth(1).waitFor();
  await page.locator('[data-testid=region-tree] .ant-tree-treenode').nth(1).locator('.ant-tree-node-content-wrapper').click();
  await settle(page);
  await page.waitForTimeout(300);
  await shot(page, `${size}-05-regions`, true);
  if (await page.getByTestId('region-create-child').count()) {
    await page.getByTestId('region-create-child').click();
    await page.waitForTimeout(400);
    await shot(page, `${size}-06-region-create-child`);
    await page.keyboard.press('Escape');
  }

  await page.goto(`${base}/users`);
  await page.getByTestId(isPhone ? 'user-list' : 'user-table').waitFor();
  await shot(page, `${size}-07-users`, true);
  await page.getByTestId('user-create').click();
  await page.getByTestId('user-username').waitFor();
  await page.waitForTimeout(400);
  await page.getByTestId('user-role').click();
  await page.waitForTimeout(300);
  await page.locator('.ant-select-item-option').filter({ hasText: '镇街工作人员' }).click();
  await page.waitForTimeout(300);
  await shot(page, `${size}-08-user-create`);
  await page.keyboard.press('Escape');
  await page.goto(`${base}/users`);
  await page.getByTestId(isPhone ? 'user-list' : 'user-table').waitFor();
  await (isPhone ? page.locator('[data-testid=user-list] .ant-list-item').filter({ hasText: 'xucun' }) : page.getByTestId('user-open-xucun')).click();
  await page.getByText('角色与范围').last().waitFor();
  await settle(page);
  await page.waitForTimeout(400);
  await shot(page, `${size}-09-user-detail`);

  await page.goto(`${base}/audit`);
  await page.getByTestId(isPhone ? 'audit-list' : 'audit-table').waitFor();
  await settle(page);
  // Open a region change, which has a before/after table.
  const regionEvent = page.locator(isPhone ? '[data-testid=audit-list] .ant-list-item' : '[data-testid=audit-table] tr.ant-table-row').filter({ hasText: /修改区域|新增区域/ }).first();
  if (await regionEvent.count()) await (isPhone ? regionEvent : regionEvent.locator('.ant-table-row-expand-icon')).click();
  else if (!isPhone) await page.locator('.ant-table-row-expand-icon').first().click();
  await page.waitForTimeout(400);
  await shot(page, `${size}-10-audit`, !isPhone);
  if (isPhone) await page.keyboard.press('Escape');
  await page.getByTestId('audit-verify').click();
  await page.locator('.ant-result-success, .ant-result-error').first().waitFor();
  await shot(page, `${size}-11-audit-verify`);
  await page.keyboard.press('Escape');

  await page.goto(`${base}/calendar`);
  const day = page.locator('[data-testid^="day-"]').nth(isPhone ? 0 : 273);
  await day.waitFor();
  await settle(page);
  await shot(page, `${size}-12-calendar`, true);
  await day.click();
  await page.waitForTimeout(400);
  await shot(page, `${size}-13-calendar-day`);
  await page.keyboard.press('Escape');

  await page.goto(`${base}/account/password`);
  await page.getByTestId('cp-current').waitFor();
  await shot(page, `${size}-14-change-password`);

  // English.
  await page.goto(`${base}/regions`);
  await page.getByTestId('region-detail-name').waitFor();
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-en-US').click();
  await settle(page);
  await page.waitForTimeout(500);
  await shot(page, `${size}-15-regions-en`);
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('lang-zh-CN').click();
  await context.close();

  // A town user sees only their town.
  const town = await session(`${size}/xucun`, viewport, 'xucun');
  await settle(town.page);
  await shot(town.page, `${size}-16-town-home`);
  await town.page.goto(`${base}/regions`);
  await town.page.getByTestId('region-detail-name').waitFor();
  await settle(town.page);
  await shot(town.page, `${size}-17-town-regions`, true);
  await town.context.close();

  // One trip at most: the office's inbox, a case, the SLA view and the import wizard.
  const office = await session(`${size}/admin-cases`, viewport, 'admin');
  await office.page.goto(`${base}/inbox`);
  await office.page.getByTestId('inbox-item').first().waitFor();
  await shot(office.page, `${size}-18-inbox`, true);
  await office.page.getByTestId('inbox-item').first().click();
  await office.page.getByTestId('application-page').waitFor();
  await settle(office.page);
  await shot(office.page, `${size}-19-case-office`, true);
  await office.page.goto(`${base}/applications`);
  await office.page.getByTestId('application-row').first().waitFor();
  await shot(office.page, `${size}-20-applications`, true);
  await office.page.goto(`${base}/service-levels`);
  await office.page.getByTestId('sla-volume-chart').waitFor();
  await office.page.waitForTimeout(1000);
  await shot(office.page, `${size}-21-service-levels`, true);
  await office.page.goto(`${base}/orgs/import`);
  await office.page.getByTestId('org-import-page').waitFor();
  await shot(office.page, `${size}-22-import`);
  // The registry: the list with a filter, then an org registered online (every tab has something) and one changed online.
  const orgIds = await office.page.evaluate(async () => {
    const { items } = await (await fetch('/api/v1/applications?limit=100', { credentials: 'same-origin' })).json();
    const approved = (kind) => items.find((a) => a.kind === kind && a.state === 'completed' && a.outcome === 'approved')?.orgId;
    return { registered: approved('establishment'), changed: approved('change') };
  });
  await office.page.goto(`${base}/orgs?type=serviceAgency`);
  await office.page.getByTestId('org-row').first().waitFor();
  await settle(office.page);
  await shot(office.page, `${size}-29-orgs`);
  if (orgIds.registered) {
    await office.page.goto(`${base}/orgs/${orgIds.registered}`);
    await office.page.getByTestId('org-profile').waitFor();
    await settle(office.page);
    await shot(office.page, `${size}-30-org-profile`, true);
    for (const [n, tab] of [[31, 'history'], [32, 'applications'], [33, 'certificate']]) {
      await office.page.getByTestId(`org-tab-${tab}`).click();
      await settle(office.page);
      await office.page.waitForTimeout(300);
      await shot(office.page, `${size}-${n}-org-${tab}`, true);
    }
  }
  if (orgIds.changed) {
    await office.page.goto(`${base}/orgs/${orgIds.changed}?tab=history`);
    await office.page.getByTestId('org-history-item').first().waitFor();
    await settle(office.page);
    await shot(office.page, `${size}-34-org-history-change`, true);
  }
  await office.page.goto(`${base}/applications/settings`);
  await office.page.getByTestId('application-settings-page').waitFor();
  await settle(office.page);
  await shot(office.page, `${size}-23-application-settings`);
  await office.context.close();

  // An applicant: their applications, a case, the wizard; and the public pages.
  const applicant = await session(`${size}/applicant`, viewport, 'shenqing');
  await applicant.page.goto(`${base}/applications`);
  await applicant.page.getByTestId('application-row').first().waitFor();
  await shot(applicant.page, `${size}-24-my-applications`, true);
  await applicant.page.getByTestId('application-row').first().click();
  await applicant.page.getByTestId('application-page').waitFor();
  await settle(applicant.page);
  await shot(applicant.page, `${size}-25-case-applicant`, true);
  await applicant.page.goto(`${base}/applications/new`);
  await applicant.page.getByTestId('wizard-next').click();
  await applicant.page.getByTestId('f-name').waitFor();
  await shot(applicant.page, `${size}-26-wizard-form`, true);
  await applicant.context.close();
  const visitor = await browser.newContext({ viewport, locale: 'zh-CN' });
  const publicPage = await visitor.newPage();
  await publicPage.goto(`${base}/register`);
  await publicPage.getByTestId('register-phone').waitFor();
  await shot(publicPage, `${size}-27-register`);
  await publicPage.goto(`${base}/directory`);
  await publicPage.getByTestId('directory-item').first().waitFor();
  await shot(publicPage, `${size}-28-public-directory`, true);
  await visitor.close();
}

// Special funds and the 123X catalog (run alone with SHOTS_ONLY=funds).
for (const [size, viewport] of want('funds') ? Object.entries(viewports) : []) {
  const isPhone = size === 'phone';
  const office = await session(`${size}/admin-funds`, viewport, 'admin');
  const p = office.page;
  await p.goto(`${base}/funds`);
  await p.getByTestId('fund-lines').waitFor();
  await settle(p);
  await shot(p, `${size}-funds-01-lines`, true);
  // Adjust 卫健局 beyond what the line has unallocated: the refusal in the server's words (nothing is saved).
  await p.getByTestId('allocation-services-卫健局').getByTestId('allocation-adjust').click();
  await p.getByTestId('allocation-amount').waitFor();
  await p.waitForTimeout(400);
  await p.getByTestId('allocation-amount').fill('500000');
  await p.getByTestId('allocation-note').fill('年中追加');
  await p.waitForTimeout(200);
  await shot(p, `${size}-funds-02-allocation`);
  await p.getByTestId('allocation-amount').fill('9000000');
  await p.getByTestId('allocation-submit').click();
  await p.getByTestId('fund-problem').waitFor();
  await p.waitForTimeout(300);
  await shot(p, `${size}-funds-03-allocation-refused`);
  await p.keyboard.press('Escape');
  await p.getByTestId('line-edit-services').click();
  await p.getByTestId('line-budget').waitFor();
  await p.waitForTimeout(400);
  await shot(p, `${size}-funds-04-line-edit`);
  await p.keyboard.press('Escape');
  await p.getByTestId('fund-tab-ledger').click();
  await p.getByTestId('ledger-row').first().waitFor();
  await settle(p);
  await shot(p, `${size}-funds-05-ledger`, true);
  await p.getByTestId('fund-tab-flows').click();
  await p.getByTestId('fund-sankey').waitFor();
  await p.waitForTimeout(1200);
  await shot(p, `${size}-funds-06-flows`, true);
  await p.getByTestId('fund-create').click();
  await p.getByTestId('fund-create-total').waitFor();
  await p.waitForTimeout(400);
  await shot(p, `${size}-funds-07-create`);
  await p.keyboard.press('Escape');
  await p.goto(`${base}/catalog`);
  await p.getByTestId('catalog-category').first().waitFor();
  await settle(p);
  await shot(p, `${size}-funds-08-catalog`, true);
  await p.getByTestId('catalog-add').click();
  await p.getByTestId('catalog-name').waitFor();
  await p.waitForTimeout(400);
  await shot(p, `${size}-funds-09-catalog-add`);
  await office.context.close();

  // A department sees its own shares only; a town user reads the catalog and has no funds menu.
  const department = await session(`${size}/weijian-funds`, viewport, 'weijian');
  await department.page.goto(`${base}/funds`);
  await department.page.getByTestId('fund-lines').waitFor();
  await settle(department.page);
  await shot(department.page, `${size}-funds-10-department`, true);
  await department.page.getByTestId('fund-tab-ledger').click();
  await department.page.getByTestId('ledger-row').first().waitFor();
  await settle(department.page);
  await shot(department.page, `${size}-funds-11-department-ledger`, true);
  await department.context.close();
  const town = await session(`${size}/xucun-catalog`, viewport, 'xucun');
  await town.page.goto(`${base}/catalog`);
  await town.page.getByTestId('catalog-category').first().waitFor();
  await settle(town.page);
  if (isPhone) {
    await town.page.getByTestId('menu-toggle').click();
    await town.page.getByTestId('menu-catalog').waitFor();
    await town.page.waitForTimeout(400);
    await shot(town.page, `${size}-funds-12-town-menu`);
  } else {
    await shot(town.page, `${size}-funds-12-town-catalog`, true);
  }
  await town.context.close();
}

// The three meetings, the lifecycle dashboard and the public portal (run alone with SHOTS_ONLY=portal).
// The demo data has no meetings: the first run schedules a few through the API (two published), so the
// calendar, the drawer and the portal have something to show.
async function ensureDemoMeetings(page) {
  return page.evaluate(async () => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const get = async (path) => (await fetch(`/api/v1${path}`)).json();
    const send = async (method, path, body) => {
      const res = await fetch(`/api/v1${path}`, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
      return res.json();
    };
    const year = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4));
    const existing = await get(`/meetings?year=${year}`);
    if (existing.items.length) return existing.items;
    const { items: projects } = await get(`/projects?limit=100&year=${year}`);
    const ids = (...states) => projects.filter((p) => states.includes(p.state)).map((p) => p.id);
    const plans = [
      ['launchBriefing', `${year} 年度政府购买社会组织服务项目新闻发布会`, `${year}-03-18T09:30:00+08:00`, '市民政局一楼报告厅', ids('implementing', 'evaluating', 'closing', 'closed'), ['市委社工办', '市民政局', '市财政局', '各镇（街道）社会事务办', '承接组织代表'], '一、通报本年度政府购买社会组织服务项目安排和专项经费情况。\n二、承接组织代表作服务承诺。\n三、市财政局说明经费拨付流程和监管要求。'],
      ['supervisionMeeting', `${year} 年第三季度项目督导见面会`, `${year}-09-22T14:00:00+08:00`, '社立方二楼会议室', ids('implementing').slice(0, 6), ['市委社工办', '第三方督导机构', '项目负责人'], '一、督导机构反馈第三季度督导情况：项目总体进展良好，个别项目服务记录不完整，需限期整改。\n二、各项目负责人汇报下阶段计划。'],
      ['evaluationBriefing', `${year} 年度项目终期评估说明会`, `${year}-11-20T14:30:00+08:00`, '市民政局三楼会议室', ids('evaluating', 'closing', 'closed'), ['市委社工办', '评估机构', '承接组织代表'], null],
      ['supervisionMeeting', `${year} 年第四季度项目督导见面会`, `${year}-12-08T09:30:00+08:00`, '社立方二楼会议室', ids('implementing').slice(6, 12), ['市委社工办', '第三方督导机构'], null],
    ];
    for (const [kind, title, startsAt, place, projectIds, attendees, minutes] of plans) {
      if (!projectIds.length) continue;
      let m = await send('POST', '/meetings', { kind, title, startsAt, place, projectIds, attendees });
      if (minutes) {
        m = await send('PATCH', `/meetings/${m.id}`, { version: m.version, minutes });
        m = await send('PATCH', `/meetings/${m.id}`, { version: m.version, published: true });
      }
    }
    return (await get(`/meetings?year=${year}`)).items;
  });
}

for (const [size, viewport] of want('portal') ? Object.entries(viewports) : []) {
  const isPhone = size === 'phone';
  const office = await session(`${size}/admin-meetings`, viewport, 'admin');
  const p = office.page;
  const meetings = await ensureDemoMeetings(p);
  const month = (m) => Number(new Date(Date.parse(m.startsAt) + 8 * 3600e3).toISOString().slice(5, 7));
  const draft = meetings.find((m) => !m.publishedAt);
  const published = meetings.find((m) => m.publishedAt);
  await p.goto(`${base}/meetings?view=calendar${draft ? `&month=${month(draft)}` : ''}`);
  await p.getByTestId('meeting-calendar').waitFor();
  await settle(p);
  await shot(p, `${size}-portal-01-meetings-calendar`, true);
  await p.goto(`${base}/meetings?view=list`);
  await p.getByTestId(isPhone ? 'meeting-card' : 'meeting-row').first().waitFor();
  await settle(p);
  await shot(p, `${size}-portal-02-meetings-list`, true);
  if (published) {
    await p.goto(`${base}/meetings?view=list&meeting=${published.id}`);
    await p.getByTestId('meeting-drawer').waitFor();
    await settle(p);
    await p.waitForTimeout(400);
    await shot(p, `${size}-portal-03-meeting-drawer`);
  }
  if (draft) {
    // Publishing without minutes: the server's refusal, in its words.
    await p.goto(`${base}/meetings?view=list&meeting=${draft.id}`);
    await p.getByTestId('meeting-drawer').waitFor();
    if (!draft.minutes) {
      await p.getByTestId('meeting-publish').click();
      await p.getByTestId('meeting-publish-confirm').click();
      await p.getByTestId('meeting-problem').waitFor();
      await p.waitForTimeout(300);
      await shot(p, `${size}-portal-04-meeting-publish-refused`);
    }
    await p.getByTestId('meeting-minutes-edit').click();
    await p.getByTestId('meeting-minutes-input').waitFor();
    await p.waitForTimeout(300);
    await shot(p, `${size}-portal-05-meeting-minutes`);
  }
  await p.goto(`${base}/meetings?view=list`);
  await p.getByTestId('meeting-create').click();
  await p.getByTestId('meeting-title').waitFor();
  await p.getByTestId('meeting-kind-supervisionMeeting').click();
  await p.getByTestId('meeting-title').fill('第四季度项目督导见面会');
  await p.getByTestId('meeting-place').fill('社立方二楼会议室');
  await p.getByTestId('meeting-projects').click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await p.waitForTimeout(400);
  await shot(p, `${size}-portal-06-meeting-create`);
  await p.keyboard.press('Escape');
  await p.keyboard.press('Escape');

  await p.goto(`${base}/project-dashboard`);
  await p.getByTestId('dashboard-stage-chart').waitFor();
  await settle(p);
  await p.waitForTimeout(1000);
  await shot(p, `${size}-portal-07-dashboard`, true);
  await office.context.close();

  const department = await session(`${size}/weijian-dashboard`, viewport, 'weijian');
  await department.page.goto(`${base}/project-dashboard?year=2025`);
  await department.page.getByTestId('dashboard-department-row').first().waitFor();
  await settle(department.page);
  await department.page.waitForTimeout(1000);
  await shot(department.page, `${size}-portal-08-dashboard-department`, true);
  await department.page.goto(`${base}/project-dashboard`);
  await department.page.getByTestId('dashboard-money-total').waitFor();
  await settle(department.page);
  await shot(department.page, `${size}-portal-09-dashboard-department-this-year`, true);
  await department.context.close();

  // The public portal, without login.
  const visitor = await browser.newContext({ viewport, locale: 'zh-CN' });
  const v = await visitor.newPage();
  v.on('pageerror', (error) => problems.push(`[${size}/visitor] page error: ${error.message}`));
  await v.goto(`${base}/open/projects`);
  await v.getByTestId('open-project-item').first().waitFor();
  await settle(v);
  await shot(v, `${size}-portal-10-open-projects`, true);
  const implementing = v.getByTestId('open-project-item').filter({ has: v.getByTestId('open-project-contract') }).first();
  await implementing.click();
  await v.getByTestId('open-project-award').waitFor();
  await settle(v);
  await shot(v, `${size}-portal-11-open-project`, true);
  await v.goto(`${base}/open/calls`);
  await v.getByTestId('open-call-item').first().waitFor();
  await settle(v);
  await shot(v, `${size}-portal-12-open-calls`, true);
  await v.goto(`${base}/open/meetings`);
  await v.getByTestId('open-meetings-page').waitFor();
  await settle(v);
  await shot(v, `${size}-portal-13-open-meetings`, true);
  await v.goto(`${base}/directory`);
  await v.getByTestId('directory-item').first().waitFor();
  await settle(v);
  await v.waitForTimeout(400);
  await shot(v, `${size}-portal-14-directory`);
  await visitor.close();
}

await browser.close();
process.stdout.write(`screenshots in ${out}\n`);
if (problems.length) process.stdout.write(`\nconsole problems (${problems.length}):\n${[...new Set(problems)].join("\n")}\n`);
