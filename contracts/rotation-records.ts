import { z } from 'zod';
import { cursorPart, page, ZCursor, ZId } from './common.js';
import { TARGET_GROUPS } from './target-groups.js';
import { RESOURCE_KINDS, ROTATION_ROLES } from './workforce.js';

/*
 * Field records of the four-season rotation (服务记录, issue 17 §3): what an assignee did in a community of their
 * published assignment, recorded on a phone — often with no signal — and synced later. Each record carries the
 * phone's own UUID (clientKey): the same record synced twice is kept once, and the second sync answers the first.
 * Photos go up first (POST /api/v1/rotation/records/photos, images only), the record names their file ids.
 */

export const FIELD_RECORD_KINDS = ['briefing', 'resourceLinking', 'charityAdvocacy', 'concernVisit'] as const;
export type FieldRecordKind = (typeof FIELD_RECORD_KINDS)[number];
export const FIELD_RECORD_KIND_NAMES: Record<FieldRecordKind, { zh: string; en: string }> = {
  briefing: { zh: '宣讲', en: 'Briefing' },
  resourceLinking: { zh: '链接资源', en: 'Resource linking' },
  charityAdvocacy: { zh: '公益倡导', en: 'Charity advocacy' },
  concernVisit: { zh: '走访收集民情', en: 'Visit to collect concerns' },
};

/** A phone queues at most this many records before it must sync (the sync takes one batch of them). */
export const MAX_SYNC_BATCH = 500;
export const MAX_RECORD_PHOTOS = 9;

const headcount = z.number().int('人数须为整数').min(0, '人数不能为负').max(100_000, '人数不超过 100000');
export const ZBeneficiaries = z.strictObject(Object.fromEntries(TARGET_GROUPS.map((g) => [g, headcount.default(0)])) as Record<(typeof TARGET_GROUPS)[number], z.ZodDefault<typeof headcount>>);

export const ZFieldRecordInput = z.strictObject({
  /** The phone's UUID for this record: unique per account, so a retry never counts twice. */
  clientKey: z.uuid({ error: '记录标识须为手机生成的 UUID' }),
  /** One of the caller's assignments in a published plan (GET /api/v1/rotation/mine/assignments). */
  assignmentId: ZId,
  /** The phone's clock at check-in (ISO 8601 with offset); it must lie in the assignment's season and not ahead of the server. */
  checkedInAt: z.iso.datetime({ offset: true, error: '签到时间须为带时区的 ISO 8601 时间' }),
  /** Where the phone was at check-in, if it could tell: WGS-84 degrees, accuracy in metres. */
  location: z
    .strictObject({
      lat: z.number().min(-90, '纬度在 -90 到 90 之间').max(90, '纬度在 -90 到 90 之间'),
      lng: z.number().min(-180, '经度在 -180 到 180 之间').max(180, '经度在 -180 到 180 之间'),
      accuracy: z.number().min(0, '精度不能为负').max(100_000, '精度不超过 100 公里').nullable().default(null),
    })
    .nullable()
    .default(null),
  /** The grid of the community the activity went down to (optional). */
  gridId: ZId.nullable().default(null),
  /** The role played (usually the assignment's). */
  role: z.enum(ROTATION_ROLES, { error: '请选择所承担的角色' }),
  kind: z.enum(FIELD_RECORD_KINDS, { error: '请选择活动类型' }),
  minutes: z.number().int('时长须为整数分钟').min(1, '时长至少 1 分钟').max(1440, '时长不超过 24 小时'),
  participants: headcount,
  /** Beneficiaries by the 6+1 groups; groups not sent count 0. */
  beneficiaries: ZBeneficiaries.default(Object.fromEntries(TARGET_GROUPS.map((g) => [g, 0])) as never),
  /** Photos uploaded first (POST /api/v1/rotation/records/photos) by the caller, not yet on another record. */
  photoIds: z.array(ZId).max(MAX_RECORD_PHOTOS, `每条记录最多 ${MAX_RECORD_PHOTOS} 张照片`).default([]),
  note: z.string().trim().max(2000, '备注不超过 2000 字').default(''),
});
export type FieldRecordInput = z.infer<typeof ZFieldRecordInput>;

const ZRef = z.object({ id: z.string(), name: z.string() });
export const ZFieldRecord = z.object({
  id: z.string(),
  clientKey: z.string(),
  assignmentId: z.string(),
  year: z.number().int(),
  season: z.number().int(),
  town: ZRef,
  community: ZRef,
  grid: ZRef.nullable(),
  resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string(), name: z.string() }),
  role: z.enum(ROTATION_ROLES),
  roleName: z.string(),
  kind: z.enum(FIELD_RECORD_KINDS),
  kindName: z.string(),
  checkedInAt: z.string(),
  location: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number().nullable() }).nullable(),
  minutes: z.number().int(),
  participants: z.number().int(),
  beneficiaries: z.record(z.string(), z.number().int()),
  beneficiaryTotal: z.number().int(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  note: z.string(),
  recordedBy: z.string().nullable(),
  /** When the server received it (the phone may have been offline for days after checkedInAt). */
  syncedAt: z.string(),
});

export const SYNC_STATUSES = ['created', 'alreadySynced', 'refused'] as const;
export const ZSyncBody = z.strictObject({
  /** Each item is checked on its own against ZFieldRecordInput: one bad record never blocks the others. */
  records: z.array(z.unknown()).min(1, '没有要同步的记录').max(MAX_SYNC_BATCH, `一次最多同步 ${MAX_SYNC_BATCH} 条记录`),
});
export const ZSyncResult = z.object({
  items: z.array(
    z.object({
      index: z.number().int(),
      /** The record's clientKey as sent (null when the item had none readable). */
      clientKey: z.string().nullable(),
      status: z.enum(SYNC_STATUSES),
      /** The stored record: just created, or the one kept from an earlier sync of the same clientKey. */
      record: ZFieldRecord.nullable(),
      /** Why a refused record was refused, field by field. */
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  created: z.number().int(),
  alreadySynced: z.number().int(),
  refused: z.number().int(),
});

export const ZRecordListQuery = z.strictObject({
  cityId: ZId.optional(),
  year: z.coerce.number().int().min(2000).max(2100),
  season: z.coerce.number().int().min(1).max(4).optional(),
  townId: ZId.optional(),
  communityId: ZId.optional(),
  resourceKind: z.enum(RESOURCE_KINDS).optional(),
  resourceId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: ZCursor,
});
/** Newest check-in first, the id breaking ties. */
export const RECORD_CURSOR = z.tuple([cursorPart.timestamp, cursorPart.uuid]);
export const ZRecordPage = page(ZFieldRecord);

export const ZResourceRecordTotals = z.object({
  resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string(), name: z.string() }),
  year: z.number().int(),
  seasons: z.array(
    z.object({
      season: z.number().int(),
      records: z.number().int(),
      minutes: z.number().int(),
      /** minutes / 60, one decimal: what counts toward the resource's service hours. */
      hours: z.number(),
      participants: z.number().int(),
      beneficiaries: z.number().int(),
      byGroup: z.record(z.string(), z.number().int()),
    }),
  ),
  total: z.object({ records: z.number().int(), minutes: z.number().int(), hours: z.number(), participants: z.number().int(), beneficiaries: z.number().int() }),
});

export const ZMyAssignmentsQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100), season: z.coerce.number().int().min(1).max(4) });
export const ZMyAssignments = z.object({
  year: z.number().int(),
  season: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      resource: z.object({ kind: z.enum(RESOURCE_KINDS), id: z.string(), name: z.string() }),
      role: z.enum(ROTATION_ROLES),
      roleName: z.string(),
      town: ZRef,
      community: ZRef,
      grids: z.array(ZRef),
      /** Records the server holds for this assignment (the phone adds what it still queues). */
      records: z.number().int(),
    }),
  ),
});

export const ZRecordPhoto = z.object({ id: z.string(), fileName: z.string(), size: z.number().int(), alreadyUploaded: z.boolean() });
