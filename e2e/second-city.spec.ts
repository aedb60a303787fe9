import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson } from './fixtures/browser.js';
import { pick, useSuite } from './fixtures/suite.js';

/**
 * A second city in the same installation (issue 16 §1–§2, as far as they are built), as people do it: the deployment's
 * platform administrator — created at start from ADMIN_USERNAME / ADMIN_PASSWORD — imports 桐乡市's division-code files
 * (the national datasets' layout: the county, its towns, its villages) in 区域管理, checking each dry run before
 * applying; copies Haining's settings into it on 城市设置 (its member units come with 桐乡's name); makes the city's first
 * office administrator, who signs in and sees only 桐乡市 and its own departments, and makes a town user who sees only
 * that town. Haining's counts and departments stay as they were.
 */
const PLATFORM_PASSWORD = 'Platform#Start2026';
const suite = useSuite({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: PLATFORM_PASSWORD, ADMIN_PASSWORD_CHANGE: 'false' });
const { log } = suite;
const FIXTURES = path.resolve('server/modules/regions/fixtures');

interface RegionRow {
  id: string;
  name: string;
  code: string;
  childCount: number;
  counts: { communities: number; grids: number };
}

const roots = async (page: Page) => (await apiJson<{ items: RegionRow[] }>(page, '/api/v1/regions/roots')).body.items;

/** One file through the drawer: upload, read the dry run, apply, close. */
async function importFile(page: Page, file: string, created: number) {
  await page.getByTestId('region-import-open').click();
  const drawer = page.getByTestId('region-import-drawer');
  await drawer.waitFor();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), drawer.locator('.ant-upload').first().click()]);
  await chooser.setFiles(path.join(FIXTURES, file));
  // The dry run says what will happen and changes nothing yet.
  await expect.poll(() => page.getByTestId('region-import-counts').innerText()).toContain('新增');
  expect(await page.getByTestId('region-import-changes').locator('tbody tr').count()).toBe(created);
  await page.getByTestId('region-import-apply').click();
  await expect.poll(() => page.getByTestId('region-import-done').innerText(), { timeout: 30_000 }).toContain(String(created));
  await page.getByTestId('region-import-done').getByRole('button').first().click();
  await drawer.waitFor({ state: 'hidden' });
  log(`imported ${file}: ${created}`);
}

describe('a second city in the same installation', () => {
  suite.guard('second-city');
  let haining: RegionRow;

  it('the platform administrator imports 桐乡市 from its division-code files', async () => {
    const ops = await suite.signedIn('ops', 'ops', false, PLATFORM_PASSWORD);
    haining = (await roots(ops)).find((r) => r.code === '330481')!;
    expect(haining.counts.communities).toBeGreaterThan(200);
    await ops.goto(`${suite.server.url}/regions`);
    await ops.getByTestId('region-import-open').waitFor();
    await importFile(ops, 'tongxiang-330483-areas.csv', 1);
    await importFile(ops, 'tongxiang-330483-streets.csv', 3);
    await importFile(ops, 'tongxiang-330483-villages.csv', 8);
    const tongxiang = (await roots(ops)).find((r) => r.code === '330483')!;
    expect(tongxiang).toMatchObject({ name: '桐乡市', childCount: 3, counts: { communities: 8, grids: 0 } });
    // The tree shows both cities side by side.
    await expect.poll(() => ops.locator('.ant-tree').innerText()).toContain('桐乡市');
    expect(await ops.locator('.ant-tree').innerText()).toContain('海宁市');
    // Haining's kept counts did not move.
    expect((await roots(ops)).find((r) => r.code === '330481')).toMatchObject({ childCount: haining.childCount, counts: haining.counts });
  });

  it('copies Haining’s settings into 桐乡市 on 城市设置', async () => {
    const ops = suite.pages.ops;
    const tongxiang = (await roots(ops)).find((r) => r.code === '330483')!;
    const hainingDepartments = (await apiJson<{ items: { name: string }[] }>(ops, `/api/v1/departments?cityId=${haining.id}`)).body.items;
    await ops.goto(`${suite.server.url}/cities?city=${tongxiang.id}`);
    await ops.getByTestId('city-copy-open').click();
    await pick(ops, 'city-copy-from', '', '海宁市（330481）');
    await ops.getByTestId('city-copy-run').click();
    await expect.poll(() => ops.getByTestId('city-copy-report').innerText(), { timeout: 20_000 }).toContain(String(hainingDepartments.length));
    await ops.getByTestId('city-copy-close').click();
    await ops.getByTestId('city-tab-departments').click();
    await expect.poll(() => ops.getByTestId('cities-page').innerText()).toContain('桐乡市民政局');
    // Haining's own list is as it was.
    expect((await apiJson<{ items: unknown[] }>(ops, `/api/v1/departments?cityId=${haining.id}`)).body.items.length).toBe(hainingDepartments.length);
    log(`copied ${hainingDepartments.length} departments`);
  });

  it('makes the city’s first office administrator, who sees only 桐乡市', async () => {
    const ops = suite.pages.ops;
    const tongxiang = (await roots(ops)).find((r) => r.code === '330483')!;
    const made = await apiJson(ops, '/api/v1/users', { method: 'POST', body: { username: 'tx_admin', displayName: '桐乡市社工办', password: 'Tongxiang#2026a', grants: [{ role: 'officeAdmin', regionId: tongxiang.id }] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);

    const office = await suite.newPage('tx_admin');
    await office.goto(`${suite.server.url}/login`);
    await office.getByTestId('login-username').fill('tx_admin');
    await office.getByTestId('login-password').fill('Tongxiang#2026a');
    await office.getByTestId('login-submit').click();
    // An account made by an administrator changes its password first.
    await office.getByTestId('cp-current').fill('Tongxiang#2026a');
    await office.getByTestId('cp-new').fill('Tongxiang#2026b');
    await office.getByTestId('cp-confirm').fill('Tongxiang#2026b');
    await office.getByTestId('cp-submit').click();
    await office.getByTestId('current-user-name').waitFor();
    await office.goto(`${suite.server.url}/regions`);
    await expect.poll(() => office.locator('.ant-tree').innerText()).toContain('桐乡市');
    expect(await office.locator('.ant-tree').innerText()).not.toContain('海宁市');
    expect((await roots(office)).map((r) => r.code)).toEqual(['330483']);
    // Haining's city node answers 404 to them, as any node out of reach does; a new city is not theirs to make.
    expect((await apiJson(office, `/api/v1/regions/${haining.id}`)).status).toBe(404);
    expect(await office.getByTestId('region-create-city').count()).toBe(0);
  });

  it('the city’s office makes a town user, who sees only that town; Haining’s counts stay', async () => {
    const office = suite.pages.tx_admin;
    // The office's own city only: its departments, copied from Haining with 桐乡's name.
    const departments = (await apiJson<{ items: { name: string }[] }>(office, '/api/v1/departments')).body.items;
    expect(departments.map((d) => d.name)).toContain('桐乡市民政局');
    expect(departments.some((d) => d.name.includes('海宁'))).toBe(false);
    const [town] = (await apiJson<{ items: RegionRow[] }>(office, `/api/v1/regions?parentId=${(await roots(office))[0].id}&limit=100`)).body.items;
    const made = await apiJson(office, '/api/v1/users', { method: 'POST', body: { username: 'tx_town', displayName: '桐乡镇街办事员', password: 'Tongxiang#2026t', grants: [{ role: 'townStaff', regionId: town.id }] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const clerk = await suite.newPage('tx_town');
    await clerk.goto(`${suite.server.url}/login`);
    await clerk.getByTestId('login-username').fill('tx_town');
    await clerk.getByTestId('login-password').fill('Tongxiang#2026t');
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('cp-current').fill('Tongxiang#2026t');
    await clerk.getByTestId('cp-new').fill('Tongxiang#2026u');
    await clerk.getByTestId('cp-confirm').fill('Tongxiang#2026u');
    await clerk.getByTestId('cp-submit').click();
    await clerk.getByTestId('current-user-name').waitFor();
    expect((await roots(clerk)).map((r) => r.code)).toEqual([town.code]);
    await clerk.goto(`${suite.server.url}/regions`);
    await expect.poll(() => clerk.locator('.ant-tree').innerText()).toContain(town.name);
    expect(await clerk.locator('.ant-tree').innerText()).not.toContain('海宁市');
    // Haining's kept counts did not move through all of this.
    expect((await roots(suite.pages.ops)).find((r) => r.code === '330481')).toMatchObject({ childCount: haining.childCount, counts: haining.counts });
  });
});
