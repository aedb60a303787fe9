import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson, choose } from './fixtures/browser.js';
import { pick, useSuite } from './fixtures/suite.js';

/**
 * 民情反映 for residents (issue 17 §4): a resident on a phone, without an account, raises a concern on the portal with
 * a photo and the phone's position and gets a tracking number; the city's rules route it to the town of the place
 * (许村镇), whose staff accept, handle and answer it (through the API: the staff pages are another journey); the
 * resident follows it by the tracking number, reads the reply, rates it; the town closes it; the resident sees it
 * closed. Nothing of the resident's phone number reaches the public page.
 */
const suite = useSuite();
suite.guard('concerns-resident');

/** A 1×1 PNG: an image by its bytes, as the server checks. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const TEXT = '村口的垃圾桶满了三天没人清运，气味很大，附近老人小孩经常经过。';
const REPLY = '已安排保洁人员当天清运，并增加了每周的清运次数，感谢您的反映。';

interface Concern {
  id: string;
  version: number;
  state: string;
  channel: string;
  town: { name: string };
  place: { name: string };
  responsible: { kind: string; name: string };
  reporterPhone: string | null;
  lat: number | null;
  lng: number | null;
  photos: { fileName: string }[];
}

async function fire(staff: Page, id: string, event: string, input?: unknown): Promise<void> {
  const now = (await apiJson<Concern>(staff, `/api/v1/concerns/${id}`)).body;
  const res = await apiJson(staff, `/api/v1/cases/${id}/transitions`, { method: 'POST', body: { event, version: now.version, ...(input ? { input } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A text field by its test id (antd puts it on the input, or on the wrapper of a counted or search field). */
const field = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`).first();

/** The page fits the phone: nothing wider than the screen to scroll sideways to. */
async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

describe('民情反映', () => {
  let tracking = '';
  let concernId = '';
  let resident: Page;
  let town: Page;

  it('a resident raises a concern on a phone, with a photo and the position, and gets a tracking number', async () => {
    resident = await suite.newPage('resident', true);
    await resident.context().grantPermissions(['geolocation']);
    await resident.context().setGeolocation({ latitude: 30.5365, longitude: 120.5412, accuracy: 20 });
    suite.log('the portal: the 民情反映 tab');
    await resident.goto(`${suite.server.url}/open/projects`);
    await resident.getByTestId('public-nav-concerns').click();
    await resident.getByTestId('concern-raise-form').waitFor();
    await fitsPhone(resident);

    // The place a resident knows: the first village of 许村镇, as the picker lists it.
    const towns = await apiJson<{ items: { id: string; name: string }[] }>(resident, '/api/v1/public/concern-places?city=330481');
    const xucun = towns.body.items.find((t) => t.name === '许村镇')!;
    const village = (await apiJson<{ items: { id: string; name: string }[] }>(resident, `/api/v1/public/concern-places?city=330481&parentId=${xucun.id}`)).body.items[0];

    suite.log('the form');
    await choose(resident, 'concern-category', '环境卫生');
    await pick(resident, 'concern-town', '许村', '许村镇');
    await pick(resident, 'concern-community', village.name.slice(0, 2), village.name);
    await field(resident, 'concern-address').fill('村口公交站旁');
    await resident.getByTestId('concern-locate').click();
    await resident.getByTestId('concern-position').waitFor();
    await field(resident, 'concern-description').fill(TEXT);
    await resident.getByTestId('concern-raise-form').locator('input[type=file]').first().setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await field(resident, 'concern-phone').fill('13912345678');
    await fitsPhone(resident);
    await resident.getByTestId('concern-submit').click();

    suite.log('the receipt');
    await resident.getByTestId('concern-receipt-page').waitFor({ timeout: 30_000 });
    tracking = (await resident.getByTestId('concern-tracking-number').innerText()).trim();
    expect(tracking).toMatch(/^MQ-[0-9A-Z]{5}-[0-9A-Z]{5}-.$/);
    expect(await resident.getByTestId('concern-photo-outcomes').innerText()).toContain('已上传 1 张照片');
    await fitsPhone(resident);
  });

  it('is routed to the town of the place, which accepts, handles and answers it', async () => {
    town = await suite.signedIn('town', 'xucun');
    const found = await apiJson<{ items: (Concern & { trackingNumber: string })[] }>(town, `/api/v1/concerns?q=${encodeURIComponent(tracking)}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const item = found.body.items[0];
    concernId = item.id;
    // No routing rule names 环境卫生: it goes to the town of the place, the one who must answer it.
    expect(item).toMatchObject({ state: 'submitted', channel: 'public', town: { name: '许村镇' }, responsible: { kind: 'town', name: '许村镇' } });
    const file = (await apiJson<Concern>(town, `/api/v1/concerns/${concernId}`)).body;
    expect(file.photos.map((p) => p.fileName)).toEqual(['现场.png']);
    expect(file.reporterPhone).toBe('139****5678');
    expect([file.lat, file.lng]).toEqual([30.5365, 120.5412]);
    suite.log('accept, start, reply');
    await fire(town, concernId, 'accept');
    await fire(town, concernId, 'start');
    await fire(town, concernId, 'reply', { reply: REPLY });
  });

  it('the resident follows it by the tracking number, reads the reply and rates it', async () => {
    await resident.getByTestId('concern-follow-link').click();
    await resident.getByTestId('concern-view').waitFor();
    expect(await resident.getByTestId('concern-state').innerText()).toBe('已答复');
    expect(await resident.getByTestId('concern-reply').innerText()).toContain(REPLY);
    expect(await resident.getByTestId('concern-view-description').innerText()).toBe(TEXT);
    expect(await resident.getByTestId('concern-timeline').innerText()).toContain('办理中');
    expect(await resident.locator('body').innerText()).not.toContain('13912345678');
    await fitsPhone(resident);

    suite.log('the rating');
    await resident.getByTestId('concern-rate-card').locator('.ant-rate-star').nth(4).click();
    await field(resident, 'concern-rating-comment').fill('清运很及时，谢谢！');
    await resident.getByTestId('concern-rate-submit').click();
    await resident.getByTestId('concern-rated').waitFor();
    expect(await resident.getByTestId('concern-state').innerText()).toBe('已评价');
    expect(await resident.getByTestId('concern-rate-card').count()).toBe(0);
  });

  it('the town closes it; the resident, typing the number in lower case, sees it closed', async () => {
    const file = (await apiJson<Concern & { rating: number; ratingComment: string }>(town, `/api/v1/concerns/${concernId}`)).body;
    expect(file).toMatchObject({ state: 'rated', rating: 5, ratingComment: '清运很及时，谢谢！' });
    await fire(town, concernId, 'close');

    await resident.goto(`${suite.server.url}/open/concerns/track`);
    await field(resident, 'concern-track-input').fill(tracking.toLowerCase());
    await field(resident, 'concern-track-input').press('Enter');
    await resident.getByTestId('concern-view').waitFor();
    expect(await resident.getByTestId('concern-state').innerText()).toBe('已办结');
    expect(await resident.getByTestId('concern-rated').innerText()).toContain('该事项已办结');
    const steps = await resident.getByTestId('concern-timeline').innerText();
    for (const s of ['待受理', '已受理', '办理中', '已答复', '已评价', '已办结']) expect(steps).toContain(s);

    suite.log('a mistyped number');
    await field(resident, 'concern-track-input').fill('MQ-00000-00000-1');
    await field(resident, 'concern-track-input').press('Enter');
    await resident.getByTestId('concern-not-found').waitFor();
  });
});
