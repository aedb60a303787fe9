import type { RegionKind, RegionLevel } from '../../../contracts/regions.js';
import { KINDS_BY_LEVEL, REGION_KINDS } from '../../../contracts/regions.js';
import { cellText, type SheetRow } from '../../platform/files/spreadsheet.js';

/*
 * The official administrative division codes (统计用区划代码, National Bureau of Statistics; GB/T 2260 for the
 * county level and above): 2 digits province, 4 prefecture, 6 county-level city or district, 9 town or subdistrict
 * (乡级), 12 village or community (村级). The bureau itself writes every code as 12 digits padded with zeros
 * (330483000000 桐乡市, 330483001000 梧桐街道), and GB/T 2260 writes a province or prefecture as 6 (330000, 330400).
 *
 * The widely used national datasets (github.com/modood/Administrative-divisions-of-China, dist/*.csv, data of
 * 2023) write the short forms with a header row and quoted names, e.g.
 *   areas.csv     code,name,cityCode,provinceCode                     330483,"桐乡市",3304,33
 *   streets.csv   code,name,areaCode,provinceCode,cityCode            330483001,"梧桐街道",330483,33,3304
 *   villages.csv  code,name,streetCode,provinceCode,cityCode,areaCode 330483001201,"…村委会",330483001,33,3304,330483
 * and the village names are their committees' (…居委会, …村委会). Both forms are read here.
 *
 * with provinces.csv `code,name` and cities.csv `code,name,provinceCode` (the prefectures) above them. In those files
 * `cityCode` names the prefecture (3304 嘉兴市) and `areaCode` the county-level city.
 *
 * The tree holds every level from the province down; a deployment's root may be a province, a prefecture or a city,
 * so the parent of a prefecture or city is optional: absent from both the file and the tree, the row is a root.
 */

export const LEVEL_OF_LENGTH: Record<number, RegionLevel> = { 2: 'province', 4: 'prefecture', 6: 'city', 9: 'town', 12: 'community' };
const PARENT_LENGTH: Record<RegionLevel, number | null> = { province: null, prefecture: 2, city: 4, town: 6, community: 9, grid: 12 };
/** Levels whose parent may be missing: a deployment may start at a prefecture or a city. */
const OPTIONAL_PARENT: readonly RegionLevel[] = ['prefecture', 'city'];

/** A code cell as its short form: digits only, the bureau's zero padding taken off. Null when it is not a division code. */
export function normalizeCode(raw: string): string | null {
  const code = raw.trim();
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 12 && code.endsWith('000')) return normalizeCode(code.slice(0, 9));
  if (code.length === 9 && code.endsWith('000')) return normalizeCode(code.slice(0, 6));
  if (code.length === 6 && code.endsWith('0000')) return code.slice(0, 2);
  if (code.length === 6 && code.endsWith('00')) return code.slice(0, 4);
  return [2, 4, 6, 9, 12].includes(code.length) ? code : null;
}

/** The level a (short) code names. */
export function levelOfCode(code: string): RegionLevel {
  return LEVEL_OF_LENGTH[code.length];
}

/**
 * The place's name and kind from the dataset's name. A town whose name ends in 街道 (or 街道办事处) is a subdistrict;
 * a village-level committee named …社区居委会 / …居民委员会 is a community, …村委会 / …村民委员会 (嘎查 …) a village.
 * The tree keeps the place, not its committee: 东山社区居委会 → 东山社区, 双山村委会 → 双山村, as the demo seed does.
 */
export function placeOf(level: RegionLevel, official: string): { name: string; kind: RegionKind } {
  const name = official.trim();
  if (level === 'town') {
    const place = name.replace(/办事处$/, '');
    return { name: place, kind: place.endsWith('街道') ? 'subdistrict' : 'town' };
  }
  if (level === 'community') {
    const isCommunity = /社区|居委会|居民委员会/.test(name);
    const place = name.replace(/(居民委员会|居委会)$/, '').replace(/村民委员会$/, '村').replace(/村委会$/, '村');
    return { name: place, kind: isCommunity ? 'community' : 'village' };
  }
  if (level === 'province' || level === 'prefecture') return { name, kind: level };
  return { name, kind: 'city' };
}

/** The ZName limit of contracts/regions.ts. */
export const NAME_MAX = 60;

export interface RowProblem {
  message: string;
  messageEn: string;
}

/** One row of the file once read: a place to compare with the tree, a row of a level not held (skipped), or a refusal. */
export type ParsedRow =
  | { rowNumber: number; ok: true; code: string; name: string; level: RegionLevel; kind: RegionKind; parentCode: string | null; parentOptional: boolean }
  | { rowNumber: number; ok: false; skipped: true; code: string; problem: RowProblem }
  | { rowNumber: number; ok: false; skipped: false; code: string; problem: RowProblem };

/** Which column holds what, from the header row. */
export interface Layout {
  code: number;
  name: number;
  parentCode?: number;
  streetCode?: number;
  areaCode?: number;
  cityCode?: number;
  provinceCode?: number;
  level?: number;
  kind?: number;
}

/** The header row decides: `code` and `name`, and the parent in parentCode (plain) or streetCode / areaCode (the national datasets). */
export function layoutOf(header: SheetRow): Layout | null {
  const at = (name: string) => {
    const i = header.cells.findIndex((c) => cellText(c ?? null).replace(/^\uFEFF/, '').toLowerCase() === name.toLowerCase());
    return i < 0 ? undefined : i;
  };
  const code = at('code');
  const name = at('name');
  if (code === undefined || name === undefined) return null;
  return { code, name, parentCode: at('parentCode'), streetCode: at('streetCode'), areaCode: at('areaCode'), cityCode: at('cityCode'), provinceCode: at('provinceCode'), level: at('level'), kind: at('kind') };
}

const problem = (message: string, messageEn: string): RowProblem => ({ message, messageEn });

/** A data row on its own (the tree and the other rows are the diff's): code, level, parent, name and kind. */
export function parseRow(layout: Layout, row: SheetRow): ParsedRow {
  const cell = (i: number | undefined) => (i === undefined ? '' : cellText(row.cells[i] ?? null));
  const rowNumber = row.rowNumber;
  const rawCode = cell(layout.code);
  if (cell(layout.level) === 'grid' || cell(layout.kind) === 'grid') return parseGridRow(rowNumber, rawCode, cell(layout.name), cell(layout.parentCode));
  const code = normalizeCode(rawCode);
  if (!code) return { rowNumber, ok: false, skipped: false, code: rawCode, problem: problem(`代码“${rawCode}”不是 2、4、6、9 或 12 位数字的行政区划代码`, `“${rawCode}” is not a 2-, 4-, 6-, 9- or 12-digit division code`) };
  const level = levelOfCode(code);
  const parentLength = PARENT_LENGTH[level];
  let parentCode: string | null = null;
  if (parentLength !== null) {
    const rawParent = cell(PARENT_COLUMN[level](layout));
    if (rawParent === '') parentCode = code.slice(0, parentLength);
    else {
      parentCode = normalizeCode(rawParent);
      if (!parentCode || parentCode.length !== parentLength) {
        const above = PARENT_NAME[level];
        return { rowNumber, ok: false, skipped: false, code, problem: problem(`上级代码“${rawParent}”不是 ${above[0]}代码`, `Parent code “${rawParent}” is not a ${above[1]} code`) };
      }
      if (!code.startsWith(parentCode)) return { rowNumber, ok: false, skipped: false, code, problem: problem(`代码 ${code} 与上级代码 ${parentCode} 不符（应以上级代码开头）`, `Code ${code} does not begin with its parent’s code ${parentCode}`) };
    }
  }
  const place = placeOf(level, cell(layout.name));
  if (!place.name) return { rowNumber, ok: false, skipped: false, code, problem: problem('名称为空', 'The name is empty') };
  if ([...place.name].length > NAME_MAX) return { rowNumber, ok: false, skipped: false, code, problem: problem(`名称最多 ${NAME_MAX} 个字`, `The name is longer than ${NAME_MAX} characters`) };
  // The plain layout's kind column (this module's export) wins over the name's, when it fits the level.
  const given = cell(layout.kind);
  let kind = place.kind;
  if (given) {
    if (!(REGION_KINDS as readonly string[]).includes(given) || !KINDS_BY_LEVEL[level].includes(given as RegionKind)) {
      return { rowNumber, ok: false, skipped: false, code, problem: problem(`类型“${given}”不适用于该层级（${KINDS_BY_LEVEL[level].join('、')}）`, `Kind “${given}” does not fit this level (${KINDS_BY_LEVEL[level].join(', ')})`) };
    }
    kind = given as RegionKind;
  }
  return { rowNumber, ok: true, code, name: place.name, level, kind, parentCode, parentOptional: OPTIONAL_PARENT.includes(level) };
}

/**
 * A grid (网格): no division code of its own — the city numbers its grids (330481101201-01, or its own scheme) — so
 * its code is any code the tree takes, and its parent, the 12-digit community it lies in, is named, never inferred.
 * Grids come in the plain layout with level (or kind) `grid`, as this module's export writes them.
 */
function parseGridRow(rowNumber: number, code: string, rawName: string, rawParent: string): ParsedRow {
  if (!GRID_CODE.test(code)) return { rowNumber, ok: false, skipped: false, code, problem: problem(`网格代码“${code}”只能由字母、数字和短横线组成，最多 32 位`, `Grid code “${code}” may hold letters, digits and hyphens, at most 32`) };
  const parentCode = normalizeCode(rawParent);
  if (!parentCode || parentCode.length !== 12) return { rowNumber, ok: false, skipped: false, code, problem: problem(`网格的上级代码“${rawParent}”不是 12 位村（社区）代码`, `A grid’s parent “${rawParent}” is not a 12-digit village or community code`) };
  const name = rawName.trim();
  if (!name) return { rowNumber, ok: false, skipped: false, code, problem: problem('名称为空', 'The name is empty') };
  if ([...name].length > NAME_MAX) return { rowNumber, ok: false, skipped: false, code, problem: problem(`名称最多 ${NAME_MAX} 个字`, `The name is longer than ${NAME_MAX} characters`) };
  return { rowNumber, ok: true, code, name, level: 'grid', kind: 'grid', parentCode, parentOptional: false };
}

/** The ZCode rule of contracts/regions.ts. */
const GRID_CODE = /^[0-9A-Za-z-]{1,32}$/;

/** Where a row names its parent: the national datasets' column for the level above, else the plain `parentCode`. */
const PARENT_COLUMN: Record<RegionLevel, (l: Layout) => number | undefined> = {
  province: () => undefined,
  prefecture: (l) => l.provinceCode ?? l.parentCode,
  city: (l) => l.cityCode ?? l.parentCode,
  town: (l) => l.areaCode ?? l.parentCode,
  community: (l) => l.streetCode ?? l.parentCode,
  grid: (l) => l.parentCode,
};
const PARENT_NAME: Record<RegionLevel, [string, string]> = {
  province: ['', ''],
  prefecture: ['2 位省', '2-digit province'],
  city: ['4 位地级市', '4-digit prefecture'],
  town: ['6 位市', '6-digit city'],
  community: ['9 位镇街', '9-digit town'],
  grid: ['12 位村社区', '12-digit community'],
};
