import { z } from 'zod';
import { ZCursor, ZId, ZMobile } from './common.js';

const ZDay = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

/*
 * Residents' concerns (民情, issue 17 §4): raised by a concern collector in a grid, by staff at a counter, by anyone on
 * the public page without signing in, or through Open311; routed by the city's rules to a town, a department or a
 * station; accepted, handled, replied to, rated by the resident and closed on the case engine.
 */

export const CONCERN_STATES = ['submitted', 'accepted', 'handling', 'replied', 'rated', 'closed', 'merged'] as const;
export type ConcernState = (typeof CONCERN_STATES)[number];
export const CONCERN_STATE_NAMES: Record<ConcernState, { zh: string; en: string }> = {
  submitted: { zh: '待受理', en: 'Submitted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  handling: { zh: '办理中', en: 'Handling' },
  replied: { zh: '已答复', en: 'Replied' },
  rated: { zh: '已评价', en: 'Rated' },
  closed: { zh: '已办结', en: 'Closed' },
  merged: { zh: '已合并', en: 'Merged' },
};
/** Open311 has two statuses: a concern is `closed` once replied to (the answer is given) and after; `open` before. */
export const OPEN311_CLOSED_STATES: readonly ConcernState[] = ['replied', 'rated', 'closed', 'merged'];

export const CONCERN_CHANNELS = ['staff', 'public', 'open311'] as const;
export type ConcernChannel = (typeof CONCERN_CHANNELS)[number];
export const CONCERN_CHANNEL_NAMES: Record<ConcernChannel, { zh: string; en: string }> = {
  staff: { zh: '网格采集', en: 'Collected in a grid' },
  public: { zh: '群众自报', en: 'Public page' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
};

/** Who a routing rule hands a concern to: the town of its place, a department of the city, or the town's social work station. */
export const ROUTING_TARGETS = ['town', 'department', 'station'] as const;
export type RoutingTarget = (typeof ROUTING_TARGETS)[number];
export const ROUTING_TARGET_NAMES: Record<RoutingTarget, { zh: string; en: string }> = {
  town: { zh: '属地镇街', en: 'The town' },
  department: { zh: '职能部门', en: 'A department' },
  station: { zh: '镇街社工站', en: 'The town’s social work station' },
};

/**
 * The categories a new city starts with (each city edits its own): code (the Open311 service_code), names, and the
 * promised handling time in working days.
 */
export const DEFAULT_CONCERN_CATEGORIES = [
  { code: 'environment', name: '环境卫生', nameEn: 'Environment and sanitation', timeLimitDays: 5, description: '垃圾堆放、污水、噪声、绿化等' },
  { code: 'facilities', name: '公共设施', nameEn: 'Public facilities', timeLimitDays: 7, description: '道路、路灯、健身器材、公共场所设施损坏' },
  { code: 'safety', name: '安全隐患', nameEn: 'Safety hazards', timeLimitDays: 3, description: '消防通道、危房、电动车充电等安全隐患' },
  { code: 'elderly', name: '养老助老', nameEn: 'Care for the elderly', timeLimitDays: 5, description: '独居老人照料、助餐、探访需求' },
  { code: 'hardship', name: '困难帮扶', nameEn: 'Hardship assistance', timeLimitDays: 5, description: '困难家庭、残疾人、困境儿童的帮扶需求' },
  { code: 'dispute', name: '邻里纠纷', nameEn: 'Neighbour disputes', timeLimitDays: 5, description: '邻里、物业、家庭矛盾调解' },
  { code: 'other', name: '其他', nameEn: 'Other', timeLimitDays: 10, description: '其他意见建议' },
] as const;

export const ZConcernCategory = z.object({
  id: z.string(),
  cityId: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  timeLimitDays: z.number().int(),
  retired: z.boolean(),
});

/** A category as the office keeps it (GET /api/v1/concern-categories and its edits): with its English name and version. */
export const ZConcernCategorySetting = ZConcernCategory.extend({ nameEn: z.string().nullable(), sortOrder: z.number().int(), version: z.number().int() });

const categoryName = z.string().trim().min(2, '类别名称 2 到 20 个字').max(20, '类别名称 2 到 20 个字');
const categoryDescription = z.string().trim().max(200, '说明不超过 200 个字').nullable();
const timeLimitDays = z.number().int('办理时限为整数个工作日').min(1, '办理时限为 1 到 60 个工作日').max(60, '办理时限为 1 到 60 个工作日');

/** A new category: its code is the Open311 service_code and never changes. */
export const ZConcernCategoryInput = z.strictObject({
  cityId: ZId.optional(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-zA-Z0-9_-]{0,39}$/, '编码以小写字母开头，只用字母、数字、- 和 _，不超过 40 个字符'),
  name: categoryName,
  nameEn: z.string().trim().max(60).nullable().default(null),
  description: categoryDescription.default(null),
  timeLimitDays,
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});

/** A change to a category: name, description, time limit (new concerns get it), order, retire or restore; against the version read. */
export const ZConcernCategoryPatch = z.strictObject({
  version: z.number().int().min(1),
  name: categoryName.optional(),
  nameEn: z.string().trim().max(60).nullable().optional(),
  description: categoryDescription.optional(),
  timeLimitDays: timeLimitDays.optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  retired: z.boolean().optional(),
});

const placeText = z.string().trim().max(200, '地址不超过 200 个字');
const description = z.string().trim().min(5, '请至少用 5 个字说明情况').max(2000, '描述不超过 2000 个字');
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

/** A concern recorded by staff (a collector in a grid, a clerk at the counter): the place is a community or grid of their reach. */
export const ZConcernRaiseInput = z.strictObject({
  categoryCode: z.string().trim().min(1).max(40),
  /** A community, village or grid (or a town, when nothing finer is known). */
  regionId: ZId,
  address: placeText.nullable().default(null),
  lat: lat.nullable().default(null),
  lng: lng.nullable().default(null),
  description,
  /** The resident's phone for the reply, sealed; never shown in public. */
  reporterPhone: ZMobile.nullable().default(null),
  reporterName: z.string().trim().max(30).nullable().default(null),
  /** Photos already uploaded (POST /api/v1/concern-photos), at most 6. */
  photoIds: z.array(ZId).max(6, '最多 6 张照片').default([]),
});

/** A concern raised on the public page without signing in. */
export const ZPublicConcernInput = z.strictObject({
  categoryCode: z.string().trim().min(1).max(40),
  regionId: ZId,
  address: placeText.nullable().default(null),
  lat: lat.nullable().default(null),
  lng: lng.nullable().default(null),
  description,
  reporterPhone: ZMobile.nullable().default(null),
  /** An empty field a person never sees: a form filler that fills it is a robot (the answer looks the same). */
  website: z.string().max(200).optional(),
});

export const ZConcernListQuery = z.strictObject({
  cityId: ZId.optional(),
  state: z.enum(CONCERN_STATES).optional(),
  categoryCode: z.string().max(40).optional(),
  townId: ZId.optional(),
  /** A town, community, village or grid: the concerns placed in it or below. */
  regionId: ZId.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Submitted on or after / on or before these days (China time). */
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** The tracking number or case number, or words of the description. */
  q: z.string().trim().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: ZCursor,
});

export const ZConcernListItem = z.object({
  id: z.string(),
  number: z.string(),
  trackingNumber: z.string(),
  state: z.enum(CONCERN_STATES),
  stateName: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  town: z.object({ id: z.string(), name: z.string() }),
  place: z.object({ id: z.string(), name: z.string() }),
  summary: z.string(),
  channel: z.enum(CONCERN_CHANNELS),
  responsible: z.object({ kind: z.enum(ROUTING_TARGETS), name: z.string() }),
  submittedAt: z.string(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  escalated: z.boolean(),
});

export const ZConcernDetail = ZConcernListItem.extend({
  cityId: z.string(),
  description: z.string(),
  /** The text the public sees (personal data masked). */
  publicDescription: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  reporterPhone: z.string().nullable(),
  reporterName: z.string().nullable(),
  reply: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  photos: z.array(z.object({ id: z.string(), fileName: z.string(), url: z.string() })),
  version: z.number().int(),
  /** The events this caller may fire now (POST /api/v1/cases/{id}/transitions). */
  abilities: z.object({ events: z.array(z.string()) }),
});

/** What anyone sees of a concern by its tracking number: no phone, no name, the description masked. */
export const ZPublicConcern = z.object({
  trackingNumber: z.string(),
  state: z.enum(CONCERN_STATES),
  stateName: z.string(),
  category: z.string(),
  town: z.string(),
  place: z.string(),
  description: z.string(),
  reply: z.string().nullable(),
  rating: z.number().int().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  dueOn: z.string().nullable(),
  /** Merged into another concern: its number (follow it at /open311/v2/requests/{number}.json). */
  mergedInto: z.string().nullable(),
  steps: z.array(z.object({ stateName: z.string(), at: z.string() })),
  /** Whether the resident may rate it now (POST …/rating with the tracking number). */
  mayRate: z.boolean(),
});

export const ZPublicConcernReceipt = z.object({ trackingNumber: z.string(), stateName: z.string(), dueOn: z.string().nullable() });

export const ZTrackingParams = z.strictObject({ trackingNumber: z.string().trim().min(8).max(24) });

/** The events' inputs (the engine validates them against the transition's declaration). */
export const ZConcernReplyInput = z.strictObject({ reply: z.string().trim().min(5, '答复至少 5 个字').max(2000, '答复不超过 2000 个字') });
export const ZConcernRateInput = z.strictObject({
  rating: z.number().int().min(1, '评分为 1 到 5').max(5, '评分为 1 到 5'),
  ratingComment: z.string().trim().max(500).nullable().default(null),
});
export const ZConcernTransferInput = z.strictObject({
  target: z.enum(ROUTING_TARGETS),
  departmentId: ZId.nullable().default(null),
});
export const ZConcernMergeInput = z.strictObject({ intoNumber: z.string().trim().min(4).max(24) });

export const ZPublicRateInput = ZConcernRateInput;

export const ZRoutingRule = z.object({
  id: z.string(),
  cityId: z.string(),
  categoryCode: z.string().nullable(),
  region: z.object({ id: z.string(), name: z.string() }).nullable(),
  target: z.enum(ROUTING_TARGETS),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
});

/** A routing rule as the office edits it: the category's name, the region's level, and the version read. */
export const ZRoutingRuleSetting = ZRoutingRule.extend({
  categoryName: z.string().nullable(),
  region: z.object({ id: z.string(), name: z.string(), level: z.string() }).nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

/** A new rule: category (null: every category) × region (null: the whole city) → who answers. */
export const ZRoutingRuleInput = z.strictObject({
  cityId: ZId.optional(),
  categoryCode: z.string().trim().min(1).max(40).nullable().default(null),
  regionId: ZId.nullable().default(null),
  target: z.enum(ROUTING_TARGETS, { error: '请选择承办方' }),
  departmentId: ZId.nullable().default(null),
});

/** A rule's new answer (who handles); its category and region stay — a different pair is another rule. */
export const ZRoutingRulePatch = z.strictObject({
  version: z.number().int().min(1),
  target: z.enum(ROUTING_TARGETS, { error: '请选择承办方' }),
  departmentId: ZId.nullable().default(null),
});

export const ZRoutingRuleDelete = z.strictObject({ version: z.coerce.number().int().min(1) });

/*
 * 民情统计 (issue 17 §4 charts): one city's concerns within the caller's reach, filtered by place, category and the
 * day they were submitted. Within the limit: closed within the category's time limit (working days from the day
 * submitted to the day closed), or still open and not marked overdue; merged duplicates are not counted. Time to
 * close is in working days on the official calendar (the day submitted does not count; closed the same day = 0).
 */
export const ZConcernStatsQuery = z.strictObject({
  cityId: ZId.optional(),
  townId: ZId.optional(),
  /** A town, community or grid: the concerns placed in it or below. */
  regionId: ZId.optional(),
  categoryCode: z.string().max(40).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});

const ZCount = z.number().int();
export const ZConcernStats = z.object({
  city: z.object({ id: z.string(), name: z.string() }),
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: ZCount,
  byState: z.array(z.object({ state: z.enum(CONCERN_STATES), name: z.string(), count: ZCount })),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), timeLimitDays: z.number().int().nullable(), count: ZCount, closed: ZCount, closedWithinLimit: ZCount })),
  byTown: z.array(z.object({ id: z.string(), name: z.string(), count: ZCount, open: ZCount, overdue: ZCount })),
  /** Every community (or village) in reach, with none too: the tile map colours each by its count. */
  byCommunity: z.array(z.object({ id: z.string(), name: z.string(), townId: z.string(), count: ZCount, overdue: ZCount })),
  withinLimit: z.object({
    /** within ÷ counted, null when nothing is counted. */
    share: z.number().nullable(),
    counted: ZCount,
    within: ZCount,
    closedWithin: ZCount,
    closedLate: ZCount,
    openOnTime: ZCount,
    openOverdue: ZCount,
  }),
  timeToClose: z.object({
    unit: z.literal('workingDays'),
    closed: ZCount,
    /** Nearest rank: the least number of working days within which half (nine tenths) of the closed concerns closed. */
    median: z.number().nullable(),
    p90: z.number().nullable(),
    mean: z.number().nullable(),
    /** How many closed in 0, 1, 2 … working days, up to the largest seen; a bucket of 15 holds 15 and more. */
    histogram: z.array(z.object({ days: z.number().int(), count: ZCount })),
  }),
});

/*
 * Open311 GeoReport v2 (JSON) at /open311/v2: the specification's own field names (snake_case) — see
 * server/modules/concerns/open311.ts.
 */
export const ZOpen311Error = z.array(z.object({ code: z.number().int(), description: z.string() }));
export const ZOpen311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export const ZOpen311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: z.string(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
});
export const ZOpen311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string(),
  address_id: z.string(),
  zipcode: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string(),
});
export const ZOpen311PostAnswer = z.array(z.object({ service_request_id: z.string(), token: z.string(), service_notice: z.string(), account_id: z.string().nullable() }));
export const ZOpen311Token = z.array(z.object({ service_request_id: z.string(), token: z.string() }));
export const ZOpen311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })),
});
const open311Text = z.string().max(4000).optional();
/** Any query the specification names; other parameters (a client's own) are ignored, as clients send them. */
export const ZOpen311Query = z.looseObject({ jurisdiction_id: z.string().max(20).optional() });
export const ZOpen311RequestsQuery = z.looseObject({
  jurisdiction_id: z.string().max(20).optional(),
  service_request_id: z.string().max(4000).optional(),
  service_code: z.string().max(1000).optional(),
  start_date: z.string().max(40).optional(),
  end_date: z.string().max(40).optional(),
  status: z.string().max(40).optional(),
});
/** The POST form, as the specification names its fields (x-www-form-urlencoded). */
export const ZOpen311PostForm = z.looseObject({
  api_key: open311Text,
  jurisdiction_id: open311Text,
  service_code: open311Text,
  lat: open311Text,
  long: open311Text,
  address_string: open311Text,
  address_id: open311Text,
  email: open311Text,
  device_id: open311Text,
  account_id: open311Text,
  first_name: open311Text,
  last_name: open311Text,
  phone: open311Text,
  description: open311Text,
  media_url: open311Text,
});

/** An Open311 key the office issued (the key itself is shown once, when issued). */
export const ZOpen311ApiKey = z.object({ id: z.string(), cityId: z.string(), name: z.string(), keyPrefix: z.string(), createdAt: z.string(), revoked: z.boolean() });
export const ZOpen311ApiKeyInput = z.strictObject({ cityId: ZId.optional(), name: z.string().trim().min(2, '请填写使用方名称').max(60) });
export const ZOpen311IssuedKey = ZOpen311ApiKey.extend({ key: z.string() });
