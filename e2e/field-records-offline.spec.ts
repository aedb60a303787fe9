import { describe, expect, it } from 'vitest';
import { apiJson } from './fixtures/browser.js';
import { useSuite } from './fixtures/suite.js';

/**
 * A social worker in a village with no signal (issue 17 §3): `shegong` opens 我的轮值 on a phone once online (the
 * service worker keeps the app and this season's assignments), the network is cut, she checks in, records a visit
 * with a photo and raises a concern; the page is reloaded still offline — the app comes from the service worker and
 * the queue from IndexedDB — and 待同步 shows both; the signal returns, the queue syncs, and the server holds the
 * record once, even after the same record is synced a second time.
 */
const suite = useSuite();
suite.guard('field-records-offline');

// The smallest PNG (1×1), as a phone's camera would hand over a JPEG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const NOTE = `入户走访独居老人，宣讲助餐政策 ${Date.now().toString(36)}`;
const CONCERN = '村口路灯坏了三盏，老人夜里出门不安全';

interface Assignments {
  year: number;
  season: number;
  items: { id: string; community: { id: string; name: string }; records: number }[];
}

describe('field records with no signal', () => {
  it('records a visit with a photo and a concern offline, survives a reload, and syncs once when the signal returns', async () => {
    const page = await suite.signedIn('shegong', 'shegong', true);
    const context = page.context();
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 30.4721, longitude: 120.5653, accuracy: 25 });

    suite.log('first visit online: the service worker installs and takes the page');
    await page.goto(`${suite.server.url}/rotation/mine`);
    await page.getByTestId('field-assignment').first().waitFor({ timeout: 30_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
    // Once controlled, the page's reads pass through the worker and are kept for the field.
    await page.reload();
    await page.getByTestId('field-assignment').first().waitFor({ timeout: 30_000 });
    const now = new Date();
    const before = (await apiJson<Assignments>(page, `/api/v1/rotation/mine/assignments?year=${now.getFullYear()}&season=${Math.floor(now.getMonth() / 3) + 1}`)).body;
    const assignment = before.items[0];
    expect(assignment).toBeDefined();
    expect(await page.getByTestId('field-assignment').first().innerText()).toContain(assignment.community.name);

    suite.log('the network is cut');
    await context.setOffline(true);
    await page.getByTestId('field-record-open').first().click();
    await page.waitForURL((url) => url.pathname === `/rotation/mine/record/${assignment.id}`);
    await page.getByTestId('field-offline').waitFor();
    await page.getByTestId('field-check-in').click();
    await expect.poll(() => page.getByTestId('field-checked-in').innerText()).toContain('已记录位置');
    // antd's InputNumber puts the test id on the input itself (or on its wrapper in other versions).
    const number = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await number('field-minutes').fill('90');
    await number('field-participants').fill('12');
    await number('field-group-elderly').fill('8');
    await number('field-group-hardship').fill('2');
    await page.getByTestId('field-photo-input').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('field-photo').first().waitFor();
    await page.getByTestId('field-note').fill(NOTE);
    await page.getByTestId('field-concern-add').click();
    await page.getByTestId('field-concern-category').click();
    await page.locator('.ant-select-dropdown:visible').getByText('公共设施', { exact: true }).click();
    await page.getByTestId('field-concern-description').fill(CONCERN);
    await page.getByTestId('field-save').click();
    await page.getByText('已保存到手机，有信号后自动上传').waitFor();
    await page.waitForURL((url) => url.pathname === '/rotation/mine');
    await expect.poll(() => page.getByTestId('field-waiting-count').innerText()).toBe('2 条待上传');

    suite.log('reload with no signal: the app from the service worker, the queue from IndexedDB');
    await page.reload();
    await page.getByTestId('field-assignment').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('field-waiting-count').innerText()).toBe('2 条待上传');
    expect(await page.getByTestId('field-assignment-count').first().innerText()).toContain('手机上待同步 1 条');
    await page.getByTestId('field-queue-link').click();
    await page.waitForURL((url) => url.pathname === '/rotation/mine/queue');
    await expect.poll(() => page.getByTestId('field-queue-item').count()).toBe(2);
    const queueText = await page.getByTestId('field-queue').innerText();
    expect(queueText).toContain('服务记录');
    expect(queueText).toContain('1 张照片');
    expect(queueText).toContain('民情');
    expect(await page.getByTestId('field-sync-now').isDisabled()).toBe(true);

    suite.log('the signal returns: the queue syncs by itself');
    await context.setOffline(false);
    try {
      await page.getByTestId('field-queue-empty').waitFor({ timeout: 20_000 });
    } catch {
      // The online event did not reach the page (headless): the button does the same.
      suite.log('no online event seen: 立即同步');
      await page.getByTestId('field-sync-now').click();
      await page.getByTestId('field-queue-empty').waitFor({ timeout: 30_000 });
    }
    expect(await page.getByTestId('field-last-sync').innerText()).toMatch(/上传成功 2 条/);

    suite.log('the server holds the record once, with its photo; the concern was raised once');
    const after = (await apiJson<Assignments>(page, `/api/v1/rotation/mine/assignments?year=${before.year}&season=${before.season}`)).body;
    expect(after.items.find((a) => a.id === assignment.id)?.records).toBe(assignment.records + 1);
    const office = await suite.signedIn('office', 'admin');
    type Records = { items: { clientKey: string; note: string; minutes: number; photos: unknown[]; location: unknown; beneficiaries: Record<string, number>; checkedInAt: string; role: string; kind: string; assignmentId: string; participants: number; grid: { id: string } | null }[] };
    const listed = async () => (await apiJson<Records>(office, `/api/v1/rotation/records?year=${before.year}&season=${before.season}&communityId=${assignment.community.id}&limit=100`)).body.items.filter((r) => r.note === NOTE);
    const kept = await listed();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ minutes: 90, participants: 12, beneficiaries: expect.objectContaining({ elderly: 8, hardship: 2 }) });
    expect(kept[0].photos).toHaveLength(1);
    expect(kept[0].location).toMatchObject({ lat: 30.4721, lng: 120.5653 });
    const concerns = await apiJson<{ items: { summary: string }[] }>(page, `/api/v1/concerns?q=${encodeURIComponent('村口路灯坏了三盏')}`);
    expect(concerns.status).toBe(200);
    expect(concerns.body.items.filter((c) => c.summary.includes('村口路灯坏了三盏'))).toHaveLength(1);

    suite.log('the same record synced a second time still counts once');
    const r = kept[0];
    const again = await apiJson<{ alreadySynced: number; created: number }>(page, '/api/v1/rotation/records/sync', {
      method: 'POST',
      body: { records: [{ clientKey: r.clientKey, assignmentId: r.assignmentId, checkedInAt: r.checkedInAt, role: r.role, kind: r.kind, minutes: r.minutes, participants: r.participants, note: NOTE }] },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, alreadySynced: 1 });
    expect(await listed()).toHaveLength(1);
  });
});
