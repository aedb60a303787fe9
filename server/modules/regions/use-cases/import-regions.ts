import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RegionImportReport, RegionKind, RegionLevel } from '../../../../contracts/regions.js';
import { regionReach, reachesRegion } from '../../../platform/access/policy.js';
import { regionMoved } from '../../../platform/access/region-moves.js';
import { invalidateRegionNames } from '../../../platform/access/names.js';
import { appendAudit, auditAppendCall, type AuditInput } from '../../../platform/audit/audit.js';
import { invalidateAuth } from '../../../platform/auth/session-cache.js';
import { cityCreated } from '../../../platform/city-templates.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { regions } from '../../../platform/access/scope.tables.js';
import { clockNow } from '../../../platform/clock.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { readTableRows, TableFileError } from '../../../platform/files/spreadsheet.js';
import type { Actor, RequestContext } from '../../../platform/http/context.js';
import { layoutOf, parseRow, type Layout, type ParsedRow, type RowProblem } from '../division-codes.js';
import { moveSubtree, recountTrees } from '../regions.queries.js';
import { requireRegionsManage } from '../regions.policy.js';

/*
 * Importing the official division codes (issue 16 §2): one file, compared with the tree by code. A row is a place
 * to create, to rename (same code, another name), to move (same code, another parent), or unchanged; or refused
 * with its row number and reason. Codes the tree holds and the file lacks are left as they are (an import never
 * retires). A dry run changes nothing; applying does all of it in one transaction, under a lock so that two
 * imports do not interleave, and a second apply of the same file finds everything unchanged.
 */

const REPORT_CAP = 2000;
const MAX_ROWS = 100_000;
/** Rows per insert or update statement, and audit events per statement. */
const CHUNK = 2000;
const AUDIT_CHUNK = 250;
/** Any constant: imports queue behind one another. */
const IMPORT_LOCK_KEY = 738_204_916;
const LEVELS: readonly RegionLevel[] = ['province', 'prefecture', 'city', 'town', 'community', 'grid'];
const LEVEL_ABOVE: Partial<Record<RegionLevel, RegionLevel>> = { prefecture: 'province', city: 'prefecture', town: 'city', community: 'town', grid: 'community' };
const ABOVE_TOWN: readonly RegionLevel[] = ['province', 'prefecture', 'city'];

type Ok = Extract<ParsedRow, { ok: true }>;

interface TreeNode {
  id: string;
  code: string;
  name: string;
  kind: RegionKind;
  level: RegionLevel;
  path: string;
  depth: number;
  parentCode: string | null;
  /** The city the node lies in (itself for a city; null above the cities), by id. */
  cityId: string | null;
}

interface Plan {
  creates: Ok[];
  renames: { row: Ok; node: TreeNode }[];
  moves: { row: Ok; node: TreeNode }[];
  unchanged: number;
  errors: RegionImportReport['errors'];
  skipped: RegionImportReport['skipped'];
  changes: RegionImportReport['changes'];
}

const fileProblem = (message: string, messageEn: string) => new AppError('validation', {}, [{ path: 'file', message, messageEn }]);

/** The file's rows, parsed on their own; a file that cannot be read, has no `code`/`name` header or no data is refused whole (422). */
async function parseFile(bytes: Buffer): Promise<ParsedRow[]> {
  const parsed: ParsedRow[] = [];
  let layout: Layout | undefined;
  try {
    for await (const row of readTableRows(bytes)) {
      if (layout === undefined) {
        layout = layoutOf(row) ?? undefined;
        if (!layout) {
          throw fileProblem(
            '第一行表头应含 code 和 name 列：code,name,parentCode，或国家区划数据集的 code,name,streetCode,… / code,name,areaCode,… / code,name,cityCode,…',
            'The header row needs code and name columns: code,name,parentCode, or the national datasets’ code,name,streetCode,… / code,name,areaCode,… / code,name,cityCode,…',
          );
        }
        continue;
      }
      if (parsed.length >= MAX_ROWS) throw fileProblem(`一次最多导入 ${MAX_ROWS} 行，请分文件导入。`, `At most ${MAX_ROWS} rows per import; split the file.`);
      parsed.push(parseRow(layout, row));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof TableFileError) throw fileProblem(err.message, err.messageEn);
    throw fileProblem('文件无法读取：请上传 UTF-8 编码的 CSV 或 .xlsx 文件。', 'The file cannot be read: upload a UTF-8 CSV or an .xlsx file.');
  }
  if (parsed.length === 0) throw fileProblem('文件中没有数据行。', 'The file has no data rows.');
  return parsed;
}

/** The live nodes holding any of these codes (with their parent's code), and the codes held only by retired nodes. */
async function loadTree(db: DbOrTx, codes: string[]): Promise<{ byCode: Map<string, TreeNode>; retired: Set<string> }> {
  const parent = alias(regions, 'parent');
  const byCode = new Map<string, TreeNode>();
  const retired = new Set<string>();
  for (const part of chunks(codes, CHUNK)) {
    const found = await db
      .select({ id: regions.id, code: regions.code, name: regions.name, kind: regions.kind, level: regions.level, path: regions.path, depth: regions.depth, parentCode: parent.code, retiredAt: regions.retiredAt })
      .from(regions)
      .leftJoin(parent, eq(parent.id, regions.parentId))
      .where(inArray(regions.code, part));
    for (const { retiredAt, ...node } of found) {
      if (retiredAt) retired.add(node.code);
      else byCode.set(node.code, { ...node, cityId: null });
    }
  }
  for (const code of byCode.keys()) retired.delete(code);
  // A node's city is the city among its path's ids (a few cities per installation: read once).
  const cityIds = new Set((await db.select({ id: regions.id }).from(regions).where(eq(regions.level, 'city'))).map((c) => c.id));
  for (const node of byCode.values()) node.cityId = node.path.split('/').find((id) => cityIds.has(id)) ?? null;
  return { byCode, retired };
}

const rootOf = (path: string) => path.split('/')[1];

const OUT_OF_REACH: RowProblem = { message: '上级区域不存在或不在您的管辖范围内', messageEn: 'The parent region does not exist or is outside your jurisdiction' };

/**
 * The diff: every row against the tree and the file's other rows. Rows go level by level (cities, then towns,
 * then villages) so a row's parent in the file has been judged first; a row under a refused parent row is refused.
 */
async function classify(db: DbOrTx, actor: Actor, parsed: ParsedRow[]): Promise<Plan> {
  const plan: Plan = { creates: [], renames: [], moves: [], unchanged: 0, errors: [], skipped: [], changes: [] };
  const refuse = (row: { rowNumber: number; code: string }, p: RowProblem) => {
    plan.errors.push({ row: row.rowNumber, code: row.code, message: p.message, messageEn: p.messageEn });
  };
  const firstRow = new Map<string, number>();
  const candidates: Ok[] = [];
  for (const r of parsed) {
    if (r.ok) {
      const earlier = firstRow.get(r.code);
      if (earlier !== undefined) refuse(r, { message: `代码 ${r.code} 与第 ${earlier} 行重复`, messageEn: `Code ${r.code} repeats row ${earlier}` });
      else {
        firstRow.set(r.code, r.rowNumber);
        candidates.push(r);
      }
    } else if (r.skipped) plan.skipped.push({ row: r.rowNumber, code: r.code, ...r.problem });
    else refuse(r, r.problem);
  }
  const codes = [...new Set(candidates.flatMap((r) => (r.parentCode ? [r.code, r.parentCode] : [r.code])))];
  const { byCode, retired } = await loadTree(db, codes);
  const platformWide = regionReach(actor, 'region.manage').all;
  const manages = (path: string) => reachesRegion(actor, 'region.manage', path) && reachesRegion(actor, 'region.read', path);

  // What the file decided about each code: accepted (with the city it lies in: a new city by its code) or refused (its row).
  const judged = new Map<string, { ok: true; city: string | null } | { ok: false; row: number }>();
  for (const level of LEVELS) {
    for (const r of candidates.filter((c) => c.level === level)) {
      const verdict = judge(r);
      if ('problem' in verdict) {
        refuse(r, verdict.problem);
        judged.set(r.code, { ok: false, row: r.rowNumber });
      } else judged.set(r.code, { ok: true, city: verdict.city });
    }
  }
  plan.errors.sort((a, b) => a.row - b.row);
  return plan;

  function judge(r: Ok): { problem: RowProblem } | { city: string | null } {
    const node = byCode.get(r.code);
    if (node && node.level !== r.level) return { problem: { message: `代码 ${r.code} 已被另一层级的区域“${node.name}”使用`, messageEn: `Code ${r.code} is used by ${node.name} at another level` } };
    if (!node && retired.has(r.code)) return { problem: { message: `代码 ${r.code} 的区域已撤销；如需恢复，请在区域管理中恢复`, messageEn: `The region with code ${r.code} is retired; restore it in region management` } };
    if (node && !manages(node.path)) return { problem: { message: '区域不存在或不在您的管辖范围内', messageEn: 'The region does not exist or is outside your jurisdiction' } };

    // A prefecture or city whose parent is neither in the file nor in the tree is a root (a deployment may start there).
    if (r.parentOptional && r.parentCode && !judged.has(r.parentCode) && !byCode.has(r.parentCode) && !retired.has(r.parentCode)) r.parentCode = null;
    let city: string | null;
    if (!r.parentCode) {
      if (!node && !platformWide) return { problem: { message: '只有平台管理员可以新增省、地级市或市（县级市、区）', messageEn: 'Only a platform administrator may add a province, prefecture or city' } };
      city = r.level === 'city' ? (node?.id ?? `new:${r.code}`) : null;
    } else {
      const parentCode = r.parentCode;
      const inFile = judged.get(parentCode);
      const parent = byCode.get(parentCode);
      if (inFile && !inFile.ok) return { problem: { message: `上级 ${parentCode}（第 ${inFile.row} 行）未通过校验`, messageEn: `The parent ${parentCode} (row ${inFile.row}) was refused` } };
      if (!inFile && !parent) {
        if (retired.has(parentCode)) return { problem: { message: `上级区域 ${parentCode} 已撤销`, messageEn: `The parent region ${parentCode} is retired` } };
        // Only a caller who reaches the whole tree may learn that a code is nowhere in it.
        if (!platformWide) return { problem: OUT_OF_REACH };
        return { problem: { message: `上级区域 ${parentCode} 既不在文件中也不在区域树中`, messageEn: `The parent ${parentCode} is neither in the file nor in the tree` } };
      }
      if (parent && !inFile) {
        if (!manages(parent.path)) return { problem: OUT_OF_REACH };
        if (parent.level !== LEVEL_ABOVE[r.level]) return { problem: { message: `上级区域 ${parentCode}“${parent.name}”的层级不符`, messageEn: `The parent ${parentCode} (${parent.name}) is at the wrong level` } };
      }
      if (ABOVE_TOWN.includes(r.level)) {
        // A new place above the towns is the platform's to add; a city moving under its prefecture keeps its own records.
        if (!node && !platformWide) return { problem: { message: '只有平台管理员可以新增省、地级市或市（县级市、区）', messageEn: 'Only a platform administrator may add a province, prefecture or city' } };
        city = r.level === 'city' ? (node?.id ?? `new:${r.code}`) : null;
      } else {
        city = inFile?.ok ? inFile.city : parent!.cityId;
        if (node && node.parentCode !== parentCode && node.cityId !== city) {
          return { problem: { message: '不能把区域移到另一个市之下：其中的组织、申请和项目属于原来的市', messageEn: 'A region cannot be moved under another city: its organizations, applications and projects belong to the city it is in' } };
        }
      }
    }

    const change = (action: 'created' | 'renamed' | 'moved') => {
      if (plan.changes.length < REPORT_CAP) {
        plan.changes.push({ row: r.rowNumber, code: r.code, name: r.name, level: r.level, action, parentCode: r.parentCode, before: node ? { name: node.name, parentCode: node.parentCode } : null });
      }
    };
    if (!node) {
      plan.creates.push(r);
      change('created');
    } else if (node.parentCode !== r.parentCode && r.parentCode !== null) {
      plan.moves.push({ row: r, node });
      if (node.name !== r.name) plan.renames.push({ row: r, node });
      change('moved');
    } else if (node.name !== r.name) {
      plan.renames.push({ row: r, node });
      change('renamed');
    } else plan.unchanged += 1;
    return { city };
  }
}

function report(plan: Plan, sha256: string, total: number, applied: boolean): RegionImportReport {
  return {
    applied,
    sha256,
    rows: total,
    counts: {
      created: plan.creates.length,
      renamed: plan.renames.length - plan.moves.filter((m) => m.node.name !== m.row.name).length,
      moved: plan.moves.length,
      unchanged: plan.unchanged,
      invalid: plan.errors.length,
      skipped: plan.skipped.length,
    },
    changes: plan.changes,
    errors: plan.errors.slice(0, REPORT_CAP),
    skipped: plan.skipped.slice(0, REPORT_CAP),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Per-region events, many per statement: each audit_append links to the one before it (the chain's lock is held from the first). */
async function appendAuditMany(tx: Tx, ctx: RequestContext, events: AuditInput[]): Promise<void> {
  for (const part of chunks(events, AUDIT_CHUNK)) {
    await tx.execute(sql`select ${sql.join(
      part.map((e) => auditAppendCall(ctx, e)),
      sql`, `,
    )}`);
  }
}

/** The plan, in the caller's transaction: level by level, moves first (a new node may go under a moved one), then inserts; renames; counts. */
async function applyPlan(tx: Tx, ctx: RequestContext, plan: Plan): Promise<void> {
  const roots = new Set<string>();
  const events: AuditInput[] = [];
  const audit = (action: AuditInput['action'], entityId: string, changes: AuditInput['changes']) =>
    events.push({ action, permission: 'region.manage', entityType: 'region', entityId, changes, detail: { via: 'import' } });

  for (const level of LEVELS) {
    for (const { row, node } of plan.moves.filter((m) => m.row.level === level)) {
      // Read again: a move earlier in this import may have rewritten this node's path (an ancestor moved).
      const [current] = await tx.select({ id: regions.id, path: regions.path, depth: regions.depth, parentId: regions.parentId }).from(regions).where(eq(regions.id, node.id)).for('update');
      const [parent] = await tx
        .select({ id: regions.id, path: regions.path, depth: regions.depth })
        .from(regions)
        .where(and(eq(regions.code, row.parentCode!), isNull(regions.retiredAt)));
      const newPath = await moveSubtree(tx, current, parent);
      await tx
        .update(regions)
        .set({ parentId: parent.id, path: newPath, depth: parent.depth + 1, version: sql`${regions.version} + 1`, updatedAt: clockNow() })
        .where(eq(regions.id, current.id));
      // Cases, organizations and applications keep the paths and towns of where they are: they move with the region (as updateRegion).
      await regionMoved(tx, { regionId: current.id, oldPath: current.path, newPath });
      roots.add(rootOf(newPath));
      audit('region.move', current.id, { parentId: { before: current.parentId, after: parent.id }, path: { before: current.path, after: newPath } });
    }

    const creates = plan.creates.filter((c) => c.level === level);
    if (creates.length === 0) continue;
    const parentCodes = [...new Set(creates.flatMap((c) => (c.parentCode ? [c.parentCode] : [])))];
    const parents = new Map<string, { id: string; path: string; depth: number }>();
    for (const part of chunks(parentCodes, CHUNK)) {
      const found = await tx
        .select({ id: regions.id, code: regions.code, path: regions.path, depth: regions.depth })
        .from(regions)
        .where(and(inArray(regions.code, part), isNull(regions.retiredAt)));
      for (const p of found) parents.set(p.code, p);
    }
    const values = creates.map((c) => {
      const id = randomUUID();
      const parent = c.parentCode ? parents.get(c.parentCode)! : null;
      const path = parent ? `${parent.path}${id}/` : `/${id}/`;
      return { id, parent_id: parent?.id ?? null, name: c.name, code: c.code, level: c.level, kind: c.kind, path, depth: parent ? parent.depth + 1 : 0 };
    });
    for (const part of chunks(values, CHUNK)) {
      await tx.execute(sql`insert into regions (id, parent_id, name, code, level, kind, path, depth)
        select id, parent_id, name, code, level, kind, path, depth
        from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as x(id uuid, parent_id uuid, name text, code text, level text, kind text, path text, depth int)`);
    }
    for (const v of values) {
      if (v.level === 'city') await cityCreated(tx, { id: v.id, name: v.name, code: v.code, path: v.path });
      roots.add(rootOf(v.path));
      audit('region.create', v.id, { name: { before: null, after: v.name }, code: { before: null, after: v.code }, parentId: { before: null, after: v.parent_id }, path: { before: null, after: v.path } });
    }
  }

  for (const part of chunks(plan.renames, CHUNK)) {
    await tx.execute(sql`update regions r set name = x.name, kind = x.kind, version = r.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(part.map(({ row, node }) => ({ id: node.id, name: row.name, kind: row.kind })))}::jsonb) as x(id uuid, name text, kind text)
      where r.id = x.id`);
  }
  for (const { row, node } of plan.renames) audit('region.update', node.id, { name: { before: node.name, after: row.name }, ...(node.kind !== row.kind ? { kind: { before: node.kind, after: row.kind } } : {}) });

  // The kept counts of every city touched, in one statement, rather than shifted node by node.
  await recountTrees(tx, [...roots]);
  await appendAuditMany(tx, ctx, events);
  await invalidateRegionNames(tx);
  // Grants name regions: their paths and names shape what signed-in users reach.
  if (plan.moves.length || plan.renames.length || plan.creates.some((c) => c.level === 'city')) await invalidateAuth(tx, ctx);
}

export interface RegionImportInput {
  apply: boolean;
  skipInvalid: boolean;
  fileName: string;
  bytes: Buffer;
}

/**
 * POST /regions/import: the report of the file against the tree; with `apply`, the changes too — all of them only
 * if no row is refused (else 422 with the report and nothing changed), or the valid rows with `skipInvalid`.
 * One audit event region.import (counts, the file's sha256) and one per region created, renamed or moved.
 */
export async function importRegions(db: Db, ctx: RequestContext, input: RegionImportInput): Promise<RegionImportReport> {
  const actor = requireRegionsManage(ctx.actor);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const parsed = await parseFile(input.bytes);
  if (!input.apply) return report(await classify(db, actor, parsed), sha256, parsed.length, false);
  const applied = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
    const plan = await classify(tx, actor, parsed);
    const result = report(plan, sha256, parsed.length, true);
    if (plan.errors.length > 0 && !input.skipInvalid) {
      throw new AppError(
        'validation',
        {},
        plan.errors.slice(0, 20).map((e) => ({ path: `row ${e.row}`, message: e.message, messageEn: e.messageEn })),
        { report: { ...result, applied: false } },
      );
    }
    await applyPlan(tx, ctx, plan);
    await appendAudit(tx, ctx, {
      action: 'region.import',
      permission: 'region.manage',
      entityType: 'region',
      detail: { fileName: input.fileName, sha256, rows: parsed.length, skipInvalid: input.skipInvalid, ...result.counts },
    });
    return result;
  });
  // Thousands of new paths, or a move (which rewrites a whole subtree's), leave the planner's statistics behind
  // (PGlite has no autovacuum): a town's children were then read by a path range it thought empty, 1.3–1.4× slower
  // once a city had moved under its prefecture (PERFORMANCE.md, 2026-12-07). Refreshed after the commit.
  if (applied.counts.created >= ANALYZE_AFTER || applied.counts.moved > 0) await db.execute(sql`analyze regions`);
  return applied;
}

/** Changes after which an import refreshes the tree's statistics. */
const ANALYZE_AFTER = 1000;
