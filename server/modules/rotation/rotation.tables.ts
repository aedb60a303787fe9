import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, check } from 'drizzle-orm/pg-core';
import { PLAN_STATES, ROTATION_RULES, TOWN_SOLVE_STATUSES } from '../../../contracts/rotation.js';
import { RESOURCE_KINDS, ROTATION_ROLES } from '../../../contracts/workforce.js';
import { regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { enumChecks } from '../../platform/db/checks.js';

/** A city's own setting of a rule; a rule without a row follows ROTATION_RULE_DEFS. */
export const rotationRules = pgTable(
  'rotation_rules',
  {
    cityId: uuid('city_id').notNull(),
    code: text('code', { enum: ROTATION_RULES }).notNull(),
    hard: boolean('hard').notNull(),
    weight: integer('weight').notNull(),
    /** The city's whole set moves together: every row carries the set's version. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    ...enumChecks('rotation_rules', t),
    primaryKey({ name: 'rotation_rules_pk', columns: [t.cityId, t.code] }),
    foreignKey({ name: 'rotation_rules_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_rules_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    check('rotation_rules_weight_ck', sql`${t.weight} between 0 and 10000`),
  ],
);

/**
 * Who lives in a community, and so what it needs (service domain codes of the city's catalog). `region_path` is the
 * community's path, kept in step when regions move.
 */
export const communityProfiles = pgTable(
  'community_profiles',
  {
    communityId: uuid('community_id').primaryKey(),
    cityId: uuid('city_id').notNull(),
    regionPath: text('region_path').notNull(),
    households: integer('households'),
    elderlyPermille: smallint('elderly_permille'),
    childrenPermille: smallint('children_permille'),
    newResidentPermille: smallint('new_resident_permille'),
    disabledCount: integer('disabled_count'),
    hardshipHouseholds: integer('hardship_households'),
    needs: text('needs').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    foreignKey({ name: 'community_profiles_community_fk', columns: [t.communityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'community_profiles_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'community_profiles_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    index('community_profiles_city_idx').on(t.cityId),
    check('community_profiles_permille_ck', sql`coalesce(${t.elderlyPermille}, 0) between 0 and 1000 and coalesce(${t.childrenPermille}, 0) between 0 and 1000 and coalesce(${t.newResidentPermille}, 0) between 0 and 1000`),
  ],
);

/** A year's pairing: each resource stands with one town of its city. Its history is the audit trail. */
export const rotationPairings = pgTable(
  'rotation_pairings',
  {
    year: smallint('year').notNull(),
    resourceKind: text('resource_kind', { enum: RESOURCE_KINDS }).notNull(),
    resourceId: uuid('resource_id').notNull(),
    cityId: uuid('city_id').notNull(),
    townId: uuid('town_id').notNull(),
    source: text('source', { enum: ['solver', 'office'] }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    ...enumChecks('rotation_pairings', t),
    primaryKey({ name: 'rotation_pairings_pk', columns: [t.year, t.resourceKind, t.resourceId] }),
    foreignKey({ name: 'rotation_pairings_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_pairings_town_fk', columns: [t.townId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_pairings_updated_by_fk', columns: [t.updatedBy], foreignColumns: [users.id] }),
    index('rotation_pairings_city_year_town_idx').on(t.cityId, t.year, t.townId),
  ],
);

/** A season's plan of a city: a draft the solver fills and staff edit, then published and frozen. */
export const rotationPlans = pgTable(
  'rotation_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    year: smallint('year').notNull(),
    season: smallint('season').notNull(),
    state: text('state', { enum: PLAN_STATES }).notNull().default('draft'),
    version: integer('version').notNull().default(1),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    computedBy: uuid('computed_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...enumChecks('rotation_plans', t),
    foreignKey({ name: 'rotation_plans_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_plans_computed_by_fk', columns: [t.computedBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'rotation_plans_published_by_fk', columns: [t.publishedBy], foreignColumns: [users.id] }),
    uniqueIndex('rotation_plans_city_season_uq').on(t.cityId, t.year, t.season),
    check('rotation_plans_season_ck', sql`${t.season} between 1 and 4`),
  ],
);

/** How the solver did in each town of a plan: its figures, or the hard rule that made the town infeasible. */
export const rotationPlanTowns = pgTable(
  'rotation_plan_towns',
  {
    planId: uuid('plan_id').notNull(),
    townId: uuid('town_id').notNull(),
    status: text('status', { enum: TOWN_SOLVE_STATUSES }).notNull(),
    objective: doublePrecision('objective'),
    gap: doublePrecision('gap'),
    millis: integer('millis').notNull(),
    infeasibleRule: text('infeasible_rule', { enum: ROTATION_RULES }),
    infeasibleDetail: text('infeasible_detail'),
  },
  (t) => [
    ...enumChecks('rotation_plan_towns', t),
    primaryKey({ name: 'rotation_plan_towns_pk', columns: [t.planId, t.townId] }),
    foreignKey({ name: 'rotation_plan_towns_plan_fk', columns: [t.planId], foreignColumns: [rotationPlans.id] }).onDelete('cascade'),
    foreignKey({ name: 'rotation_plan_towns_town_fk', columns: [t.townId], foreignColumns: [regions.id] }),
  ],
);

/** One resource in one role in one community for a plan's season. `region_path` is the community's. */
export const rotationAssignments = pgTable(
  'rotation_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    year: smallint('year').notNull(),
    season: smallint('season').notNull(),
    townId: uuid('town_id').notNull(),
    communityId: uuid('community_id').notNull(),
    regionPath: text('region_path').notNull(),
    role: text('role', { enum: ROTATION_ROLES }).notNull(),
    resourceKind: text('resource_kind', { enum: RESOURCE_KINDS }).notNull(),
    resourceId: uuid('resource_id').notNull(),
    source: text('source', { enum: ['solver', 'office'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...enumChecks('rotation_assignments', t),
    foreignKey({ name: 'rotation_assignments_plan_fk', columns: [t.planId], foreignColumns: [rotationPlans.id] }).onDelete('cascade'),
    foreignKey({ name: 'rotation_assignments_town_fk', columns: [t.townId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_assignments_community_fk', columns: [t.communityId], foreignColumns: [regions.id] }),
    uniqueIndex('rotation_assignments_slot_uq').on(t.planId, t.communityId, t.role, t.resourceKind, t.resourceId),
    index('rotation_assignments_plan_idx').on(t.planId, t.townId),
    // A resource's own calendar, and the previous season the rotation rule looks back at.
    index('rotation_assignments_resource_idx').on(t.resourceKind, t.resourceId, t.year, t.season),
    index('rotation_assignments_region_path_idx').on(t.regionPath),
  ],
);
