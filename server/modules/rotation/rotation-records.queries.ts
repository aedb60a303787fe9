import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { regions } from '../../platform/access/scope.tables.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { files } from '../../platform/files/files.tables.js';
import { rotationRecordPhotos, rotationServiceRecords } from './rotation-records.tables.js';
import { rotationAssignments, rotationPlans } from './rotation.tables.js';

const community = alias(regions, 'community');
const town = alias(regions, 'town');
const grid = alias(regions, 'grid');

/** Assignments by id with their plan's city and state, for checking records against them. */
export function selectAssignmentsById(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ assignment: rotationAssignments, cityId: rotationPlans.cityId, state: rotationPlans.state })
    .from(rotationAssignments)
    .innerJoin(rotationPlans, eq(rotationPlans.id, rotationAssignments.planId))
    .where(inArray(rotationAssignments.id, [...ids]));
}

/** The published assignments of some resources in one season, with community and town names, in community code order. */
export function selectPublishedAssignmentsOf(db: DbOrTx, refs: readonly { kind: string; id: string }[], year: number, season: number) {
  if (refs.length === 0) return Promise.resolve([]);
  const keys = refs.map((r) => `${r.kind}:${r.id}`);
  return db
    .select({
      id: rotationAssignments.id,
      role: rotationAssignments.role,
      resourceKind: rotationAssignments.resourceKind,
      resourceId: rotationAssignments.resourceId,
      communityId: rotationAssignments.communityId,
      communityName: community.name,
      townId: rotationAssignments.townId,
      townName: town.name,
      records: sql<number>`(select count(*)::int from ${rotationServiceRecords} r where r.assignment_id = ${rotationAssignments.id})`,
    })
    .from(rotationAssignments)
    .innerJoin(rotationPlans, eq(rotationPlans.id, rotationAssignments.planId))
    .innerJoin(community, eq(community.id, rotationAssignments.communityId))
    .innerJoin(town, eq(town.id, rotationAssignments.townId))
    .where(and(eq(rotationAssignments.year, year), eq(rotationAssignments.season, season), eq(rotationPlans.state, 'published'), inArray(sql`${rotationAssignments.resourceKind} || ':' || ${rotationAssignments.resourceId}`, keys)))
    .orderBy(asc(community.code), asc(rotationAssignments.role));
}

/** The live grids of some communities, in code order. */
export function selectGridsOf(db: DbOrTx, communityIds: readonly string[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .select({ id: regions.id, name: regions.name, communityId: regions.parentId })
    .from(regions)
    .where(and(inArray(regions.parentId, [...communityIds]), eq(regions.level, 'grid'), isNull(regions.retiredAt)))
    .orderBy(asc(regions.code));
}

/** The caller's records already kept under these phone keys. */
export function selectRecordIdsByKeys(db: DbOrTx, userId: string, clientKeys: readonly string[]) {
  if (clientKeys.length === 0) return Promise.resolve([]);
  return db
    .select({ id: rotationServiceRecords.id, clientKey: rotationServiceRecords.clientKey })
    .from(rotationServiceRecords)
    .where(and(eq(rotationServiceRecords.recordedBy, userId), inArray(rotationServiceRecords.clientKey, [...clientKeys])));
}

/** Uploaded record photos by file id, with the file's detected type. */
export function selectPhotoUploads(db: DbOrTx, fileIds: readonly string[]) {
  if (fileIds.length === 0) return Promise.resolve([]);
  return db
    .select({ fileId: rotationRecordPhotos.fileId, uploadedBy: rotationRecordPhotos.uploadedBy, recordId: rotationRecordPhotos.recordId, mime: files.mime })
    .from(rotationRecordPhotos)
    .innerJoin(files, eq(files.id, rotationRecordPhotos.fileId))
    .where(inArray(rotationRecordPhotos.fileId, [...fileIds]));
}

export async function selectPhotoUploadByKey(db: DbOrTx, userId: string, clientKey: string) {
  const [row] = await db
    .select({ fileId: rotationRecordPhotos.fileId, fileName: files.originalName, size: files.size })
    .from(rotationRecordPhotos)
    .innerJoin(files, eq(files.id, rotationRecordPhotos.fileId))
    .where(and(eq(rotationRecordPhotos.uploadedBy, userId), eq(rotationRecordPhotos.clientKey, clientKey)));
  return row;
}

/** Records with the names a DTO shows, by a condition, newest check-in first. */
export function selectRecordRows(db: DbOrTx, where: SQL | undefined, limit?: number) {
  const q = db
    .select({
      r: rotationServiceRecords,
      checkedInKey: sql<string>`to_char(${rotationServiceRecords.checkedInAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      communityName: community.name,
      townName: town.name,
      gridName: grid.name,
    })
    .from(rotationServiceRecords)
    .innerJoin(community, eq(community.id, rotationServiceRecords.communityId))
    .innerJoin(town, eq(town.id, rotationServiceRecords.townId))
    .leftJoin(grid, eq(grid.id, rotationServiceRecords.gridId))
    .where(where)
    .orderBy(desc(rotationServiceRecords.checkedInAt), desc(rotationServiceRecords.id));
  return limit === undefined ? q : q.limit(limit);
}
export type RecordRow = Awaited<ReturnType<typeof selectRecordRows>>[number];

/** The photos attached to some records, in their order. */
export function selectRecordPhotos(db: DbOrTx, recordIds: readonly string[]) {
  if (recordIds.length === 0) return Promise.resolve([]);
  return db
    .select({ recordId: rotationRecordPhotos.recordId, fileId: rotationRecordPhotos.fileId })
    .from(rotationRecordPhotos)
    .where(inArray(rotationRecordPhotos.recordId, [...recordIds]))
    .orderBy(asc(rotationRecordPhotos.position), asc(rotationRecordPhotos.fileId));
}

/** A resource's records of a year summed per season: counts, minutes, people. */
export function selectResourceTotals(db: DbOrTx, kind: string, id: string, year: number, where: SQL | undefined) {
  return db
    .select({
      season: rotationServiceRecords.season,
      records: sql<number>`count(*)::int`,
      minutes: sql<number>`coalesce(sum(${rotationServiceRecords.minutes}), 0)::int`,
      participants: sql<number>`coalesce(sum(${rotationServiceRecords.participants}), 0)::int`,
      beneficiaries: sql<number>`coalesce(sum(${rotationServiceRecords.beneficiaryTotal}), 0)::int`,
    })
    .from(rotationServiceRecords)
    .where(and(eq(rotationServiceRecords.resourceKind, kind as never), eq(rotationServiceRecords.resourceId, id), eq(rotationServiceRecords.year, year), where))
    .groupBy(rotationServiceRecords.season)
    .orderBy(asc(rotationServiceRecords.season));
}

/** The same records' beneficiaries per season and 6+1 group. */
export function selectResourceGroupTotals(db: DbOrTx, kind: string, id: string, year: number, where: SQL | undefined) {
  const group = sql<string>`e.key`;
  return db
    .select({ season: rotationServiceRecords.season, group, n: sql<number>`sum(e.value::int)::int` })
    .from(rotationServiceRecords)
    .innerJoin(sql`jsonb_each_text(${rotationServiceRecords.beneficiaries}) e`, sql`true`)
    .where(and(eq(rotationServiceRecords.resourceKind, kind as never), eq(rotationServiceRecords.resourceId, id), eq(rotationServiceRecords.year, year), where))
    .groupBy(rotationServiceRecords.season, group);
}
