import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CATALOG_TIERS } from '../../../contracts/funds.js';
import { regions } from '../../platform/access/scope.tables.js';

/** The 123X catalog's categories: data a city edits (the tiers are policy and fixed). */
export const catalogCategories = pgTable(
  'catalog_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The city whose setting it is (issue 16 §3): each city keeps its own, started from a template. */
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    tier: text('tier', { enum: CATALOG_TIERS }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [...enumChecks('catalog_categories', t), uniqueIndex('catalog_categories_city_code_uq').on(t.cityId, t.code), index('catalog_categories_tier_idx').on(t.tier, t.sortOrder)],
);

/**
 * Service domains (children, elderly, corrections, petitions, …) that projects and orgs serve: a city's own list
 * (issue 16 §3), started from a template like the catalog; a code means the same domain within one city.
 */
export const serviceDomains = pgTable(
  'service_domains',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'service_domains_pk', columns: [t.cityId, t.code] }),
    uniqueIndex('service_domains_city_name_uq').on(t.cityId, t.name).where(sql`${t.retiredAt} is null`),
  ],
);
