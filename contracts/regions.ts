import { z } from 'zod';
import { ZCursor, ZId, ZLimit } from './common.js';

/**
 * Province → prefecture → the county-level city or district this platform serves (its settings, its office) →
 * town or subdistrict → village or community → grid. A deployment's roots may be at any of the first three levels.
 */
export const REGION_LEVELS = ['province', 'prefecture', 'city', 'town', 'community', 'grid'] as const;
export const REGION_KINDS = ['province', 'prefecture', 'city', 'town', 'subdistrict', 'village', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export type RegionKind = (typeof REGION_KINDS)[number];

/** Which kinds a level allows, and which level sits below which: the tree's grammar. */
export const KINDS_BY_LEVEL: Record<RegionLevel, readonly RegionKind[]> = {
  province: ['province'],
  prefecture: ['prefecture'],
  city: ['city'],
  town: ['town', 'subdistrict'],
  community: ['village', 'community'],
  grid: ['grid'],
};
export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = { province: 'prefecture', prefecture: 'city', city: 'town', town: 'community', community: 'grid', grid: null };
/** The levels above the cities: a grant there reaches every city below it. */
export const ABOVE_CITY_LEVELS: readonly RegionLevel[] = ['province', 'prefecture'];
/** The levels a root of the tree may have. */
export const ROOT_LEVELS: readonly RegionLevel[] = ['province', 'prefecture', 'city'];
export const levelOfKind = (kind: RegionKind): RegionLevel => (Object.keys(KINDS_BY_LEVEL) as RegionLevel[]).find((l) => KINDS_BY_LEVEL[l].includes(kind))!;

const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZRegion = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  code: z.string(),
  level: z.enum(REGION_LEVELS),
  kind: z.enum(REGION_KINDS),
  retiredAt: z.string().nullable(),
  retireReason: z.string().nullable(),
  version: z.number().int(),
  childCount: z.number().int(),
  counts: z.object({ communities: z.number().int(), grids: z.number().int() }),
  abilities: z.object({ update: z.boolean(), retire: z.boolean(), restore: z.boolean(), createChild: z.boolean() }),
});
export type Region = z.infer<typeof ZRegion>;

export const ZRegionListQuery = z.strictObject({
  level: z.enum(REGION_LEVELS).optional(),
  parentId: ZId.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  includeRetired: ZBoolQuery.optional(),
  limit: ZLimit,
  cursor: ZCursor,
});
export const ZChildrenQuery = z.strictObject({ includeRetired: ZBoolQuery.optional(), limit: ZLimit, cursor: ZCursor });

const ZName = z.string().trim().min(1, '请填写名称').max(60, '名称最多 60 个字');
const ZCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,32}$/, '代码只能由字母、数字和短横线组成，最多 32 位');

/** Without `parentId`: a root of the tree — a province, prefecture or city (the platform administrator's). */
export const ZCreateRegionBody = z.strictObject({ parentId: ZId.optional(), name: ZName, code: ZCode, kind: z.enum(REGION_KINDS) });
export const ZUpdateRegionBody = z
  .strictObject({ version: z.number().int().min(1), name: ZName.optional(), code: ZCode.optional(), parentId: ZId.optional() })
  .refine((b) => b.name !== undefined || b.code !== undefined || b.parentId !== undefined, { message: '没有要修改的内容', path: ['name'] });
export const ZRetireRegionBody = z.strictObject({ version: z.number().int().min(1), reason: z.string().trim().min(2, '请填写撤销原因').max(200) });
export const ZRestoreRegionBody = z.strictObject({ version: z.number().int().min(1) });
export const ZIdParams = z.strictObject({ id: ZId });

/** POST /regions/import: a dry run unless apply=true; with apply, rows with errors refuse the whole file unless skipInvalid=true. */
export const ZRegionImportQuery = z.strictObject({ apply: ZBoolQuery.optional(), skipInvalid: ZBoolQuery.optional() });

const ZImportRowIssue = z.object({ row: z.number().int(), code: z.string(), message: z.string(), messageEn: z.string() });
export const ZRegionImportChange = z.object({
  row: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  action: z.enum(['created', 'renamed', 'moved']),
  /** A rename's or move's former name and parent code. */
  before: z.object({ name: z.string(), parentCode: z.string().nullable() }).nullable(),
  parentCode: z.string().nullable(),
});
export const ZRegionImportReport = z.object({
  applied: z.boolean(),
  sha256: z.string(),
  rows: z.number().int(),
  counts: z.object({
    created: z.number().int(),
    renamed: z.number().int(),
    moved: z.number().int(),
    unchanged: z.number().int(),
    invalid: z.number().int(),
    skipped: z.number().int(),
  }),
  /** What the import creates, renames or moves (the first 2,000). */
  changes: z.array(ZRegionImportChange),
  /** Rows refused, with their row number in the file (the first 2,000). */
  errors: z.array(ZImportRowIssue),
  /** Rows of levels the tree does not hold (province, prefecture), left out. */
  skipped: z.array(ZImportRowIssue),
});
export type RegionImportReport = z.infer<typeof ZRegionImportReport>;

/** GET /regions/export: a subtree in the plain layout code,name,parentCode,level,kind. */
export const ZRegionExportQuery = z.strictObject({ rootId: ZId, format: z.enum(['csv', 'xlsx']).default('csv') });
