import { enumChecks } from '../db/checks.js';
import { REGION_KINDS, REGION_LEVELS } from '../../../contracts/regions.js';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The region tree is the scope model of access control: every record hangs off a node and every
 * grant names one, so it lives in the platform kernel. The regions module owns its administration.
 */
export const regions = pgTable(
  'regions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => regions.id),
    name: text('name').notNull(),
    code: text('code').notNull(),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    kind: text('kind', { enum: REGION_KINDS }).notNull(),
    /** Materialized path of ids, '/<root>/<town>/…/<self>/': a subtree is one indexed prefix match. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retireReason: text('retire_reason'),
    /**
     * Active children and active communities/grids below, kept by the regions module's use cases in
     * the same transaction as each change: the tree is read on every page, changed rarely, and at
     * province scale counting a subtree per row would not stay fast.
     */
    childCount: integer('child_count').notNull().default(0),
    communityCount: integer('community_count').notNull().default(0),
    gridCount: integer('grid_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('regions', t),
    index('regions_parent_idx').on(t.parentId, t.code),
    index('regions_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('regions_level_idx').on(t.level, t.code),
    uniqueIndex('regions_code_active_uq').on(t.code).where(sql`${t.retiredAt} is null`),
    index('regions_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    check(
      'regions_level_kind_ck',
      sql`(${t.level} in ('province', 'prefecture', 'city') and ${t.kind} = ${t.level}) or (${t.level} = 'town' and ${t.kind} in ('town','subdistrict')) or (${t.level} = 'community' and ${t.kind} in ('village','community')) or (${t.level} = 'grid' and ${t.kind} = 'grid')`,
    ),
  ],
);

/**
 * Member units of the Social Work Committee; service departments are the ones that buy services. Each is one
 * city's (issue 16 §3): a grant on a city reaches that city's departments, not another city's.
 */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind', { enum: ['party', 'government', 'massOrg', 'other'] }).notNull(),
    isMemberUnit: boolean('is_member_unit').notNull().default(true),
    isServiceDepartment: boolean('is_service_department').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('departments', t), uniqueIndex('departments_city_name_uq').on(t.cityId, t.name)],
);
