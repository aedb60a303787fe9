import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson } from './fixtures/browser.js';
import { attachEstablishmentMaterials, confirmModal, fillEstablishment, useSuite } from './fixtures/suite.js';

/**
 * Issue 15 §1, as people do it: an applicant files an establishment in the wizard; staff review it and the office
 * approves; the applicant signs in again and finds 本组织 in the menu and the org's name in the header, its page
 * (registration data, certificate, accounts — they are its contact person), adds a colleague by phone, and starts the
 * org's annual report. The applicant is a demo citizen with no organization yet (刘海燕, m0014demo).
 */
const suite = useSuite();
const { log } = suite;

const ORG_NAME = '海宁市许村镇同心账号居家养老服务中心';
const APPLICANT = 'm0014demo';
const COLLEAGUE_PHONE = '13905730015';

const signedInAs = (name: string, username: string, phone = false) => suite.signedIn(name, username, phone);

/** A transition fired the way the web client does (this journey's subject is what follows the approval). */
async function fire(page: Page, caseId: string, event: string, extra: { comment?: string; input?: unknown } = {}) {
  const { body } = await apiJson<{ version: number }>(page, `/api/v1/cases/${caseId}`);
  const res = await apiJson(page, `/api/v1/cases/${caseId}/transitions`, { method: 'POST', body: { event, version: body.version, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('an approved organization gets its accounts', () => {
  suite.guard('org-accounts');
  let caseId = '';

  it('the applicant files an establishment with materials in the wizard', async () => {
    const applicant = await signedInAs('applicant', APPLICANT);
    log('applicant signed in');
    // Before: no 本组织 — they act for no organization yet.
    expect(await applicant.getByTestId('menu-my-org').count()).toBe(0);
    await applicant.goto(`${suite.server.url}/applications/new`);
    await applicant.getByTestId('application-wizard').waitFor();
    await applicant.getByTestId('wizard-next').click();
    await fillEstablishment(applicant, { name: ORG_NAME, address: '海宁市许村镇许巷大道 68 号', rep: '刘海燕', repPhone: '13905730014' });
    await applicant.getByTestId('wizard-save').click();
    await attachEstablishmentMaterials(applicant);
    await applicant.getByTestId('wizard-next').click();
    await applicant.getByTestId('wizard-submit').click();
    await applicant.getByTestId('application-page').waitFor();
    caseId = applicant.url().split('/').pop()!;
    log(`filed ${caseId}`);
  });

  it('staff review it and the office approves: 准予', async () => {
    const office = await signedInAs('office', 'admin');
    await fire(office, caseId, 'accept');
    for (const [user, comment] of [['minzheng', '材料齐全，同意。'], ['weijian', '同意作为业务主管单位。']] as const) {
      const reviewer = await signedInAs(user, user);
      await fire(reviewer, caseId, 'giveOpinion', { input: { opinion: 'agree' }, comment });
    }
    log('reviewed');
    await office.goto(`${suite.server.url}/applications/${caseId}`);
    await office.getByTestId('action-approve').click();
    await office.getByTestId('action-comment').fill('符合条件，准予成立登记。');
    await confirmModal(office);
    await expect.poll(() => office.getByTestId('action-approve').count(), { timeout: 30_000 }).toBe(0);
    const { body } = await apiJson<{ state: string; outcome: string }>(office, `/api/v1/applications/${caseId}`);
    expect(body).toMatchObject({ state: 'completed' });
    log('approved');
  });

  it('the applicant signs in again: 本组织 in the menu, the org named in the header, its page with certificate and accounts', async () => {
    await suite.pages.applicant.context().close();
    const applicant = await signedInAs('applicant', APPLICANT);
    await expect.poll(() => applicant.getByTestId('user-menu').innerText()).toContain(ORG_NAME);
    expect(await applicant.getByTestId('user-menu').innerText()).toContain('社会组织成员');
    await applicant.getByTestId('menu-my-org').click();
    await applicant.getByTestId('my-org').waitFor();
    expect(await applicant.getByTestId('org-detail-name').innerText()).toBe(ORG_NAME);
    await expect.poll(() => applicant.getByTestId('org-profile').innerText()).toContain('许村镇');
    expect(await applicant.getByTestId('org-profile').innerText()).toMatch(/52330481[0-9A-Z]{10}/);
    log('本组织 shown');

    await applicant.getByTestId('org-tab-certificate').click();
    await expect.poll(() => applicant.getByTestId('org-certificate').innerText()).toMatch(/浙海民证字第\d{10}号/);
    await applicant.getByTestId('org-tab-applications').click();
    await expect.poll(() => applicant.getByTestId('org-applications').innerText()).toContain('成立登记');

    await applicant.getByTestId('org-tab-accounts').click();
    await expect.poll(() => applicant.getByTestId('org-member-row').first().innerText()).toContain('联系人');
    expect(await applicant.getByTestId('org-member-row').first().innerText()).toContain('刘海燕');
    // A colleague who registered with their phone joins the org's accounts.
    await applicant.getByTestId('org-member-add').click();
    await applicant.getByTestId('org-member-phone').fill(COLLEAGUE_PHONE);
    await applicant.getByTestId('org-member-add-confirm').click();
    await expect.poll(() => applicant.getByTestId('org-member-row').count()).toBe(2);
    expect(await applicant.getByTestId('org-member-row').nth(1).innerText()).toContain('139****0015');
    // A phone nobody registered with is refused, saying so.
    await applicant.getByTestId('org-member-add').click();
    await applicant.getByTestId('org-member-phone').fill('13999990000');
    await applicant.getByTestId('org-member-add-confirm').click();
    await expect.poll(() => applicant.getByTestId('org-member-add-error').innerText()).toContain('尚未注册账号');
    await applicant.keyboard.press('Escape');
    log('accounts managed');
  });

  it('the org starts its annual report from 本组织', async () => {
    const applicant = suite.pages.applicant;
    await applicant.getByTestId('menu-my-org').click();
    await applicant.getByTestId('my-org-apply').click();
    await applicant.getByTestId('application-wizard').waitFor();
    await applicant.getByTestId('kind-annualReport').click();
    await applicant.getByTestId('wizard-next').click();
    // The form is for the new org, named.
    await expect.poll(() => applicant.getByTestId('application-wizard').innerText()).toContain(ORG_NAME);
  });

  it('本组织 on a 375 px phone: the org named, no sideways scroll', async () => {
    const phone = await signedInAs('phone', APPLICANT, true);
    await phone.goto(`${suite.server.url}/my-org`);
    await phone.getByTestId('my-org').waitFor();
    expect(await phone.getByTestId('org-detail-name').innerText()).toBe(ORG_NAME);
    await phone.getByTestId('org-tab-accounts').click();
    await expect.poll(() => phone.getByTestId('org-member-row').count()).toBe(2);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
