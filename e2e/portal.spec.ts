import { describe, expect, it } from 'vitest';
import { useSuite } from './fixtures/suite.js';
import { apiJson, choose, signedIn as signedInAs } from './fixtures/browser.js';

/**
 * The three meetings, the lifecycle dashboard and the public portal: the office schedules a supervision
 * meeting for two implementing projects, is refused publication without minutes (in the server's words),
 * writes them, attaches a PDF, meets a version conflict and publishes; a visitor without login finds the
 * meeting and its file, and a project's provider and contract value; the office removes a wrong file and
 * cancels the meeting, which the portal then shows as cancelled with the reason; 卫健局's staff see only 卫健局 on the
 * dashboard; a town user has neither page.
 */
const suite = useSuite();

const DEMO_YEAR = 2026;
const TITLE = '浏览器测试：第四季度项目督导见面会';
const MINUTES = '一、督导机构通报两个项目的服务进展。\n二、服务记录须在每月 5 日前补齐。';
const FILE_NAME = '督导见面会签到表.pdf';
// The smallest file the server's content check takes for a PDF.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

const signedIn = (username: string, viewport?: { width: number; height: number }) => signedInAs(suite.browser, suite.server.url, username, viewport);

let projects: { id: string; title: string }[] = [];
let meetingId = '';

describe('three meetings and the public portal', () => {
  it('the office schedules a supervision meeting, writes minutes, attaches a PDF and publishes it', async () => {
    const page = await signedIn('admin');
    const { body } = await apiJson(page, `/api/v1/projects?year=${DEMO_YEAR}&state=implementing&limit=2`);
    projects = body.items.map((p: { id: string; title: string }) => ({ id: p.id, title: p.title }));
    expect(projects).toHaveLength(2);

    await page.getByTestId('menu-meetings').click();
    await page.getByTestId('meetings-page').waitFor();
    await page.getByTestId('meeting-create').click();
    await page.getByTestId('meeting-kind-supervisionMeeting').click();
    await page.getByTestId('meeting-title').fill(TITLE);
    // China time, whatever zone the browser is in: 09:30 is sent as 09:30+08:00.
    await page.getByTestId('meeting-starts-at').click();
    await page.getByTestId('meeting-starts-at').fill(`${DEMO_YEAR}-12-10 09:30`);
    await page.getByTestId('meeting-starts-at').press('Enter');
    await page.getByTestId('meeting-place').fill('社立方二楼会议室');
    await choose(page, 'meeting-project-year', `${DEMO_YEAR} 年`);
    for (const p of projects) {
      await page.getByTestId('meeting-projects').click();
      await page.getByTestId('meeting-projects').locator('input').fill(p.title.slice(0, 6));
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: p.title }).first();
      await option.waitFor();
      await option.click();
      await page.keyboard.press('Escape');
    }
    await expect.poll(() => page.getByTestId('meeting-projects').innerText()).toContain(projects[1].title.slice(0, 8));
    await page.getByTestId('meeting-attendees').locator('input').fill('市委社工办');
    await page.getByTestId('meeting-attendees').locator('input').press('Enter');
    await page.getByTestId('meeting-attendees').locator('input').fill('第三方督导机构');
    await page.getByTestId('meeting-attendees').locator('input').press('Enter');
    await page.getByTestId('meeting-submit').click();

    const drawer = page.getByTestId('meeting-drawer');
    await drawer.waitFor();
    meetingId = new URL(page.url()).searchParams.get('meeting') ?? '';
    expect(meetingId).not.toBe('');
    expect(await page.getByTestId('meeting-time').innerText()).toContain('2026年12月10日');
    expect(await page.getByTestId('meeting-time').innerText()).toContain('09:30');
    expect(await page.getByTestId('meeting-project-link').count()).toBe(2);
    expect(await page.getByTestId('meeting-project-link').first().getAttribute('href')).toMatch(/^\/projects\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('meeting-attendees-list').innerText()).toContain('第三方督导机构');
    const saved = await apiJson(page, `/api/v1/meetings/${meetingId}`);
    expect(saved.body.startsAt).toBe('2026-12-10T01:30:00.000Z');

    // Without minutes the server refuses, and says why.
    await page.getByTestId('meeting-publish').click();
    await page.getByTestId('meeting-publish-confirm').click();
    await expect.poll(() => page.getByTestId('meeting-problem').innerText()).toContain('请先填写会议纪要再发布');
    await expect.poll(() => page.getByTestId('meeting-draft-tag').count()).toBe(1);

    await page.getByTestId('meeting-minutes-edit').click();
    await page.getByTestId('meeting-minutes-input').fill(MINUTES);
    await page.getByTestId('meeting-minutes-save').click();
    await expect.poll(() => page.getByTestId('meeting-minutes').innerText()).toContain('每月 5 日前补齐');

    await page.locator('.ant-drawer input[type=file]').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('meeting-file').first().innerText()).toContain(FILE_NAME);

    // Someone else edits the meeting meanwhile: the drawer's version is stale, so publishing is refused (409) …
    const current = await apiJson(page, `/api/v1/meetings/${meetingId}`);
    const moved = await apiJson(page, `/api/v1/meetings/${meetingId}`, { method: 'PATCH', body: { version: current.body.version, place: '社立方三楼会议室' } });
    expect(moved.status).toBe(200);
    await page.getByTestId('meeting-publish').click();
    await page.getByTestId('meeting-publish-confirm').click();
    await expect.poll(() => page.getByTestId('meeting-problem').innerText()).toContain('刚被其他人修改过');
    // … the current version is loaded, and the second try goes through.
    await expect.poll(() => drawer.innerText()).toContain('社立方三楼会议室');
    await page.getByTestId('meeting-publish').click();
    await page.getByTestId('meeting-publish-confirm').click();
    await page.getByTestId('meeting-published-tag').waitFor();
    expect(await page.getByTestId('meeting-problem').count()).toBe(0);

    // The calendar of December shows it.
    await page.goto(`${suite.server.url}/meetings?view=calendar&year=${DEMO_YEAR}&month=12`);
    await expect.poll(() => page.getByTestId('meeting-calendar').innerText()).toContain(TITLE);
    await page.close();
  });

  it('a visitor without login finds the meeting, its file, and a project’s provider and contract value', async () => {
    const visitor = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await visitor.newPage();
    await page.goto(`${suite.server.url}/open/meetings?year=${DEMO_YEAR}`);
    const item = page.getByTestId('open-meeting-item').filter({ hasText: TITLE });
    await item.waitFor();
    expect(await item.innerText()).toContain('督导见面会');
    expect(await item.getByTestId('open-meeting-minutes').innerText()).toContain('督导机构通报');
    expect(await item.getByTestId('open-meeting-project').count()).toBe(2);
    const href = await item.getByTestId('open-meeting-file').getAttribute('href');
    const file = await page.request.get(`${suite.server.url}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('application/pdf');

    // The portal's project list: search, open one, read the provider and the contract.
    const target = projects[0];
    const { body: disclosed } = await apiJson(page, `/api/v1/public/projects/${target.id}`);
    expect(disclosed.award?.providerName).toBeTruthy();
    await page.getByTestId('public-nav-projects').click();
    await page.getByTestId('open-projects-search').locator('input').fill(target.title);
    await page.getByTestId('open-projects-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('open-project-title').first().innerText()).toBe(target.title);
    expect(await page.getByTestId('open-project-provider').first().innerText()).toContain(disclosed.award.providerName);
    await page.getByTestId('open-project-item').first().click();
    await expect.poll(() => page.getByTestId('open-award-provider').innerText()).toBe(disclosed.award.providerName);
    const yuan = (fen: number) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
    expect(await page.getByTestId('open-contract-value').innerText()).toContain(yuan(disclosed.contract.valueFen));
    expect(await page.getByTestId('open-contract-paid').innerText()).toContain(yuan(disclosed.contract.paidFen));
    expect(await page.getByTestId('open-project-award').innerText()).toContain(disclosed.award.providerCreditCode);
    await expect.poll(() => page.getByTestId('open-project-meetings').innerText()).toContain(TITLE);

    // Open calls link to the sign-in; the directory is one tap away.
    await page.getByTestId('public-nav-calls').click();
    await expect.poll(() => page.getByTestId('open-call-item').count()).toBeGreaterThan(0);
    await page.getByTestId('open-call-bid').first().click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/calls');
    await page.goto(`${suite.server.url}/open/projects`);
    await page.getByTestId('public-nav-directory').click();
    await page.getByTestId('directory-item').first().waitFor();
    await visitor.close();
  });

  it('the office removes a wrong file and cancels the meeting; the portal says so with the reason', async () => {
    const page = await signedIn('admin');
    await page.goto(`${suite.server.url}/meetings?year=${DEMO_YEAR}&meeting=${meetingId}`);
    await page.getByTestId('meeting-drawer').waitFor();
    // A second, wrong file goes up and comes off again.
    await page.locator('.ant-drawer input[type=file]').setInputFiles({ name: '错传的文件.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('meeting-file').count()).toBe(2);
    const wrong = (await apiJson(page, `/api/v1/meetings/${meetingId}`)).body.attachments.find((a: { name: string }) => a.name === '错传的文件.pdf');
    await page.getByTestId('meeting-file-remove').nth(1).click();
    await page.getByTestId('meeting-file-remove-confirm').click();
    await expect.poll(() => page.getByTestId('meeting-file').count()).toBe(1);
    expect(await page.getByTestId('meeting-file').innerText()).toContain(FILE_NAME);
    expect((await page.request.get(`${suite.server.url}/api/v1/meetings/${meetingId}/attachments/${wrong.id}`)).status()).toBe(404);

    // Cancelling asks for the reason; without one the form says so and nothing changes.
    await page.getByTestId('meeting-cancel').click();
    await page.getByTestId('meeting-cancel-confirm').click();
    await expect.poll(() => page.locator('.ant-modal .ant-form-item-explain-error').innerText()).toContain('请填写取消原因');
    expect((await apiJson(page, `/api/v1/meetings/${meetingId}`)).body.cancelledAt).toBeNull();
    await page.getByTestId('meeting-cancel-reason').fill('受台风影响，会议延期，新的时间另行通知');
    await page.getByTestId('meeting-cancel-confirm').click();
    await page.getByTestId('meeting-cancelled').waitFor();
    expect(await page.getByTestId('meeting-cancelled').innerText()).toContain('受台风影响');
    // Nothing can be changed any more: no edit, publish, upload or remove.
    for (const id of ['meeting-edit', 'meeting-unpublish', 'meeting-upload', 'meeting-file-remove', 'meeting-minutes-edit', 'meeting-cancel']) expect(await page.getByTestId(id).count(), id).toBe(0);
    await page.close();

    const visitor = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const open = await visitor.newPage();
    await open.goto(`${suite.server.url}/open/meetings?year=${DEMO_YEAR}`);
    const item = open.getByTestId('open-meeting-item').filter({ hasText: TITLE });
    await item.waitFor();
    expect(await item.getByTestId('meeting-cancelled-tag').innerText()).toBe('已取消');
    expect(await item.getByTestId('open-meeting-cancelled').innerText()).toContain('受台风影响');
    await visitor.close();
  });

  it('卫健局’s staff see only 卫健局 on the dashboard', async () => {
    const page = await signedIn('weijian');
    await page.getByTestId('menu-dashboard').click();
    await page.getByTestId('dashboard-own-view').waitFor();
    // 卫健局 has no project in the demo year; its earlier years are closed projects.
    await choose(page, 'dashboard-year', '2025 年度');
    await expect.poll(() => page.getByTestId('dashboard-department-row').count()).toBe(1);
    expect(await page.getByTestId('dashboard-department-row').innerText()).toContain('卫健局');
    expect(await page.getByTestId('dashboard-money-total').innerText()).toContain('本部门额度');
    const { body } = await apiJson(page, '/api/v1/project-dashboard?year=2025');
    expect(body.byDepartment.map((d: { departmentName: string }) => d.departmentName)).toEqual(['卫健局']);
    expect(await page.getByTestId('dashboard-projects-value').innerText()).toBe(String(body.byDepartment[0].count));
    await page.close();
  });

  it('a town user has no meetings or dashboard menu, and both pages are closed', async () => {
    const page = await signedIn('xucun', { width: 390, height: 844 });
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-catalog').waitFor();
    expect(await page.getByTestId('menu-meetings').count()).toBe(0);
    expect(await page.getByTestId('menu-dashboard').count()).toBe(0);
    for (const path of ['/meetings', '/project-dashboard']) {
      await page.goto(`${suite.server.url}${path}`);
      await expect.poll(() => page.locator('.ant-result-403').count()).toBe(1);
    }
    expect((await apiJson(page, '/api/v1/meetings')).status).toBe(403);
    await page.close();
  });
});
