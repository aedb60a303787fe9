import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CERTIFICATE_LEVELS, RESOURCE_KINDS, WORKER_KINDS, WORKER_STATUSES } from '../../../contracts/workforce.js';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { enumChecks } from '../../platform/db/checks.js';
import { orgs } from '../orgs/tables.js';

/**
 * The workforce (issue 17 §1): professional social workers and certified employees of government bodies, each one
 * city's. Personal data is sealed (platform/pii/cipher.ts) with its masked form beside it; the ID number's lookup
 * hash keeps a person once per city. `region_path` is the home town's path (the scope towns read by), kept in step
 * when regions move.
 */
export const workers = pgTable(
  'workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    kind: text('kind', { enum: WORKER_KINDS }).notNull(),
    name: text('name').notNull(),
    /** The name's pinyin sort key, set by a trigger from pinyin_sort_key (migration 0043, as orgs.name_pinyin): lists go in pinyin order. */
    namePinyin: text('name_pinyin').notNull().default(''),
    gender: text('gender', { enum: ['female', 'male'] }),
    idSealed: text('id_sealed').notNull(),
    idHash: text('id_hash').notNull(),
    idMasked: text('id_masked').notNull(),
    phoneSealed: text('phone_sealed'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    certificateLevel: text('certificate_level', { enum: CERTIFICATE_LEVELS }),
    certificateNo: text('certificate_no'),
    employerOrgId: uuid('employer_org_id'),
    departmentId: uuid('department_id'),
    townId: uuid('town_id').notNull(),
    regionPath: text('region_path').notNull(),
    /** Codes of the city's service domains (catalog module). */
    serviceDomains: text('service_domains').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: WORKER_STATUSES }).notNull().default('active'),
    /** The person's own account, once they have one: assignments and notices reach them through it. */
    userId: uuid('user_id'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('workers', t),
    foreignKey({ name: 'workers_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'workers_town_fk', columns: [t.townId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'workers_employer_fk', columns: [t.employerOrgId], foreignColumns: [orgs.id] }),
    foreignKey({ name: 'workers_department_fk', columns: [t.departmentId], foreignColumns: [departments.id] }),
    foreignKey({ name: 'workers_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'workers_user_fk', columns: [t.userId], foreignColumns: [users.id] }),
    uniqueIndex('workers_user_uq').on(t.userId).where(sql`${t.userId} is not null`),
    uniqueIndex('workers_city_id_hash_uq').on(t.cityId, t.idHash),
    uniqueIndex('workers_city_certificate_uq').on(t.cityId, t.certificateNo).where(sql`${t.certificateNo} is not null`),
    // The list: a city's people by kind, in name order; a town's by path.
    index('workers_city_kind_pinyin_idx').on(t.cityId, t.kind, t.namePinyin, t.id),
    index('workers_city_pinyin_idx').on(t.cityId, t.namePinyin, t.id),
    index('workers_region_path_idx').on(t.regionPath),
    index('workers_phone_hash_idx').on(t.phoneHash),
    // A social worker works for an organization, a certified employee for a department: never both.
    check('workers_employer_ck', sql`not (${t.employerOrgId} is not null and ${t.departmentId} is not null)`),
    check('workers_name_ck', sql`length(${t.name}) between 2 and 30`),
  ],
);

/**
 * Each resource's rotation profile: the service domains it brings, its home town, the seasons it can serve, how
 * many communities a season, and the roles it can play. One per resource; a resource without one is not planned.
 * `resource_id` names an org of the registry or a worker (no foreign key across the two; the use case checks it).
 */
export const rotationProfiles = pgTable(
  'rotation_profiles',
  {
    resourceKind: text('resource_kind', { enum: RESOURCE_KINDS }).notNull(),
    resourceId: uuid('resource_id').notNull(),
    cityId: uuid('city_id').notNull(),
    serviceDomains: text('service_domains').array().notNull().default(sql`'{}'::text[]`),
    homeTownId: uuid('home_town_id'),
    seasons: smallint('seasons').array().notNull(),
    capacity: smallint('capacity').notNull(),
    roles: text('roles').array().notNull(),
    /** Off: kept, but left out of the next plan. */
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('rotation_profiles', t),
    primaryKey({ name: 'rotation_profiles_pk', columns: [t.resourceKind, t.resourceId] }),
    foreignKey({ name: 'rotation_profiles_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_profiles_town_fk', columns: [t.homeTownId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_profiles_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    index('rotation_profiles_city_idx').on(t.cityId, t.resourceKind),
    check('rotation_profiles_capacity_ck', sql`${t.capacity} between 1 and 20`),
    check('rotation_profiles_seasons_ck', sql`cardinality(${t.seasons}) between 1 and 4 and ${t.seasons} <@ array[1,2,3,4]::smallint[]`),
    check('rotation_profiles_roles_ck', sql`cardinality(${t.roles}) between 1 and 4 and ${t.roles} <@ array['policyExplainer','resourceLinker','charityPromoter','concernCollector']::text[]`),
  ],
);
