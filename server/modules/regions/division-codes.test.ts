import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../platform/files/spreadsheet.js';
import { layoutOf, levelOfCode, normalizeCode, parseRow, placeOf } from './division-codes.js';

const parse = (csv: string) => {
  const [header, ...data] = [...readCsvRows(csv)];
  const layout = layoutOf(header)!;
  return data.map((r) => parseRow(layout, r));
};

describe('division codes: code → level', () => {
  it('reads the short forms and the bureau’s zero-padded twelve digits alike', () => {
    expect(normalizeCode('330483')).toBe('330483');
    expect(normalizeCode('330483000000')).toBe('330483');
    expect(normalizeCode('330483001000')).toBe('330483001');
    expect(normalizeCode(' 330483001201 ')).toBe('330483001201');
    expect(levelOfCode('330483')).toBe('city');
    expect(levelOfCode('330483001')).toBe('town');
    expect(levelOfCode('330483001201')).toBe('community');
  });

  it('knows provinces and prefectures (2, 4 digits; 330000 and 330400 in GB/T 2260) as the levels above', () => {
    for (const code of ['33', '330000', '330000000000']) expect(levelOfCode(normalizeCode(code)!)).toBe('province');
    for (const code of ['3304', '330400', '330400000000']) expect(levelOfCode(normalizeCode(code)!)).toBe('prefecture');
  });

  it('refuses what is no division code', () => {
    for (const code of ['', '33048', '3304830', '33048300120', 'A30483', '330483-001', '1234567890123']) expect(normalizeCode(code)).toBeNull();
  });
});

describe('division codes: name → kind', () => {
  it('makes 街道 a subdistrict, any other town a town, and drops 办事处', () => {
    expect(placeOf('town', '梧桐街道')).toEqual({ name: '梧桐街道', kind: 'subdistrict' });
    expect(placeOf('town', '漓东街道办事处')).toEqual({ name: '漓东街道', kind: 'subdistrict' });
    expect(placeOf('town', '乌镇镇')).toEqual({ name: '乌镇镇', kind: 'town' });
    expect(placeOf('town', '南高乡')).toEqual({ name: '南高乡', kind: 'town' });
  });

  it('keeps the place, not its committee: 社区/居委会 a community, else a village', () => {
    expect(placeOf('community', '东山社区居委会')).toEqual({ name: '东山社区', kind: 'community' });
    expect(placeOf('community', '东于社区居民委员会')).toEqual({ name: '东于社区', kind: 'community' });
    expect(placeOf('community', '横塘社区')).toEqual({ name: '横塘社区', kind: 'community' });
    expect(placeOf('community', '双山村委会')).toEqual({ name: '双山村', kind: 'village' });
    expect(placeOf('community', '南高村民委员会')).toEqual({ name: '南高村', kind: 'village' });
    expect(placeOf('community', '敦达乌苏嘎查')).toEqual({ name: '敦达乌苏嘎查', kind: 'village' });
  });
});

describe('division codes: a row on its own', () => {
  it('reads the national villages layout, its parent from streetCode', () => {
    const [row] = parse('code,name,streetCode,provinceCode,cityCode,areaCode\n330483001201,"凤凰村委会",330483001,33,3304,330483\n');
    expect(row).toEqual({ rowNumber: 2, ok: true, code: '330483001201', name: '凤凰村', level: 'community', kind: 'village', parentCode: '330483001', parentOptional: false });
  });

  it('reads the towns layout (parent from areaCode), the areas layout (its prefecture from cityCode, optional) and those above', () => {
    expect(parse('code,name,areaCode,provinceCode,cityCode\n330483001,"梧桐街道",330483,33,3304\n')[0]).toMatchObject({ ok: true, level: 'town', kind: 'subdistrict', parentCode: '330483', parentOptional: false });
    expect(parse('code,name,cityCode,provinceCode\n330483,"桐乡市",3304,33\n')[0]).toMatchObject({ ok: true, level: 'city', kind: 'city', parentCode: '3304', parentOptional: true });
    expect(parse('code,name,provinceCode\n3304,"嘉兴市",33\n')[0]).toMatchObject({ ok: true, level: 'prefecture', kind: 'prefecture', parentCode: '33', parentOptional: true });
    expect(parse('code,name\n33,"浙江省"\n')[0]).toMatchObject({ ok: true, level: 'province', kind: 'province', parentCode: null });
    // A plain row with its parent left empty takes it from the code, as a town's does.
    expect(parse('code,name,parentCode\n330483,桐乡市,\n')[0]).toMatchObject({ ok: true, level: 'city', parentCode: '3304', parentOptional: true });
  });

  it('reads the plain layout, padded codes, an empty parent (from the code) and a given kind', () => {
    const rows = parse('code,name,parentCode,level,kind\n330483001000,梧桐街道,330483000000,town,subdistrict\n330483100201,虹桥,,community,community\n');
    expect(rows[0]).toMatchObject({ ok: true, code: '330483001', parentCode: '330483' });
    expect(rows[1]).toMatchObject({ ok: true, code: '330483100201', parentCode: '330483100', kind: 'community' });
  });

  it('refuses per row: a bad code, a prefix that is not the parent’s, an empty or too long name, a kind of another level', () => {
    const rows = parse(
      [
        'code,name,parentCode,kind',
        '33048X001,某街道,330483,',
        '330483001201,某村,330481001,',
        '330483001202,,330483001,',
        `330483001203,${'长'.repeat(61)},330483001,`,
        '330483001204,某村,330483,',
        '330483001205,某村,330483001,town',
      ].join('\n'),
    );
    expect(rows.map((r) => (r.ok ? 'ok' : r.problem.message))).toEqual([
      '代码“33048X001”不是 2、4、6、9 或 12 位数字的行政区划代码',
      '代码 330483001201 与上级代码 330481001 不符（应以上级代码开头）',
      '名称为空',
      '名称最多 60 个字',
      '上级代码“330483”不是 9 位镇街代码',
      '类型“town”不适用于该层级（village、community）',
    ]);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('refuses a prefecture whose province code is not 2 digits or not its prefix', () => {
    const rows = parse('code,name,provinceCode\n3304,嘉兴市,330\n3304,嘉兴市,32\n');
    expect(rows.map((r) => (r.ok ? 'ok' : r.problem.message))).toEqual(['上级代码“330”不是 2 位省代码', '代码 3304 与上级代码 32 不符（应以上级代码开头）']);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks as one record', () => {
    const rows = [...readCsvRows('code,name\r\n1,"a,b"\r\n2,"say ""hi"""\n3,"two\nlines"\n\n')];
    expect(rows.map((r) => [r.rowNumber, r.cells[2]])).toEqual([
      [1, 'name'],
      [2, 'a,b'],
      [3, 'say "hi"'],
      [4, 'two\nlines'],
    ]);
  });
});
