import { sql } from 'drizzle-orm';
import { check, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FIELD_RECORD_KINDS } from '../../../contracts/rotation-records.js';
import { RESOURCE_KINDS, ROTATION_ROLES } from '../../../contracts/workforce.js';
import { regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import { enumChecks } from '../../platform/db/checks.js';
import { files } from '../../platform/files/files.tables.js';
import { rotationAssignments } from './rotation.tables.js';

/**
 * A field record (服务记录, glossary `serviceRecord`) of the rotation: what one assignee did under one published
 * assignment. Named rotation_service_records because projects already own `service_records` (a provider's delivery).
 * The assignment's facts (city, year, season, community, resource, region_path) are copied so that lists and totals
 * read one table; region_path is kept in step when regions move. `client_key` is the phone's UUID: unique per
 * account, so a record synced twice is kept once. `recorded_by` is null only for records loaded in bulk (the demo).
 */
export const rotationServiceRecords = pgTable(
  'rotation_service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientKey: uuid('client_key').notNull(),
    recordedBy: uuid('recorded_by'),
    assignmentId: uuid('assignment_id').notNull(),
    cityId: uuid('city_id').notNull(),
    year: smallint('year').notNull(),
    season: smallint('season').notNull(),
    townId: uuid('town_id').notNull(),
    communityId: uuid('community_id').notNull(),
    gridId: uuid('grid_id'),
    regionPath: text('region_path').notNull(),
    resourceKind: text('resource_kind', { enum: RESOURCE_KINDS }).notNull(),
    resourceId: uuid('resource_id').notNull(),
    role: text('role', { enum: ROTATION_ROLES }).notNull(),
    kind: text('kind', { enum: FIELD_RECORD_KINDS }).notNull(),
    /** The phone's clock at check-in. */
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    accuracyM: doublePrecision('accuracy_m'),
    minutes: integer('minutes').notNull(),
    participants: integer('participants').notNull(),
    /** Beneficiaries by the 6+1 target groups ({ elderly: 12, … }); their sum is beneficiary_total. */
    beneficiaries: jsonb('beneficiaries').$type<Record<string, number>>().notNull(),
    beneficiaryTotal: integer('beneficiary_total').notNull(),
    note: text('note').notNull().default(''),
    /** When the server received it. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...enumChecks('rotation_service_records', t),
    foreignKey({ name: 'rotation_service_records_assignment_fk', columns: [t.assignmentId], foreignColumns: [rotationAssignments.id] }),
    foreignKey({ name: 'rotation_service_records_recorded_by_fk', columns: [t.recordedBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'rotation_service_records_city_fk', columns: [t.cityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_service_records_community_fk', columns: [t.communityId], foreignColumns: [regions.id] }),
    foreignKey({ name: 'rotation_service_records_grid_fk', columns: [t.gridId], foreignColumns: [regions.id] }),
    uniqueIndex('rotation_service_records_client_key_uq').on(t.recordedBy, t.clientKey),
    // The staff list (a city's year, newest first) and a resource's totals.
    index('rotation_service_records_city_idx').on(t.cityId, t.year, t.checkedInAt, t.id),
    index('rotation_service_records_resource_idx').on(t.resourceKind, t.resourceId, t.year, t.season),
    index('rotation_service_records_assignment_idx').on(t.assignmentId),
    index('rotation_service_records_region_path_idx').on(t.regionPath),
    check('rotation_service_records_season_ck', sql`${t.season} between 1 and 4`),
    check('rotation_service_records_minutes_ck', sql`${t.minutes} between 1 and 1440`),
    check('rotation_service_records_counts_ck', sql`${t.participants} >= 0 and ${t.beneficiaryTotal} >= 0`),
    check('rotation_service_records_location_ck', sql`(${t.lat} is null) = (${t.lng} is null) and coalesce(${t.lat}, 0) between -90 and 90 and coalesce(${t.lng}, 0) between -180 and 180`),
  ],
);

/**
 * A photo for a field record: uploaded first (images only), by its account, with the phone's own key so a retried
 * upload answers the same file; attached when the record that names it syncs (record_id), to one record only.
 */
export const rotationRecordPhotos = pgTable(
  'rotation_record_photos',
  {
    fileId: uuid('file_id').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    clientKey: uuid('client_key'),
    recordId: uuid('record_id'),
    position: smallint('position'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rotation_record_photos_pk', columns: [t.fileId] }),
    foreignKey({ name: 'rotation_record_photos_file_fk', columns: [t.fileId], foreignColumns: [files.id] }),
    foreignKey({ name: 'rotation_record_photos_uploaded_by_fk', columns: [t.uploadedBy], foreignColumns: [users.id] }),
    foreignKey({ name: 'rotation_record_photos_record_fk', columns: [t.recordId], foreignColumns: [rotationServiceRecords.id] }),
    uniqueIndex('rotation_record_photos_client_key_uq').on(t.uploadedBy, t.clientKey),
    index('rotation_record_photos_record_idx').on(t.recordId),
  ],
);
