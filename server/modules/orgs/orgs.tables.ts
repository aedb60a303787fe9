import { enumChecks } from '../../platform/db/checks.js';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { departments, regions } from '../../platform/access/scope.tables.js';
import { ORG_GRADES, ORG_STATUSES, ORG_TYPES } from '../../../contracts/orgs.js';

/** Social organizations: the registry. Personal data is sealed (platform/pii/cipher.ts), never stored in clear. */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /**
     * The name's pinyin sort key ("hai3ning2shi4…", collation C), set from the name by a trigger on every write
     * (migration 0033): directories list names in pinyin order, as a Chinese reader looks them up, not by code point.
     */
    namePinyin: text('name_pinyin').notNull().default(''),
    /** Null for a community-based organization that is filed, not registered. */
    creditCode: text('credit_code'),
    type: text('type', { enum: ORG_TYPES }).notNull(),
    registration: text('registration', { enum: ['registered', 'filed'] }).notNull(),
    townId: uuid('town_id').notNull().references(() => regions.id),
    communityId: uuid('community_id').references(() => regions.id),
    /** The domicile's region path, copied for scope filtering (kept in step by region moves later). */
    regionPath: text('region_path').notNull(),
    address: text('address').notNull(),
    businessScope: text('business_scope').notNull(),
    serviceFields: text('service_fields').array().notNull().default(sql`'{}'::text[]`),
    supervisingUnitId: uuid('supervising_unit_id').references(() => departments.id),
    registeredCapitalFen: bigint('registered_capital_fen', { mode: 'number' }).notNull().default(0),
    legalRepName: text('legal_rep_name').notNull(),
    legalRepIdSealed: text('legal_rep_id_sealed'),
    legalRepIdHash: text('legal_rep_id_hash'),
    legalRepPhoneSealed: text('legal_rep_phone_sealed'),
    /**
     * The masked forms every response shows (330481********1234, 138****2210), written with the sealed
     * values so that a page of 50 orgs needs no decryption; the clear value only comes from the reveal.
     */
    legalRepIdMasked: text('legal_rep_id_masked'),
    legalRepPhoneMasked: text('legal_rep_phone_masked'),
    contactName: text('contact_name'),
    contactPhoneSealed: text('contact_phone_sealed'),
    contactPhoneMasked: text('contact_phone_masked'),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ORG_STATUSES }).notNull().default('active'),
    grade: text('grade', { enum: ORG_GRADES }),
    gradeValidUntil: date('grade_valid_until', { mode: 'string' }),
    hasPartyOrg: boolean('has_party_org').notNull().default(false),
    socialWorkerCount: integer('social_worker_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    ...enumChecks('orgs', t),
    uniqueIndex('orgs_credit_code_uq').on(t.creditCode).where(sql`${t.creditCode} is not null`),
    // GB rules: a name is unique among organizations still in existence.
    uniqueIndex('orgs_name_active_uq').on(t.name).where(sql`${t.status} in ('active', 'changing')`),
    // Name search reads org_name_postings below, kept in step with the names by a trigger (migration 0014).
    index('orgs_region_path_idx').using('btree', sql`${t.regionPath} text_pattern_ops`),
    index('orgs_town_idx').on(t.townId, t.name),
    index('orgs_name_pinyin_idx').on(t.namePinyin, t.id),
    index('orgs_legal_rep_hash_idx').on(t.legalRepIdHash),
    check('orgs_capital_ck', sql`${t.registeredCapitalFen} >= 0`),
  ],
);

/**
 * Name search's posting lists: one row per character and per pair of neighbouring characters of each
 * organization's name (lower-cased, as ILIKE compares), held in the order results are shown — shorter
 * names first, which for a name containing the term is trigram similarity's order too, then in pinyin order. A
 * search reads the first rows of one gram's list, so a term that a third of all names contain costs no
 * more than a rare one. Written only by the trigger on orgs (migration 0014), never by the application.
 */
export const orgNamePostings = pgTable(
  'org_name_postings',
  {
    gram: text('gram').notNull(),
    nameLen: integer('name_len').notNull(),
    name: text('name').notNull(),
    /** The org's name_pinyin: matches of one length are listed in pinyin order (migration 0033). */
    namePinyin: text('name_pinyin').notNull().default(''),
    // No foreign key: the trigger on orgs writes and removes these rows, and a key check on each of some
    // thirty rows per name would double the cost of loading a registry.
    orgId: uuid('org_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gram, t.nameLen, t.namePinyin, t.orgId] }), index('org_name_postings_org_idx').on(t.orgId)],
);

/** What changed in an organization's record, by whom and through which case: the registry's history. */
export const orgChanges = pgTable(
  'org_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    /** establishment, change, deregistration, annualReport, import, … */
    kind: text('kind').notNull(),
    caseId: uuid('case_id'),
    caseNumber: text('case_number'),
    /** before/after per field, personal data masked. */
    changes: jsonb('changes'),
  },
  (t) => [index('org_changes_org_idx').on(t.orgId, t.occurredAt)],
);

/** An Excel import of organizations: validated first (a row-by-row report), then run in the chosen mode. */
export const orgImports = pgTable('org_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status', { enum: ['validating', 'validated', 'importing', 'completed', 'failed'] }).notNull(),
  mode: text('mode', { enum: ['validOnly', 'allOrNothing'] }),
  fileName: text('file_name').notNull(),
  storageKey: text('storage_key').notNull(),
  sha256: text('sha256').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  validRows: integer('valid_rows').notNull().default(0),
  invalidRows: integer('invalid_rows').notNull().default(0),
  /** Already in the registry with the same code and name: importing them again changes nothing. */
  unchangedRows: integer('unchanged_rows').notNull().default(0),
  /** Already in the registry with something the directory keeps (服务领域, 联系人, 评估等级 …) different: updated on import. */
  changedRows: integer('changed_rows').notNull().default(0),
  importedRows: integer('imported_rows').notNull().default(0),
  /** Organizations the run updated (changedRows at validation; fewer if a record changed meanwhile). */
  updatedRows: integer('updated_rows').notNull().default(0),
  /** The rows with problems (capped), each with its spreadsheet row number and issues. */
  report: jsonb('report').notNull().default(sql`'[]'::jsonb`),
  error: text('error'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
}, (t) => [...enumChecks('org_imports', t)]);
