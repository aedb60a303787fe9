import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../contracts/identifiers.js';
import { useSuite } from './fixtures/suite.js';

/**
 * The workforce import as the office does it (issue 17 §1): from the list to the import page, an .xlsx under the
 * export's headers with one good row and one bad one, the dry run's report (counts, the bad row's number and
 * reasons, the person to add), 确认导入 only once the bad row is to be skipped, and the new person in the list.
 */
const suite = useSuite();
suite.guard('workforce-import');

const HEADERS = ['姓名', '类别', '性别', '公民身份号码', '手机号码', '证书等级', '证书编号', '工作单位', '所在部门', '镇（街道）', '服务领域', '状态', '备注'];
const NAME = '褚怀瑾';

async function workbook(): Promise<Buffer> {
  const id17 = '33048119860909051';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人才队伍');
  ws.addRow(HEADERS);
  ws.addRow([NAME, '机关事业单位持证人员', '女', id17 + residentIdCheckChar(id17), '13905736666', '助理社会工作师', 'E2E-IMP-0001', '', '民政局', '许村镇', '老年人', '在岗', '浏览器导入']);
  ws.addRow(['错行', '专业社工', '', '330481199001010000', '', '', '', '', '', '桐乡镇', '飞行', '在岗', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the workforce import', () => {
  it('checks a file row by row, imports the good row when told to skip the bad one, and lists the new person', async () => {
    const page = await suite.signedIn('admin', 'admin');
    await page.getByTestId('menu-workforce').click();
    await page.getByTestId('worker-row').first().waitFor();
    await page.getByTestId('worker-import').click();
    await page.getByTestId('worker-import-page').waitFor();
    expect(await page.getByTestId('worker-import-template').getAttribute('href')).toBe('/api/v1/workers/export.xlsx');

    suite.log('dry run');
    // The drop area's own file input, as a chosen or dropped file reaches it.
    await page.getByTestId('worker-import-page').locator('input[type=file]').setInputFiles({ name: '人员导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook() });
    const counts = page.getByTestId('worker-import-counts');
    await counts.waitFor();
    expect((await counts.innerText()).replace(/\s+/g, ' ')).toMatch(/新增 1 修改 0 无变化 0 错误行 1/);
    const errors = await page.getByTestId('worker-import-errors').innerText();
    expect(errors).toContain('第 3 行');
    expect(errors).toContain('镇（街道）“桐乡镇”不是海宁市的镇（街道）');
    expect(errors).toContain('服务领域不在本市目录中：飞行');
    expect(await page.getByTestId('worker-import-changes').innerText()).toContain(NAME);

    suite.log('apply, skipping the bad row');
    const apply = page.getByTestId('worker-import-apply');
    expect(await apply.isDisabled()).toBe(true);
    await page.getByTestId('worker-import-skip-invalid').click();
    await expect.poll(() => apply.isDisabled()).toBe(false);
    await apply.click();
    await expect.poll(() => page.getByTestId('worker-import-done').innerText()).toContain('新增 1 人');

    suite.log('the list');
    await page.getByTestId('worker-import-to-list').click();
    await page.waitForURL((url) => url.pathname === '/workforce');
    await page.getByTestId('worker-search').locator('input').fill(NAME);
    await page.getByTestId('worker-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('worker-row').allInnerTexts()).toEqual([NAME]);
  });
});
