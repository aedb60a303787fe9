import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiJson } from './fixtures/browser.js';
import { applicationState, attachEstablishmentMaterials, fillEstablishment, pick, upload, useSuite } from './fixtures/suite.js';

/**
 * The applicant corrects the application (issue 15 §2), as people do it: the 办事指南 with its templates before
 * the form; a wrong ID number refused at save under its field; a summary before submitting; the office's one-time
 * notice on 业务范围 and on the charter; the applicant's edit page marks exactly those; the resubmission is refused
 * until both are answered, then taken; the decision says 准予.
 */
const suite = useSuite();
const { log, pages } = suite;

const ORG_NAME = '海宁市许村镇安康补正测试服务中心';
const NEW_SCOPE = '为许村镇老年人提供助餐、助浴、日间照料和康复护理服务';

const signedIn = (name: string, user: string, phone = false) => suite.signedIn(name, user, phone);

/** The message the form shows under a field (antd's explain line of the item holding the control). */
function fieldError(page: Page, testId: string) {
  return page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
}

describe('the applicant corrects the application', () => {
  suite.guard('correct-application');
  let applicant: Page;
  let id = '';

  it('reads the 办事指南 with its templates, and a wrong ID number is refused at save under its field', async () => {
    applicant = await signedIn('applicant', 'shenqing', true);
    await applicant.goto(`${suite.server.url}/applications/new`);
    const guide = applicant.getByTestId('application-guide');
    await expect.poll(() => guide.innerText()).toContain('申请条件');
    expect(await guide.innerText()).toContain('不收费');
    expect(await applicant.getByTestId('template-charter').getAttribute('href')).toBe('/api/v1/application-guides/establishment/templates/charter.docx');
    const template = await applicant.evaluate(async (u) => {
      const res = await fetch(u);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, '/api/v1/application-guides/establishment/templates/applicationLetter.docx');
    expect(template).toMatchObject({ status: 200, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(template.size).toBeGreaterThan(1000);
    log('guide read');

    await applicant.getByTestId('wizard-next').click();
    // The last digit is wrong: 8 is the check digit of these seventeen.
    await fillEstablishment(applicant, { name: ORG_NAME, address: '海宁市许村镇许巷大道 68 号', scope: '为老年人提供养老服务等', rep: '王安康', repId: '330481198001010021', repPhone: '13905730021' });
    await applicant.getByTestId('wizard-save').click();
    await expect.poll(() => fieldError(applicant, 'f-rep-id').innerText()).toContain('第 18 位校验码应为 8');
    log('wrong ID refused at save');

    await applicant.getByTestId('f-rep-id').fill('330481198001010028');
    await applicant.getByTestId('wizard-save').click();
    await attachEstablishmentMaterials(applicant);
    await applicant.getByTestId('wizard-next').click();
    const summary = await applicant.getByTestId('wizard-summary').innerText();
    expect(summary).toContain(ORG_NAME);
    expect(summary).toContain('330481********0028');
    expect(await applicant.getByTestId('wizard-summary-materials').innerText()).toContain('齐全');
    await applicant.getByTestId('wizard-submit').click();
    await applicant.getByTestId('application-page').waitFor();
    id = applicant.url().split('/').pop()!;
    expect(await applicationState(applicant, id)).toBe('submitted');
    log('submitted');
  });

  it('the office sends a one-time notice on 业务范围 and on the charter', async () => {
    const office = await signedIn('office', 'admin');
    await office.goto(`${suite.server.url}/applications/${id}`);
    await office.getByTestId('action-requestSupplement').click();
    await pick(office, office.getByTestId('notice-target').nth(0), '业务', '业务范围');
    await office.getByTestId('notice-problem').nth(0).fill('业务范围不宜使用“等”字；\n请逐项列明具体服务');
    await office.getByTestId('notice-add').click();
    await pick(office, office.getByTestId('notice-target').nth(1), '章程', '章程草案');
    await office.getByTestId('notice-problem').nth(1).fill('章程草案缺少理事会产生程序');
    await office.getByTestId('action-confirm').click();
    await expect.poll(() => applicationState(office, id), { timeout: 20_000 }).toBe('supplementRequested');
    log('notice sent');
  });

  it('the applicant edits exactly those; the resubmission is refused until both are answered, then taken', async () => {
    await applicant.reload();
    const notice = applicant.getByTestId('supplement-notice');
    await expect.poll(() => notice.innerText()).toContain('补正期限');
    expect(await notice.innerText()).toContain('业务范围');
    await applicant.getByTestId('edit-application').click();
    await applicant.getByTestId('application-edit-page').waitFor();
    // Exactly the noticed field and material are marked.
    await expect.poll(() => applicant.getByTestId('notice-field-businessScope').innerText()).toContain('请逐项列明具体服务');
    expect(await applicant.locator('[data-testid^="notice-field-"]').count()).toBe(1);
    expect(await applicant.getByTestId('notice-material-charter').innerText()).toContain('理事会产生程序');
    expect(await applicant.locator('[data-testid^="notice-material-"]').count()).toBe(1);

    // Nothing answered yet: refused, the field says why.
    await applicant.getByTestId('edit-submit').click();
    await expect.poll(() => fieldError(applicant, 'f-scope').innerText()).toContain('一次性告知第 1 项（业务范围）尚未补正');
    expect(await applicant.getByTestId('edit-problem').innerText()).toContain('章程草案');
    log('refused with nothing answered');

    // The field changed, the material not yet: still refused, naming the charter only.
    await applicant.getByTestId('f-scope').fill(NEW_SCOPE);
    await applicant.getByTestId('edit-save').click();
    await expect.poll(() => applicant.getByTestId('edit-notice-item-1').innerText()).toContain('已修改');
    await applicant.getByTestId('edit-submit').click();
    await expect.poll(() => applicant.getByTestId('edit-problem').innerText()).toContain('一次性告知第 2 项（章程草案）尚未补正');
    expect(await applicationState(applicant, id)).toBe('supplementRequested');
    log('refused with the material missing');

    await upload(applicant, 'upload-charter', '章程草案（修订）.pdf');
    await expect.poll(() => applicant.getByTestId('edit-notice-item-2').innerText()).toContain('已重新上传');
    await applicant.getByTestId('edit-submit').click();
    await applicant.getByTestId('application-page').waitFor();
    await expect.poll(() => applicationState(applicant, id)).toBe('submitted');
    log('resubmitted');
  });

  it('the office accepts, the departments agree, the office approves: the decision says 准予', async () => {
    const office = pages.office;
    await office.reload();
    await office.getByTestId('action-accept').click();
    await expect.poll(() => applicationState(office, id), { timeout: 20_000 }).toBe('reviewing');
    for (const user of ['minzheng', 'weijian']) {
      const page = await signedIn(user, user);
      const version = (await apiJson<{ version: number }>(page, `/api/v1/cases/${id}`)).body.version;
      const res = await apiJson(page, `/api/v1/cases/${id}/transitions`, { method: 'POST', body: { event: 'giveOpinion', version, comment: '同意', input: { opinion: 'agree' } } });
      expect(res.status).toBe(200);
    }
    await office.reload();
    await office.getByTestId('action-approve').click();
    await office.getByTestId('action-comment').fill('符合条件，准予成立登记。');
    await office.getByTestId('action-confirm').click();
    await expect.poll(() => applicationState(office, id), { timeout: 30_000 }).toBe('completed');

    await applicant.reload();
    const decision = applicant.getByTestId('decision');
    await expect.poll(() => decision.innerText()).toContain('准予成立登记');
    expect(await decision.innerText()).toContain('符合条件，准予成立登记。');
    expect(await applicant.getByTestId('application-page').innerText()).toContain(NEW_SCOPE);
    log('approved');
  });
});
