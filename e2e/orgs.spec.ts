import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useSuite } from './fixtures/suite.js';
import { apiJson, choose, signIn } from './fixtures/browser.js';

/**
 * The registry as a clerk uses it: filter the list, open an organization registered online, read its
 * profile (and reveal the masked ID number, with a reason), its record history, its applications and its
 * certificate; follow the case link; come back to the same filtered list. Then the same detail on a phone.
 */
const suite = useSuite();

async function getJson<T>(page: Page, path: string): Promise<T> {
  return (await apiJson<T>(page, path)).body;
}

interface Summary {
  id: string;
  number: string;
  kind: string;
  state: string;
  outcome: string | null;
  orgId: string | null;
}

/** An org the demo registered through an approved establishment: it has history, an application and a certificate. */
async function registeredOnline(page: Page) {
  const { items } = await getJson<{ items: Summary[] }>(page, '/api/v1/applications?kind=establishment&state=completed&limit=100');
  const approved = items.find((a) => a.outcome === 'approved' && a.orgId);
  expect(approved).toBeTruthy();
  const org = await getJson<{ id: string; name: string; type: string; typeName: string }>(page, `/api/v1/orgs/${approved!.orgId}`);
  return { application: approved!, org };
}

describe('the registry: list, detail tabs, back to the same list', () => {
  it('an administrator opens an org from a filtered list and reads every tab', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await signIn(page, suite.server.url, 'admin', 'Shezhi@2026');
    await page.getByTestId('menu-orgs').click();
    await page.getByTestId('org-row').first().waitFor();
    // Holders of org.import reach the import wizard from the list.
    await page.getByTestId('org-import').click();
    await page.getByTestId('org-import-page').waitFor();
    await page.goBack();

    const { application, org } = await registeredOnline(page);
    await choose(page, 'org-type', org.typeName);
    await page.getByTestId('org-search').locator('input').fill(org.name);
    await page.getByTestId('org-search').locator('input').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(org.name);
    expect(new URL(page.url()).searchParams.get('type')).toBe(org.type);
    await expect.poll(() => page.getByTestId('org-row').count()).toBe(1);
    await page.getByTestId('org-row').click();

    await page.waitForURL(`**/orgs/${org.id}`);
    await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe(org.name);
    await page.getByTestId('org-profile').waitFor();
    expect(await page.getByTestId('org-legal-rep-id').innerText()).toContain('*');
    await page.getByTestId('org-reveal').click();
    await page.getByTestId('org-reveal-reason').fill('核对登记材料');
    await page.getByTestId('org-reveal-confirm').click();
    await expect.poll(() => page.getByTestId('org-revealed-legalRepIdNumber').innerText()).toMatch(/^\d{17}[\dX]$/);
    await page.getByTestId('org-reveal-confirm').click();

    await page.getByTestId('org-tab-history').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('history');
    const entry = page.getByTestId('org-history-item').first();
    await expect.poll(() => entry.innerText()).toContain('成立登记');
    expect(await entry.innerText()).toContain('统一社会信用代码');
    expect(await entry.getByTestId('org-history-case').innerText()).toBe(application.number);

    await page.getByTestId('org-tab-applications').click();
    await expect.poll(() => page.getByTestId('org-application-row').first().innerText()).toBe(application.number);

    await page.getByTestId('org-tab-certificate').click();
    await page.getByTestId('org-certificate').waitFor();
    expect(await page.getByTestId('org-certificate-download').getAttribute('href')).toBe(`/api/v1/applications/${application.id}/certificate.pdf`);
    expect(await page.getByTestId('org-certificate-verify').getAttribute('href')).toMatch(/^\/verify\/[A-Za-z0-9_-]{32}$/);

    // A tab is part of the address: reloading keeps it.
    await page.reload();
    await page.getByTestId('org-certificate').waitFor();

    // The case link in the history opens the case page; back returns to the org.
    await page.getByTestId('org-tab-history').click();
    await page.getByTestId('org-history-case').first().click();
    await page.waitForURL(`**/applications/${application.id}`);
    await page.getByTestId('application-page').waitFor();
    await page.goBack();
    await page.getByTestId('org-detail').waitFor();

    // "Back to the registry" shows the list as it was filtered.
    await page.getByTestId('org-back').click();
    await page.waitForURL((url) => url.pathname === '/orgs');
    expect(new URL(page.url()).searchParams.get('q')).toBe(org.name);
    expect(new URL(page.url()).searchParams.get('type')).toBe(org.type);
    await expect.poll(() => page.getByTestId('org-row').count()).toBe(1);
    await page.close();
  });

  it('a town clerk opens an org of their town on a phone, and old /orgs?id= links still arrive', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signIn(page, suite.server.url, 'xucun', 'Shezhi@2026');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const { items } = await getJson<{ items: { id: string; name: string }[] }>(page, '/api/v1/orgs?limit=1');
    await page.goto(`${suite.server.url}/orgs?id=${items[0].id}`);
    await page.waitForURL(`**/orgs/${items[0].id}`);
    await expect.poll(() => page.getByTestId('org-detail-name').innerText()).toBe(items[0].name);
    // No import wizard for a town clerk.
    await page.getByTestId('org-back').click();
    await page.getByTestId('org-row').first().waitFor();
    expect(await page.getByTestId('org-import').count()).toBe(0);
    await page.getByTestId('org-row').first().tap();
    await page.getByTestId('org-profile').waitFor();
    const content: Record<string, string> = {
      history: '[data-testid=org-history], [data-testid=org-history-empty]',
      applications: '[data-testid=org-applications]',
      certificate: '[data-testid=org-certificate], [data-testid=org-certificate-none]',
      profile: '[data-testid=org-profile]',
    };
    for (const tab of ['history', 'applications', 'certificate', 'profile']) {
      await page.getByTestId(`org-tab-${tab}`).tap();
      await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe(tab === 'profile' ? null : tab);
      await page.locator(content[tab]).first().waitFor();
    }
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
