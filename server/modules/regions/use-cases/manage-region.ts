import { clockNow } from '../../../platform/clock.js';
import { regionMoved } from '../../../platform/access/region-moves.js';
import { and, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { AppError, conflict, fieldError, notFound } from '../../../platform/errors/app-error.js';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { invalidateAuth } from '../../../platform/auth/session-cache.js';
import { cityCreated } from '../../../platform/city-templates.js';
import { invalidateRegionNames } from '../../../platform/access/names.js';
import { CHILD_LEVEL, KINDS_BY_LEVEL, ROOT_LEVELS, levelOfKind, type Region, type RegionKind, type RegionLevel } from '../../../../contracts/regions.js';
import { inSubtree } from '../../../platform/db/sql.js';
import { cases as casesTable } from '../../../platform/cases/cases.tables.js';
import { roleGrants } from '../../../platform/auth/auth.tables.js';
import { levelOfCode, normalizeCode } from '../division-codes.js';
import { findRegionById, moveSubtree, shiftAncestorCounts } from '../regions.queries.js';
import { presentRegion } from '../regions.presenter.js';
import { mayRetireAboveTowns, requireManagedRegion, requireRegionsManage, requireRootManage } from '../regions.policy.js';

const AUDITED = ['name', 'code', 'parentId', 'path', 'retiredAt', 'retireReason'];

async function loadForUpdate(tx: Tx, ctx: RequestContext, id: string) {
  const [row] = await tx.select().from(regions).where(eq(regions.id, id)).for('update');
  if (!row) throw notFound('region');
  requireManagedRegion(ctx.actor, row.path);
  return row;
}

function checkVersion(row: { version: number }, expected: number) {
  if (row.version !== expected) throw conflict(row.version);
}

async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
  const clash = await tx
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(and(eq(regions.code, code), isNull(regions.retiredAt), exceptId ? ne(regions.id, exceptId) : sql`true`))
    .limit(1);
  if (clash.length) throw new AppError('duplicate', { field: '区域代码', value: code }, [{ path: 'code', message: `代码 ${code} 已被“${clash[0].name}”使用`, messageEn: `Code ${code} is already used by ${clash[0].name}` }]);
}

async function present(tx: Tx, ctx: RequestContext, id: string): Promise<Region> {
  const row = await findRegionById(tx, id);
  return presentRegion(row!, ctx.actor);
}

export async function createRegion(db: Db, ctx: RequestContext, input: { parentId?: string; name: string; code: string; kind: RegionKind }): Promise<Region> {
  requireRegionsManage(ctx.actor);
  if (!input.parentId) return createRoot(db, ctx, input);
  const parentId = input.parentId;
  return db.transaction(async (tx) => {
    const parent = await loadForUpdate(tx, ctx, parentId);
    if (parent.retiredAt) throw new AppError('invalid_state', { reason: '上级区域已撤销，不能新增下级。', reasonEn: 'The parent region is retired; no region can be added under it.' });
    const level = CHILD_LEVEL[parent.level];
    if (!level) throw fieldError('parentId', '网格下不能再设下级区域。', 'A grid cannot have children.');
    if (!KINDS_BY_LEVEL[level].includes(input.kind)) {
      throw fieldError('kind', `该上级之下只能新增：${KINDS_BY_LEVEL[level].join('、')}`, `Under this parent only ${KINDS_BY_LEVEL[level].join(', ')} may be added.`);
    }
    await assertCodeFree(tx, input.code);
    const id = crypto.randomUUID();
    const [created] = await tx
      .insert(regions)
      .values({ id, parentId: parent.id, name: input.name, code: input.code, level, kind: input.kind, path: `${parent.path}${id}/`, depth: parent.depth + 1 })
      .returning();
    await shiftAncestorCounts(tx, created, 1);
    await invalidateRegionNames(tx);
    // A city made under its prefecture or province starts with the modules' defaults, as a root city does; the grants
    // above it now reach one more city (a session keeps its grants' cities).
    if (level === 'city') {
      await cityCreated(tx, { id, name: created.name, code: created.code, path: created.path });
      await invalidateAuth(tx, ctx);
    }
    await appendAudit(tx, ctx, { action: 'region.create', permission: 'region.manage', entityType: 'region', entityId: id, changes: diff(null, created, AUDITED) });
    return present(tx, ctx, id);
  });
}

/**
 * A root of the tree (the platform administrator's act): a province, a prefecture, or a city this installation
 * serves, coded by its administrative division code — 2, 4 and 6 digits (33 浙江省, 3304 嘉兴市, 330483 桐乡市; GB/T
 * 2260's 330000 and 330400 are read as 33 and 3304, as the import reads them). Codes are unique among live regions.
 */
async function createRoot(db: Db, ctx: RequestContext, input: { name: string; code: string; kind: RegionKind }): Promise<Region> {
  requireRootManage(ctx.actor);
  const level = levelOfKind(input.kind);
  if (!ROOT_LEVELS.includes(level)) throw fieldError('kind', '不指定上级时只能新增省、地级市或市（县级市、区）。', 'Without a parent only a province, prefecture or city may be created.');
  const code = normalizeCode(input.code);
  const hint = ROOT_CODE_HINT[level]!;
  if (!code || levelOfCode(code) !== level) throw fieldError('code', hint.zh, hint.en);
  return db.transaction(async (tx) => {
    await assertCodeFree(tx, code);
    const id = crypto.randomUUID();
    const [created] = await tx.insert(regions).values({ id, parentId: null, name: input.name, code, level, kind: input.kind, path: `/${id}/`, depth: 0 }).returning();
    await invalidateRegionNames(tx);
    if (level === 'city') await cityCreated(tx, { id, name: created.name, code: created.code, path: created.path });
    await appendAudit(tx, ctx, { action: 'region.create', permission: 'region.manage', entityType: 'region', entityId: id, changes: diff(null, created, AUDITED) });
    return present(tx, ctx, id);
  });
}

const ROOT_CODE_HINT: Partial<Record<RegionLevel, { zh: string; en: string }>> = {
  province: { zh: '省的代码应为 2 位行政区划代码，如 33（或 330000）。', en: 'A province’s code is its two-digit division code, such as 33 (or 330000).' },
  prefecture: { zh: '地级市的代码应为 4 位行政区划代码，如 3304（或 330400）。', en: 'A prefecture’s code is its four-digit division code, such as 3304 (or 330400).' },
  city: { zh: '市的代码应为 6 位行政区划代码，如 330483。', en: 'A city’s code is its six-digit division code, such as 330483.' },
};

/** Rename, recode or move. A move rewrites the path of the whole subtree in the same transaction. */
export async function updateRegion(db: Db, ctx: RequestContext, id: string, input: { version: number; name?: string; code?: string; parentId?: string }): Promise<Region> {
  requireRegionsManage(ctx.actor);
  let movedSubtree = false;
  const region = await db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    checkVersion(row, input.version);
    if (row.retiredAt) throw new AppError('invalid_state', { reason: '已撤销的区域不能修改，请先恢复。', reasonEn: 'A retired region cannot be changed; restore it first.' });
    if (input.code !== undefined && input.code !== row.code) await assertCodeFree(tx, input.code, row.id);
    let path = row.path;
    let depth = row.depth;
    const moving = input.parentId !== undefined && input.parentId !== row.parentId;
    if (moving) {
      const parent = await loadForUpdate(tx, ctx, input.parentId!);
      if (parent.path.startsWith(row.path)) throw fieldError('parentId', '不能移动到自身或其下级之下。', 'A region cannot move under itself.');
      if (parent.retiredAt) throw fieldError('parentId', '目标上级已撤销。', 'The new parent is retired.');
      if (CHILD_LEVEL[parent.level] !== row.level) throw fieldError('parentId', '只能移动到同一层级的其他上级之下。', 'The new parent must be at the same level as the old one.');
      path = `${parent.path}${row.id}/`;
      depth = parent.depth + 1;
      await shiftAncestorCounts(tx, row, -1);
      await shiftAncestorCounts(tx, { ...row, path }, 1);
      await moveSubtree(tx, row, parent);
    }
    const [updated] = await tx
      .update(regions)
      .set({
        name: input.name ?? row.name,
        code: input.code ?? row.code,
        parentId: moving ? input.parentId! : row.parentId,
        path,
        depth,
        updatedAt: clockNow(),
        version: row.version + 1,
      })
      .where(and(eq(regions.id, id), eq(regions.version, input.version)))
      .returning();
    // Cases, organizations and applications keep the paths and towns of where they are: they move with the region.
    if (moving) await regionMoved(tx, { regionId: id, oldPath: row.path, newPath: path });
    const changes = diff(row, updated, AUDITED);
    // Grants name regions: their paths, names and retirement shape what signed-in users reach.
    await invalidateAuth(tx, ctx);
    await invalidateRegionNames(tx);
    await appendAudit(tx, ctx, { action: moving ? 'region.move' : 'region.update', permission: 'region.manage', entityType: 'region', entityId: id, changes });
    movedSubtree = moving && row.level !== 'grid' && row.level !== 'community';
    return present(tx, ctx, id);
  });
  // A town or more moved: its subtree's paths are new to the planner (as after an import's move).
  if (movedSubtree) await db.execute(sql`analyze regions`);
  return region;
}

export async function retireRegion(db: Db, ctx: RequestContext, id: string, input: { version: number; reason: string }): Promise<Region> {
  requireRegionsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    checkVersion(row, input.version);
    if (row.retiredAt) throw new AppError('invalid_state', { reason: '该区域已撤销。', reasonEn: 'This region is already retired.' });
    if (ROOT_LEVELS.includes(row.level)) {
      if (!mayRetireAboveTowns(ctx.actor, row)) throw new AppError('forbidden', {}, undefined, { denied: true });
      await refuseRetiringWithData(tx, row);
    }
    const [{ active }] = (await tx
      .select({ active: sql<number>`count(*)::int` })
      .from(regions)
      .where(and(eq(regions.parentId, id), isNull(regions.retiredAt)))) as [{ active: number }];
    if (active > 0) throw new AppError('invalid_state', { reason: `该区域下还有 ${active} 个未撤销的下级区域，请先撤销或移走。`, reasonEn: `This region still has ${active} active subregions; retire or move them first.` });
    const [updated] = await tx
      .update(regions)
      .set({ retiredAt: clockNow(), retireReason: input.reason, updatedAt: clockNow(), version: row.version + 1 })
      .where(eq(regions.id, id))
      .returning();
    await shiftAncestorCounts(tx, row, -1);
    // Grants name regions: their paths, names and retirement shape what signed-in users reach.
    await invalidateAuth(tx, ctx);
    await invalidateRegionNames(tx);
    await appendAudit(tx, ctx, { action: 'region.retire', permission: 'region.manage', entityType: 'region', entityId: id, changes: diff(row, updated, AUDITED) });
    return present(tx, ctx, id);
  });
}

/**
 * A province, prefecture or city is retired only when nothing hangs off it but its settings: no live subregion (the
 * check every region has), no case filed under it and no one granted a role on it. Retiring is how a place is
 * deleted; one with data stays.
 */
async function refuseRetiringWithData(tx: Tx, row: { id: string; path: string }): Promise<void> {
  const [{ n: cases }] = await tx.select({ n: count() }).from(casesTable).where(inSubtree(casesTable.regionPath, row.path));
  const [{ n: grants }] = await tx.select({ n: count() }).from(roleGrants).where(eq(roleGrants.regionId, row.id));
  if (cases > 0) throw new AppError('invalid_state', { reason: `该区域已有 ${cases} 个办件记录，不能撤销。`, reasonEn: `This region has ${cases} cases on record and cannot be retired.` });
  if (grants > 0) throw new AppError('invalid_state', { reason: `仍有 ${grants} 个账号被授权在该区域，请先收回授权。`, reasonEn: `${grants} role grants still name this region; revoke them first.` });
}

export async function restoreRegion(db: Db, ctx: RequestContext, id: string, input: { version: number }): Promise<Region> {
  requireRegionsManage(ctx.actor);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    checkVersion(row, input.version);
    if (!row.retiredAt) throw new AppError('invalid_state', { reason: '该区域未撤销。', reasonEn: 'This region is not retired.' });
    if (row.parentId) {
      const [parent] = await tx.select().from(regions).where(eq(regions.id, row.parentId));
      if (parent?.retiredAt) throw new AppError('invalid_state', { reason: '上级区域已撤销，请先恢复上级。', reasonEn: 'The parent region is retired; restore the parent first.' });
    }
    await assertCodeFree(tx, row.code, row.id);
    const [updated] = await tx
      .update(regions)
      .set({ retiredAt: null, retireReason: null, updatedAt: clockNow(), version: row.version + 1 })
      .where(eq(regions.id, id))
      .returning();
    await shiftAncestorCounts(tx, row, 1);
    // Grants name regions: their paths, names and retirement shape what signed-in users reach.
    await invalidateAuth(tx, ctx);
    await invalidateRegionNames(tx);
    await appendAudit(tx, ctx, { action: 'region.restore', permission: 'region.manage', entityType: 'region', entityId: id, changes: diff(row, updated, AUDITED) });
    return present(tx, ctx, id);
  });
}
