import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { RECORD_CURSOR, ZFieldRecordInput, type FieldRecordInput, type ZFieldRecord, type ZMyAssignments, type ZRecordListQuery, type ZResourceRecordTotals, type ZSyncResult } from '../../../../contracts/rotation-records.js';
import { TARGET_GROUPS } from '../../../../contracts/target-groups.js';
import { ROTATION_ROLE_NAMES, type ResourceKind } from '../../../../contracts/workforce.js';
import { memberOrgIds, reachesCity, regionReach, requirePermission } from '../../../platform/access/policy.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import type { Db, DbOrTx } from '../../../platform/db/client.js';
import { inSubtree, pgErrorOf } from '../../../platform/db/sql.js';
import { AppError, notFound, type FieldError } from '../../../platform/errors/app-error.js';
import { readCursor } from '../../../platform/http/cursor.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import { keysetAfter, keysetPage } from '../../../platform/http/paging.js';
import { resourcesOfUser, rotationProfileCity, rotationResourceNames } from '../../workforce/index.js';
import { cityToRead, seesRegion } from '../rotation.policy.js';
import { hoursOf, presentRecord } from '../rotation-records.presenter.js';
import {
  selectAssignmentsById,
  selectGridsOf,
  selectPhotoUploads,
  selectPublishedAssignmentsOf,
  selectRecordIdsByKeys,
  selectRecordPhotos,
  selectRecordRows,
  selectResourceGroupTotals,
  selectResourceTotals,
} from '../rotation-records.queries.js';
import { rotationRecordPhotos, rotationServiceRecords } from '../rotation-records.tables.js';

type SyncItem = z.infer<typeof ZSyncResult>['items'][number];
type RecordDto = z.infer<typeof ZFieldRecord>;

/** A phone's clock may run a little ahead of ours; more than this and the check-in time is refused. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** A season's first instant and the next season's, in China time (UTC+8, no daylight saving). */
export function seasonWindow(year: number, season: number): { from: Date; to: Date } {
  const month = (season - 1) * 3 + 1;
  const from = new Date(`${year}-${String(month).padStart(2, '0')}-01T00:00:00+08:00`);
  const to = season === 4 ? new Date(`${year + 1}-01-01T00:00:00+08:00`) : new Date(`${year}-${String(month + 3).padStart(2, '0')}-01T00:00:00+08:00`);
  return { from, to };
}

const keyOf = (kind: string, id: string) => `${kind}:${id}`;

/**
 * The phone's queue, synced (issue 17 §3): each record is checked on its own — its fields, that its assignment is
 * the caller's in a published plan, that its check-in lies in that season, that its grid is the community's, that its
 * photos are the caller's own unattached images — then kept in one transaction (one statement, or record by record in
 * savepoints when that fails), so a bad record never blocks the others. A clientKey the caller already synced answers the record kept then (alreadySynced, never
 * a second copy); the same key twice in one batch counts once too. One audit event names the records created.
 */
export async function syncFieldRecords(db: Db, ctx: RequestContext, raw: readonly unknown[]): Promise<z.infer<typeof ZSyncResult>> {
  const actor = requirePermission(ctx.actor, 'rotation.record');
  const en = ctx.lang === 'en';
  const out: SyncItem[] = raw.map((item, index) => ({ index, clientKey: clientKeyOf(item), status: 'refused', record: null, errors: [] }));
  const refuse = (i: number, errors: FieldError[]) => {
    out[i].status = 'refused';
    out[i].errors.push(...errors.map((e) => ({ path: e.path, message: en && e.messageEn ? e.messageEn : e.message })));
  };

  // 1. Fields, one record at a time; a key repeated in the batch is answered by its first occurrence.
  const parsed = new Map<number, FieldRecordInput>();
  const firstOfKey = new Map<string, number>();
  const repeats = new Map<number, number>();
  for (const [i, item] of raw.entries()) {
    const r = ZFieldRecordInput.safeParse(item);
    if (!r.success) {
      refuse(i, r.error.issues.map((issue) => ({ path: issue.path.join('.') || 'record', message: issue.message })));
      continue;
    }
    const first = firstOfKey.get(r.data.clientKey);
    if (first !== undefined) repeats.set(i, first);
    else {
      firstOfKey.set(r.data.clientKey, i);
      parsed.set(i, r.data);
    }
  }

  // 2. What the batch refers to, read at once: earlier syncs, the assignments, grids and photos.
  const [existing, assignments, mine] = await Promise.all([
    selectRecordIdsByKeys(db, actor.userId, [...firstOfKey.keys()]),
    selectAssignmentsById(db, [...new Set([...parsed.values()].map((p) => p.assignmentId))]),
    resourcesOfUser(db, actor.userId, memberOrgIds(actor)),
  ]);
  const existingByKey = new Map(existing.map((e) => [e.clientKey, e.id]));
  const assignmentById = new Map(assignments.map((a) => [a.assignment.id, a]));
  const myKeys = new Set(mine.map((r) => keyOf(r.kind, r.id)));
  const [grids, photos] = await Promise.all([
    selectGridsOf(db, [...new Set(assignments.map((a) => a.assignment.communityId))]),
    selectPhotoUploads(db, [...new Set([...parsed.values()].flatMap((p) => p.photoIds))]),
  ]);
  const gridCommunity = new Map(grids.map((g) => [g.id, g.communityId]));
  const photoById = new Map(photos.map((p) => [p.fileId, p]));
  const now = Date.now();
  const claimed = new Set<string>();

  const toInsert: { index: number; input: FieldRecordInput; a: (typeof assignments)[number] }[] = [];
  for (const [i, input] of parsed) {
    const done = existingByKey.get(input.clientKey);
    if (done) {
      out[i].status = 'alreadySynced';
      out[i].record = { id: done } as RecordDto;
      continue;
    }
    const errors: FieldError[] = [];
    const a = assignmentById.get(input.assignmentId);
    if (!a || a.state !== 'published' || !myKeys.has(keyOf(a.assignment.resourceKind, a.assignment.resourceId))) {
      errors.push({ path: 'assignmentId', message: '不是您在已发布轮值方案中的安排', messageEn: 'Not one of your assignments in a published plan' });
    } else {
      const { from, to } = seasonWindow(a.assignment.year, a.assignment.season);
      const at = new Date(input.checkedInAt).getTime();
      if (at < from.getTime() || at >= to.getTime()) errors.push({ path: 'checkedInAt', message: `签到时间不在${a.assignment.year}年第${a.assignment.season}季度内`, messageEn: `The check-in is outside ${a.assignment.year} Q${a.assignment.season}` });
      else if (at > now + CLOCK_SKEW_MS) errors.push({ path: 'checkedInAt', message: '签到时间晚于当前时间，请检查手机时钟', messageEn: 'The check-in is in the future: check the phone’s clock' });
      if (input.gridId && gridCommunity.get(input.gridId) !== a.assignment.communityId) errors.push({ path: 'gridId', message: '网格不属于该社区', messageEn: 'The grid is not in this community' });
    }
    for (const [k, fileId] of input.photoIds.entries()) {
      const p = photoById.get(fileId);
      if (!p || p.uploadedBy !== actor.userId) errors.push({ path: `photoIds.${k}`, message: '照片不存在或不是您上传的', messageEn: 'No such photo of yours' });
      else if (!p.mime.startsWith('image/')) errors.push({ path: `photoIds.${k}`, message: '照片须为 JPEG 或 PNG 图片', messageEn: 'A photo must be a JPEG or PNG image' });
      else if (p.recordId !== null || claimed.has(fileId)) errors.push({ path: `photoIds.${k}`, message: '这张照片已用于另一条记录', messageEn: 'This photo is already on another record' });
    }
    if (errors.length) {
      refuse(i, errors);
      continue;
    }
    for (const f of input.photoIds) claimed.add(f);
    toInsert.push({ index: i, input, a: a! });
  }

  // 3. Keep them: all at once in one statement (the common case, one round trip); when that fails — a concurrent sync
  // took a photo, a row the database refuses — each in its own savepoint, so the failure touches that record alone.
  const createdIds: string[] = [];
  if (toInsert.length) {
    await db.transaction(async (tx) => {
      const kept = await tx.transaction(async (sp) => insertRecords(sp, actor, toInsert)).catch((err: unknown) => {
        if (err instanceof AppError || pgErrorOf(err)) return null;
        throw err;
      });
      for (const { index, input, a } of toInsert) {
        try {
          const id = kept ? (kept.get(input.clientKey) ?? null) : await tx.transaction(async (sp) => (await insertRecords(sp, actor, [{ input, a }])).get(input.clientKey) ?? null);
          if (id === null) {
            // Kept meanwhile by a concurrent sync of the same key.
            const [again] = await selectRecordIdsByKeys(tx, actor.userId, [input.clientKey]);
            out[index].status = 'alreadySynced';
            out[index].record = { id: again?.id } as RecordDto;
          } else {
            out[index].status = 'created';
            out[index].record = { id } as RecordDto;
            createdIds.push(id);
          }
        } catch (err) {
          if (err instanceof AppError && err.fieldErrors) refuse(index, err.fieldErrors);
          else if (pgErrorOf(err)) refuse(index, [{ path: 'record', message: '记录未能保存，请稍后重试', messageEn: 'The record could not be kept; retry later' }]);
          else throw err;
        }
      }
      if (createdIds.length) await appendAudit(tx, ctx, { action: 'rotation.recordsSynced', permission: 'rotation.record', entityType: 'rotationServiceRecords', detail: { created: createdIds.length, recordIds: createdIds } });
    });
  }

  // 4. Answer every kept record as it now stands.
  for (const [i, first] of repeats) {
    out[i].status = out[first].status === 'refused' ? 'refused' : 'alreadySynced';
    out[i].record = out[first].record;
    out[i].errors = out[first].errors;
  }
  const ids = [...new Set(out.map((o) => o.record?.id).filter((id): id is string => !!id))];
  const dtos = new Map((await loadRecordDtos(db, ids, ctx.lang)).map((d) => [d.id, d]));
  for (const o of out) o.record = o.record ? (dtos.get(o.record.id) ?? null) : null;
  return {
    items: out,
    created: out.filter((o) => o.status === 'created').length,
    alreadySynced: out.filter((o) => o.status === 'alreadySynced').length,
    refused: out.filter((o) => o.status === 'refused').length,
  };
}

function clientKeyOf(item: unknown): string | null {
  const k = item && typeof item === 'object' ? (item as { clientKey?: unknown }).clientKey : undefined;
  return typeof k === 'string' ? k.slice(0, 64) : null;
}

/**
 * Inserts records and attaches their photos; answers clientKey → new id for those inserted (a key kept meanwhile by a
 * concurrent sync is left out). A photo taken meanwhile throws, naming the field: the caller's savepoint rolls back.
 */
async function insertRecords(tx: DbOrTx, actor: Actor, items: readonly { input: FieldRecordInput; a: Awaited<ReturnType<typeof selectAssignmentsById>>[number] }[]): Promise<Map<string, string>> {
  const values = items.map(({ input, a: { assignment: a, cityId } }) => {
    const beneficiaries = Object.fromEntries(TARGET_GROUPS.map((g) => [g, input.beneficiaries[g] ?? 0]));
    return {
      clientKey: input.clientKey,
      recordedBy: actor.userId,
      assignmentId: a.id,
      cityId,
      year: a.year,
      season: a.season,
      townId: a.townId,
      communityId: a.communityId,
      gridId: input.gridId,
      regionPath: a.regionPath,
      resourceKind: a.resourceKind,
      resourceId: a.resourceId,
      role: input.role,
      kind: input.kind,
      checkedInAt: new Date(input.checkedInAt),
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      accuracyM: input.location?.accuracy ?? null,
      minutes: input.minutes,
      participants: input.participants,
      beneficiaries,
      beneficiaryTotal: Object.values(beneficiaries).reduce((n, x) => n + x, 0),
      note: input.note,
    };
  });
  const ids = new Map<string, string>();
  // 24 parameters a row: 1,000 rows stay well under PostgreSQL's 65,535.
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await tx
      .insert(rotationServiceRecords)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing({ target: [rotationServiceRecords.recordedBy, rotationServiceRecords.clientKey] })
      .returning({ id: rotationServiceRecords.id, clientKey: rotationServiceRecords.clientKey });
    for (const r of rows) ids.set(r.clientKey, r.id);
  }
  for (const { input } of items) {
    const recordId = ids.get(input.clientKey);
    if (!recordId) continue;
    for (const [position, fileId] of input.photoIds.entries()) {
      const attached = await tx
        .update(rotationRecordPhotos)
        .set({ recordId, position })
        .where(and(eq(rotationRecordPhotos.fileId, fileId), eq(rotationRecordPhotos.uploadedBy, actor.userId), isNull(rotationRecordPhotos.recordId)))
        .returning({ fileId: rotationRecordPhotos.fileId });
      if (!attached.length) throw new AppError('validation', {}, [{ path: `photoIds.${position}`, message: '这张照片已用于另一条记录', messageEn: 'This photo is already on another record' }]);
    }
  }
  return ids;
}

/** One record from the phone (the single-record form of the sync): 201 created, 200 when the key was synced before. */
export async function createFieldRecord(db: Db, ctx: RequestContext, body: unknown): Promise<{ created: boolean; record: RecordDto }> {
  const { items } = await syncFieldRecords(db, ctx, [body]);
  const [item] = items;
  if (item.status === 'refused') {
    // An assignment that is not the caller's is missing to them (STYLE §6); any other problem is named on its field.
    if (item.errors.some((e) => e.path === 'assignmentId')) throw notFound('record');
    throw new AppError('validation', {}, item.errors.map((e) => ({ path: e.path, message: e.message })));
  }
  return { created: item.status === 'created', record: item.record! };
}

/** Records by id as DTOs, in the list's order. */
export async function loadRecordDtos(db: DbOrTx, ids: readonly string[], lang: 'zh' | 'en'): Promise<RecordDto[]> {
  if (ids.length === 0) return [];
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) rows.push(...(await selectRecordRows(db, inArray(rotationServiceRecords.id, ids.slice(i, i + 1000)))));
  return presentRows(db, rows, lang);
}

async function presentRows(db: DbOrTx, rows: Awaited<ReturnType<typeof selectRecordRows>>, lang: 'zh' | 'en'): Promise<RecordDto[]> {
  const [names, photos] = await Promise.all([
    rotationResourceNames(db, rows.map((r) => ({ kind: r.r.resourceKind, id: r.r.resourceId }))),
    selectRecordPhotos(db, rows.map((r) => r.r.id)),
  ]);
  const photosOf = new Map<string, string[]>();
  for (const p of photos) photosOf.set(p.recordId!, [...(photosOf.get(p.recordId!) ?? []), p.fileId]);
  return rows.map((row) => presentRecord(row, { resourceName: names.get(keyOf(row.r.resourceKind, row.r.resourceId)) ?? '—', photoIds: photosOf.get(row.r.id) ?? [] }, lang));
}

/** The part of the records an actor reads with rotation.read: all of a city for the office, a town's for its staff. */
function reachWhere(actor: Actor | null): SQL | undefined {
  const reach = regionReach(actor, 'rotation.read');
  if (reach.all) return undefined;
  if (reach.paths.length === 0) return sql`false`;
  return or(...reach.paths.map((p) => inSubtree(rotationServiceRecords.regionPath, p)));
}

/** Staff's list of field records (rotation.read over the records' communities), newest check-in first, in keyset pages. */
export async function findFieldRecords(db: Db, ctx: RequestContext, q: z.infer<typeof ZRecordListQuery>) {
  const city = await cityToRead(db, ctx.actor, q.cityId);
  const after = readCursor(q.cursor, RECORD_CURSOR);
  const t = rotationServiceRecords;
  const where = and(
    eq(t.cityId, city.id),
    eq(t.year, q.year),
    q.season ? eq(t.season, q.season) : undefined,
    q.townId ? eq(t.townId, q.townId) : undefined,
    q.communityId ? eq(t.communityId, q.communityId) : undefined,
    q.resourceKind ? eq(t.resourceKind, q.resourceKind) : undefined,
    q.resourceId ? eq(t.resourceId, q.resourceId) : undefined,
    reachWhere(ctx.actor),
    keysetAfter('desc', [t.checkedInAt, t.id], after ? [sql`${after[0]}::timestamptz`, sql`${after[1]}::uuid`] : null),
  );
  const rows = await selectRecordRows(db, where, q.limit + 1);
  const pageRows = keysetPage(rows, q.limit, (r) => [r.checkedInKey, r.r.id]);
  return { items: await presentRows(db, pageRows.items, ctx.lang), nextCursor: pageRows.nextCursor };
}

/**
 * A resource's field work in a year, season by season: records, minutes and hours, people and beneficiaries by
 * 6+1 group — for its calendar and its service hours. The resource itself reads all of its own; staff the part in
 * their reach.
 */
export async function resourceRecordTotals(db: Db, ctx: RequestContext, kind: ResourceKind, id: string, year: number): Promise<z.infer<typeof ZResourceRecordTotals>> {
  const own = ctx.actor ? (await resourcesOfUser(db, ctx.actor.userId, memberOrgIds(ctx.actor))).some((r) => r.kind === kind && r.id === id) : false;
  const cityId = await rotationProfileCity(db, kind, id);
  const staff = cityId !== null && reachesCity(ctx.actor, 'rotation.read', cityId);
  if (!own && !staff) throw notFound('rotationProfile');
  const where = own ? undefined : reachWhere(ctx.actor);
  const [totals, groups, names] = await Promise.all([selectResourceTotals(db, kind, id, year, where), selectResourceGroupTotals(db, kind, id, year, where), rotationResourceNames(db, [{ kind, id }])]);
  const seasons = [1, 2, 3, 4].map((season) => {
    const t = totals.find((x) => x.season === season);
    const byGroup = Object.fromEntries(TARGET_GROUPS.map((g) => [g, groups.find((x) => x.season === season && x.group === g)?.n ?? 0]));
    const minutes = t?.minutes ?? 0;
    return { season, records: t?.records ?? 0, minutes, hours: hoursOf(minutes), participants: t?.participants ?? 0, beneficiaries: t?.beneficiaries ?? 0, byGroup };
  });
  const sum = (k: 'records' | 'minutes' | 'participants' | 'beneficiaries') => seasons.reduce((n, s) => n + s[k], 0);
  return {
    resource: { kind, id, name: names.get(keyOf(kind, id)) ?? '—' },
    year,
    seasons,
    total: { records: sum('records'), minutes: sum('minutes'), hours: hoursOf(sum('minutes')), participants: sum('participants'), beneficiaries: sum('beneficiaries') },
  };
}

/**
 * The phone's work list: the caller's assignments in the season's published plan — as each resource they act as
 * (themselves, their organizations) — with the community's grids and the records already synced. GET /rotation/mine
 * is the year's calendar for reading; it carries neither assignment ids nor grids, which recording needs.
 */
export async function myAssignments(db: Db, ctx: RequestContext, year: number, season: number): Promise<z.infer<typeof ZMyAssignments>> {
  const actor = requirePermission(ctx.actor, 'rotation.record');
  const mine = await resourcesOfUser(db, actor.userId, memberOrgIds(actor));
  const rows = await selectPublishedAssignmentsOf(db, mine, year, season);
  const [grids, names] = await Promise.all([selectGridsOf(db, [...new Set(rows.map((r) => r.communityId))]), rotationResourceNames(db, rows.map((r) => ({ kind: r.resourceKind, id: r.resourceId })))]);
  return {
    year,
    season,
    items: rows.map((r) => ({
      id: r.id,
      resource: { kind: r.resourceKind, id: r.resourceId, name: names.get(keyOf(r.resourceKind, r.resourceId)) ?? '—' },
      role: r.role,
      roleName: ROTATION_ROLE_NAMES[r.role][ctx.lang],
      town: { id: r.townId, name: r.townName },
      community: { id: r.communityId, name: r.communityName },
      grids: grids.filter((g) => g.communityId === r.communityId).map((g) => ({ id: g.id, name: g.name })),
      records: r.records,
    })),
  };
}

/** Whether the actor may see a record (and its photos): whoever recorded it, the resource it is for, or staff reaching its community. */
export async function mayReadRecord(db: DbOrTx, actor: Actor | null, record: { recordedBy: string | null; regionPath: string; resourceKind: ResourceKind; resourceId: string }): Promise<boolean> {
  if (!actor) return false;
  if (record.recordedBy === actor.userId || seesRegion(actor, record.regionPath)) return true;
  return (await resourcesOfUser(db, actor.userId, memberOrgIds(actor))).some((r) => r.kind === record.resourceKind && r.id === record.resourceId);
}
