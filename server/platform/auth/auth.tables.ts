import { enumChecks } from '../db/checks.js';
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { departments, regions } from '../access/scope.tables.js';
import { ROLES } from '../../../contracts/roles.js';
import { SMS_PURPOSES } from '../../../contracts/auth.js';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    /** For email notifications; optional. */
    email: text('email'),
    /** A mobile number, sealed like all personal data; the keyed hash lets an applicant sign in with it. */
    phoneSealed: text('phone_sealed'),
    phoneHash: text('phone_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    /**
     * The city whose office made the account or first granted it a role there (issue 16 §3): an account whose grants
     * were all revoked stays that city's, not every city's. Null for accounts bound to no city (applicants, experts).
     */
    homeCityId: uuid('home_city_id').references((): AnyPgColumn => regions.id),
  },
  (t) => [...enumChecks('users', t), uniqueIndex('users_username_uq').on(sql`lower(${t.username})`), uniqueIndex('users_phone_hash_uq').on(t.phoneHash).where(sql`${t.phoneHash} is not null`)],
);

export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ROLES }).notNull(),
    regionId: uuid('region_id').references(() => regions.id),
    departmentId: uuid('department_id').references(() => departments.id),
    /** The organizations table arrives with the registry; the foreign key is added there. */
    orgId: uuid('org_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [...enumChecks('role_grants', t),
    index('role_grants_user_idx').on(t.userId),
    check('role_grants_one_scope_ck', sql`num_nonnulls(${t.regionId}, ${t.departmentId}, ${t.orgId}) <= 1`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a stolen table does not yield usable cookies. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * One-time codes sent by SMS (registration, password reset). Only a keyed digest of the phone and of the code
 * is kept — a stolen table yields neither numbers nor usable codes; a row is spent once (`consumed_at`) and
 * refused after 5 wrong tries or 5 minutes. Rows also count the sends per phone and per address for the
 * cooldown and the daily caps (sms-codes.ts).
 */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneDigest: text('phone_digest').notNull(),
    purpose: text('purpose', { enum: SMS_PURPOSES }).notNull(),
    codeDigest: text('code_digest').notNull(),
    ip: text('ip'),
    /** False when nothing was sent (a reset asked for a number with no account): counted, never accepted. */
    sent: boolean('sent').notNull().default(true),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [...enumChecks('sms_codes', t), index('sms_codes_phone_idx').on(t.phoneDigest, t.createdAt), index('sms_codes_ip_idx').on(t.ip, t.createdAt)],
);

/** Image captchas (svg-captcha): the answer's digest, valid 2 minutes, used once right or wrong. */
export const captchaChallenges = pgTable('captcha_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  answerDigest: text('answer_digest').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/**
 * Recent failures per username, per client address and per phone (`user:…`, `ip:…`, `phone:…`): they decide
 * when a captcha is asked for, and count the attempts left for a name that has no account, so that its
 * answers look like those of one that has.
 */
export const authFailures = pgTable('auth_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull().defaultNow(),
});
