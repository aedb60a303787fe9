import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/auth.tables.js';
import { orgs } from './orgs.tables.js';

/**
 * An organization's accounts, once opened (开通组织账号): who its contact person (联系人) is and the version of its
 * member list. The members themselves are the kernel's orgMember role grants (role_grants.org_id); this row adds what
 * a grant cannot say — which one of them answers for the org and may add or remove the others — and the version every
 * change checks. One contact per org, as 法人账号 have one administrator: the role is handed over, never dropped, so an
 * org whose accounts are open always keeps one (migration 0028).
 */
export const orgAccounts = pgTable(
  'org_accounts',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => orgs.id),
    contactUserId: uuid('contact_user_id')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_accounts_contact_idx').on(t.contactUserId), check('org_accounts_version_ck', sql`${t.version} >= 1`)],
);
