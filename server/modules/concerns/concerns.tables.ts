import { sql } from 'drizzle-orm';
import { check, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CONCERN_CHANNELS, CONCERN_STATES, ROUTING_TARGETS } from '../../../contracts/concerns.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { cases } from '../../platform/cases/cases.tables.js';
import { enumChecks } from '../../platform/db/checks.js';
import { files } from '../../platform/files/files.tables.js';

/**
 * A city's concern categories (issue 17 §4): data the office edits, each with its promised handling time in working
 * days (kept for the engine as the city's case_time_limits row of variant = code). `code` is the Open311 service_code.
 */
export const concernCategories = pgTable(
  'concern_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description'),
    timeLimitDays: integer('time_limit_days').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    foreignKey({ name: 'concern_categories_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    uniqueIndex('concern_categories_city_code_uq').on(t.cityId, t.code),
    check('concern_categories_days_ck', sql`${t.timeLimitDays} between 1 and 60`),
    check('concern_categories_code_ck', sql`${t.code} ~ '^[a-z][a-zA-Z0-9_-]{0,39}$'`),
  ],
);

/**
 * Routing rules as data: category (or every category) × region (or the whole city) → who answers — the town of the
 * place, a department of the city, or the town's station. The most specific rule wins (routing.ts).
 */
export const concernRoutingRules = pgTable(
  'concern_routing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    categoryCode: text('category_code'),
    regionId: uuid('region_id'),
    target: text('target', { enum: ROUTING_TARGETS }).notNull(),
    departmentId: uuid('department_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    /** The office edits a rule's answer against the version it read (409 when someone changed it first). */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('concern_routing_rules', t),
    foreignKey({ name: 'concern_routing_rules_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'concern_routing_rules_region_fk', columns: [t.regionId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'concern_routing_rules_department_fk', columns: [t.departmentId], foreignColumns: [departments.id] }),
    foreignKey({ name: 'concern_routing_rules_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }),
    // One rule per category and region in a city (a missing category or region counts as one value).
    uniqueIndex('concern_routing_rules_uq').on(t.cityId, sql`coalesce(${t.categoryCode}, '')`, sql`coalesce(${t.regionId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
    check('concern_routing_rules_department_ck', sql`(${t.target} = 'department') = (${t.departmentId} is not null)`),
  ],
);

/**
 * Open311 api_keys the office issues (POST requests.json needs one): only the SHA-256 of the key is kept, with its
 * first characters to tell keys apart; a revoked key stays for the concerns that name it.
 */
export const open311ApiKeys = pgTable(
  'open311_api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ name: 'open311_api_keys_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'open311_api_keys_created_by_fk', columns: [t.createdBy], foreignColumns: [users.id] }),
    uniqueIndex('open311_api_keys_hash_uq').on(t.keyHash),
  ],
);

/**
 * A concern's details, keyed by its case (the engine keeps state, steps, assignments and deadline). `state` and
 * `overdue_since` are copies for the list's filters and indexes: the transitions write the state in the statement
 * that moves the case, the daily escalation copies the overdue mark. `region_path` is the place's (a community,
 * village or grid), `town_id` the town it lies in. The resident's name, phone and email are sealed; `public_*`
 * columns hold the moderated text (personal data masked) that the public page and Open311 show.
 */
export const concerns = pgTable(
  'concerns',
  {
    caseId: uuid('case_id').primaryKey(),
    cityId: uuid('city_id').notNull(),
    number: text('number').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    categoryCode: text('category_code').notNull(),
    state: text('state', { enum: CONCERN_STATES }).notNull().default('submitted'),
    channel: text('channel', { enum: CONCERN_CHANNELS }).notNull(),
    townId: uuid('town_id').notNull(),
    placeRegionId: uuid('place_region_id').notNull(),
    regionPath: text('region_path').notNull(),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    description: text('description').notNull(),
    publicDescription: text('public_description').notNull(),
    reporterNameSealed: text('reporter_name_sealed'),
    reporterPhoneSealed: text('reporter_phone_sealed'),
    reporterPhoneHash: text('reporter_phone_hash'),
    reporterPhoneMasked: text('reporter_phone_masked'),
    reporterEmailSealed: text('reporter_email_sealed'),
    responsibleKind: text('responsible_kind', { enum: ROUTING_TARGETS }).notNull(),
    responsibleDepartmentId: uuid('responsible_department_id'),
    routingRuleId: uuid('routing_rule_id'),
    reply: text('reply'),
    publicReply: text('public_reply'),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    mergedIntoCaseId: uuid('merged_into_case_id'),
    overdueSince: timestamp('overdue_since', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** Open311: the token answered to the POST (tokens/{token}.json) and the key it came with. */
    open311Token: text('open311_token'),
    apiKeyId: uuid('api_key_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...enumChecks('concerns', t),
    foreignKey({ name: 'concerns_case_fk', columns: [t.caseId], foreignColumns: [cases.id] }),
    foreignKey({ name: 'concerns_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'concerns_town_fk', columns: [t.townId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'concerns_place_fk', columns: [t.placeRegionId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'concerns_department_fk', columns: [t.responsibleDepartmentId], foreignColumns: [departments.id] }),
    foreignKey({ name: 'concerns_routing_rule_fk', columns: [t.routingRuleId], foreignColumns: [concernRoutingRules.id] }).onDelete('set null'),
    foreignKey({ name: 'concerns_merged_into_fk', columns: [t.mergedIntoCaseId], foreignColumns: [t.caseId] }),
    foreignKey({ name: 'concerns_api_key_fk', columns: [t.apiKeyId], foreignColumns: [open311ApiKeys.id] }),
    uniqueIndex('concerns_number_uq').on(t.number),
    uniqueIndex('concerns_tracking_number_uq').on(t.trackingNumber),
    uniqueIndex('concerns_open311_token_uq').on(t.open311Token),
    // The list, newest first (submitted_at, case_id), under each filter's leading columns (docs/PERFORMANCE.md).
    index('concerns_city_list_idx').on(t.cityId, t.submittedAt, t.caseId),
    index('concerns_city_state_idx').on(t.cityId, t.state, t.submittedAt, t.caseId),
    index('concerns_city_category_idx').on(t.cityId, t.categoryCode, t.submittedAt, t.caseId),
    index('concerns_town_list_idx').on(t.townId, t.submittedAt, t.caseId),
    index('concerns_town_state_idx').on(t.townId, t.state, t.submittedAt, t.caseId),
    index('concerns_overdue_idx').on(t.cityId, t.submittedAt, t.caseId).where(sql`${t.overdueSince} is not null`),
    index('concerns_department_idx').on(t.responsibleDepartmentId, t.submittedAt, t.caseId).where(sql`${t.responsibleDepartmentId} is not null`),
    index('concerns_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('concerns_description_trgm_idx').using('gin', sql`${t.description} gin_trgm_ops`),
    index('concerns_phone_hash_idx').on(t.reporterPhoneHash),
    index('concerns_merged_into_idx').on(t.mergedIntoCaseId),
    check('concerns_rating_ck', sql`${t.rating} between 1 and 5`),
    check('concerns_department_ck', sql`(${t.responsibleKind} = 'department') = (${t.responsibleDepartmentId} is not null)`),
    check('concerns_coordinates_ck', sql`(${t.lat} is null) = (${t.lng} is null) and coalesce(${t.lat} between -90 and 90, true) and coalesce(${t.lng} between -180 and 180, true)`),
    check('concerns_merged_ck', sql`(${t.state} = 'merged') = (${t.mergedIntoCaseId} is not null)`),
  ],
);

/** A concern's photos (images only, checked by content when uploaded). */
export const concernPhotos = pgTable(
  'concern_photos',
  {
    caseId: uuid('case_id').notNull(),
    fileId: uuid('file_id').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'concern_photos_pk', columns: [t.caseId, t.fileId] }),
    foreignKey({ name: 'concern_photos_concern_fk', columns: [t.caseId], foreignColumns: [concerns.caseId] }),
    foreignKey({ name: 'concern_photos_file_fk', columns: [t.fileId], foreignColumns: [files.id] }),
    foreignKey({ name: 'concern_photos_uploaded_by_fk', columns: [t.uploadedBy], foreignColumns: [users.id] }),
    index('concern_photos_file_idx').on(t.fileId),
  ],
);
