import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn } from './fixtures/browser.js';
import { applicationState, attachEstablishmentMaterials, confirmModal, fillEstablishment, pick, upload, useSuite } from './fixtures/suite.js';
import { latestSmsCode } from '../server/platform/notify/sms.js';

/**
 * "One trip at most", as people do it: a new applicant registers on a phone and applies to establish
 * an elderly-care service center in 许村镇 with materials; the office sends a one-time notice; the
 * applicant fixes it; the office accepts; the Civil Affairs Bureau and the supervising unit (卫健局)
 * review; the office approves; the applicant downloads the electronic certificate and checks it on the
 * public verification page; the new organization appears in the public directory.
 */
const suite = useSuite();
const { log } = suite;

const ORG_NAME = '海宁市许村镇康宁居家养老服务中心';
const PHONE = '13700001234';
const PASSWORD = 'Kangning#2026';

/** Opens the case from the user's inbox, as a clerk would. */
async function openFromInbox(page: Page, title: string) {
  await page.goto(`${suite.server.url}/inbox`);
  await page.getByTestId('inbox-item').filter({ hasText: title }).first().click();
  await page.getByTestId('application-page').waitFor();
}

async function act(page: Page, event: string, fill?: (page: Page) => Promise<void>) {
  log(`act ${event}`);
  await page.getByTestId(`action-${event}`).click();
  if (fill) {
    await fill(page);
    await confirmModal(page);
  }
  // An approval issues the certificate in its transaction; on a busy machine with PGlite that once took over 15 s.
  await expect.poll(() => page.getByTestId(`action-${event}`).count(), { timeout: 30_000 }).toBe(0).catch(async (err: unknown) => {
    // Say what the page showed (a refusal in the dialog, a toast) rather than only that the button stayed.
    const shown = await page.locator('.ant-modal:visible, .ant-message, .ant-notification, .ant-alert').allInnerTexts().catch(() => []);
    log(`act ${event} did not finish; the page shows: ${shown.join(' | ').replace(/\s+/g, ' ').slice(0, 600)}`);
    throw err;
  });
  log(`act ${event} done`);
}

describe('one trip at most: from registration to the public directory', () => {
  suite.guard('one-trip');
  let applicant: Page;
  let applicationId = '';

  it('a new applicant registers on a phone and files an establishment with materials', async () => {
    applicant = await suite.newPage('applicant', true);
    await applicant.goto(`${suite.server.url}/login`);
    await applicant.getByTestId('register-link').click();
    await applicant.getByTestId('register-phone').fill(PHONE);
    // The code goes to the development SMS outbox, read as the phone would show it (citizen-accounts.spec.ts).
    await applicant.getByTestId('sms-send').click();
    await applicant.getByTestId('sms-send').filter({ hasText: '秒后重新获取' }).waitFor();
    await applicant.getByTestId('sms-code').fill(latestSmsCode(suite.server.dataDir, PHONE)!);
    await applicant.getByTestId('register-name').fill('陈志刚');
    await applicant.getByTestId('register-password').fill(PASSWORD);
    await applicant.getByTestId('register-confirm').fill(PASSWORD);
    await applicant.getByTestId('register-submit').click();
    await applicant.getByTestId('application-wizard').waitFor();
    await applicant.getByTestId('wizard-next').click();

    await fillEstablishment(applicant, { name: ORG_NAME, address: '海宁市许村镇许巷大道 66 号', rep: '陈志刚', repPhone: PHONE });
    await applicant.getByTestId('wizard-save').click();
    await attachEstablishmentMaterials(applicant);
    await applicant.getByTestId('wizard-next').click();
    await applicant.getByTestId('wizard-submit').click();
    await applicant.getByTestId('application-page').waitFor();
    applicationId = applicant.url().split('/').pop()!;
    expect(await applicationState(applicant, applicationId)).toBe('submitted');
  });

  it('the office sends a one-time notice; the applicant fixes it and resubmits', async () => {
    const office = await suite.newPage('office');
    await signIn(office, suite.server.url, 'admin', 'Shezhi@2026');
    await office.waitForURL((u) => !u.pathname.startsWith('/login'));
    await openFromInbox(office, ORG_NAME);
    await act(office, 'requestSupplement', async (p) => {
      // Each item points at a field or a material: here the charter.
      await pick(p, 'notice-target', '章程', '章程草案');
      await p.getByTestId('notice-problem').first().fill('章程草案缺少理事会产生程序，请补充后重新上传');
    });
    expect(await applicationState(office, applicationId)).toBe('supplementRequested');

    await applicant.reload();
    await expect.poll(() => applicant.getByTestId('supplement-notice').innerText()).toContain('理事会产生程序');
    await upload(applicant, 'upload-charter', '章程草案（修订）.pdf');
    await expect.poll(() => applicant.getByTestId('material-charter').innerText()).toContain('修订');
    await act(applicant, 'resubmit');
    expect(await applicationState(applicant, applicationId)).toBe('submitted');

    await office.reload();
    await act(office, 'accept');
    expect(await applicationState(office, applicationId)).toBe('reviewing');
  });

  it('the Civil Affairs Bureau and the supervising unit give their opinions; the office approves', async () => {
    for (const user of ['minzheng', 'weijian']) {
      const page = await suite.newPage(user);
      await signIn(page, suite.server.url, user, 'Shezhi@2026');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await openFromInbox(page, ORG_NAME);
      await act(page, 'giveOpinion', async (p) => {
        await p.getByTestId('action-comment').fill(user === 'minzheng' ? '材料齐全，符合登记条件，同意。' : '同意作为业务主管单位。');
      });
    }
    const office = await suite.newPage('office-approve');
    await signIn(office, suite.server.url, 'admin', 'Shezhi@2026');
    await office.waitForURL((u) => !u.pathname.startsWith('/login'));
    await openFromInbox(office, ORG_NAME);
    await act(office, 'approve', async (p) => {
      await p.getByTestId('action-comment').fill('符合条件，准予成立登记。');
    });
    expect(await applicationState(office, applicationId)).toBe('completed');
    const timeline = await office.getByTestId('case-timeline').innerText();
    for (const word of ['一次性告知', '受理', '出具联审意见', '准予']) expect(timeline).toContain(word);
  });

  it('the applicant downloads the certificate and anyone can verify it on the public page', async () => {
    await applicant.reload();
    await expect.poll(() => applicant.getByTestId('application-page').innerText()).toContain('已办结');
    const card = applicant.getByTestId('certificate-card');
    await card.waitFor();
    expect(await card.innerText()).toMatch(/浙海民证字第\d{10}号/);
    const [download] = await Promise.all([applicant.waitForEvent('download'), applicant.getByTestId('certificate-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The Chinese font travels inside the file, so it prints the same on any machine.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans/);

    const verifyPath = await applicant.getByTestId('certificate-verify').getAttribute('href');
    expect(verifyPath).toMatch(/^\/verify\/[A-Za-z0-9_-]{32}$/);
    const visitor = await suite.newPage('verifier', true);
    await visitor.goto(`${suite.server.url}${verifyPath}`);
    const verdict = visitor.getByTestId('verify-page');
    await expect.poll(() => verdict.innerText()).toContain('证书有效');
    const text = await verdict.innerText();
    expect(text).toContain(ORG_NAME);
    expect(text).toMatch(/52330481[0-9A-Z]{10}/);
    expect(text).toContain('海宁市民政局');
  });

  it('the new organization is in the public directory', async () => {
    const visitor = await suite.newPage('visitor', true);
    await visitor.goto(`${suite.server.url}/directory`);
    await visitor.getByTestId('directory-search').locator('input').fill('康宁居家');
    await visitor.getByTestId('directory-search').locator('input').press('Enter');
    await expect.poll(() => visitor.getByTestId('directory-item').first().innerText()).toContain(ORG_NAME);
    expect(await visitor.getByTestId('directory-item').first().innerText()).toMatch(/52330481[0-9A-Z]{10}/);
  });
});
