import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { regions } from '../../platform/access/scope.tables.js';

/**
 * A city's own words where they differ between cities: its certificates' number prefix and authority, its public
 * portal's name and contact. A city without a row runs on defaults made from its name and code
 * (cities.presenter.ts), so a new city works before anyone has opened its settings.
 */
export const citySettings = pgTable('city_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => regions.id),
  certPrefix: text('cert_prefix').notNull(),
  registrationAuthority: text('registration_authority').notNull(),
  portalName: text('portal_name').notNull(),
  portalContact: text('portal_contact').notNull().default(''),
  portalAddress: text('portal_address').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});
