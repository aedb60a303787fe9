import { invalidateDepartmentNames, invalidateRegionNames } from '../platform/access/names.js';
import { rows } from '../platform/db/sql.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx, Tx } from '../platform/db/client.js';
import { departments, regions } from '../platform/access/scope.tables.js';
import { roleGrants, users } from '../platform/auth/auth.tables.js';
import { hashPassword } from '../platform/auth/password.js';
import { seedOfficialCalendar } from '../platform/calendar/calendar.js';
import { appendAudit } from '../platform/audit/audit.js';
import { systemContext } from '../platform/http/context.js';
import type { RegionKind } from '../../contracts/regions.js';
import type { Role } from '../../contracts/roles.js';
import { recountRegions } from '../modules/regions/index.js';
import { MODULES } from '../modules/index.js';
import { demoSeedOrder, registerModuleParts, type DemoSeedServices } from '../platform/module.js';
import type { FileStorage } from '../platform/files/storage.js';
import type { PiiCipher } from '../platform/pii/cipher.js';

/** The demo city. Every rule here is data; another city replaces this file's inputs, not the code. */
export const DEMO_PASSWORD = 'Shezhi@2026';
export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: Role; regionCode: string | null; department?: string; phone?: string; org?: 1 | 2; note: string }[] = [
  { username: 'admin', displayName: '社工办管理员', role: 'officeAdmin', regionCode: '330481', note: '社工办管理员（全市）/ office administrator, city' },
  { username: 'xucun', displayName: '许村镇社会事务办', role: 'townStaff', regionCode: '330481101', note: '许村镇工作人员 / town staff of 许村镇' },
  { username: 'auditor', displayName: '审计员', role: 'auditor', regionCode: null, note: '审计员（只读）/ auditor, read-only' },
  { username: 'minzheng', displayName: '民政局社会组织科', role: 'departmentStaff', regionCode: null, department: '民政局', note: '民政局工作人员（联审）/ Civil Affairs Bureau staff, joint review' },
  { username: 'weijian', displayName: '卫健局老龄健康科', role: 'departmentStaff', regionCode: null, department: '卫健局', note: '卫健局工作人员（业务主管单位）/ Health Commission staff, supervising unit' },
  { username: 'shenqing', displayName: '王晓燕', role: 'applicant', regionCode: null, phone: '13905730001', note: '申请人（也可用手机号 13905730001 登录）/ applicant' },
  { username: 'zhuanjia1', displayName: '周明（评审专家）', role: 'evaluator', regionCode: null, note: '评审专家：只看到被指派评审的项目 / expert reviewer' },
  { username: 'zhuanjia2', displayName: '沈丽华（评审专家）', role: 'evaluator', regionCode: null, note: '评审专家 / expert reviewer' },
  { username: 'zhuanjia3', displayName: '钱志刚（评审专家）', role: 'evaluator', regionCode: null, note: '评审专家 / expert reviewer' },
  { username: 'zhuanjia4', displayName: '孙建国（评估专家）', role: 'evaluator', regionCode: null, note: '评估专家：社工站 SPPE 评估 / SPPE evaluator' },
  { username: 'zhuanjia5', displayName: '李秀英（评估专家）', role: 'evaluator', regionCode: null, note: '评估专家：社工站 SPPE 评估 / SPPE evaluator' },
  { username: 'zhanzhang', displayName: '许村镇社工站站长', role: 'stationOperator', regionCode: '330481101', note: '社工站运营方：许村镇社会工作站的自评与申诉 / station operator of 许村镇' },
  { username: 'dudao1', displayName: '陈静（第三方督导）', role: 'supervisor', regionCode: null, note: '第三方督导：只看到社工办指派督导的项目 / third-party supervisor' },
  { username: 'jigou1', displayName: '社会组织负责人（一）', role: 'orgMember', regionCode: null, org: 1, note: '社会组织成员：一家 4A 及以上的社会服务机构，可申报项目 / member of a 4A+ service agency' },
  { username: 'jigou2', displayName: '社会组织负责人（二）', role: 'orgMember', regionCode: null, org: 2, note: '社会组织成员：另一家 4A 及以上的社会服务机构 / member of another 4A+ service agency' },
  { username: 'shegong', displayName: '许村镇专业社工', role: 'socialWorker', regionCode: '330481101', note: '专业社工：手机上查看本季度轮值安排、填报服务记录（账号关联许村镇的一名社工）/ social worker: assignments and field records on a phone' },
];

/**
 * The organizations the demo org members belong to: the first two service agencies (by name) that are
 * active, graded 4A or 5A and registered for over three years — eligible for any project.
 */
async function demoOrgs(tx: DbOrTx): Promise<{ id: string; name: string }[]> {
  return rows<{ id: string; name: string }>(
    tx,
    sql`select id, name from orgs where type = 'serviceAgency' and status = 'active' and grade in ('4A', '5A') and founded_on < date '2023-01-01' order by name limit 2`,
  );
}


const SEED_LOCK = 738_204_001;

function dataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, 'data'), path.resolve(here, '../../server/seed/data'), path.resolve(process.cwd(), 'server/seed/data')];
  return candidates.find((c) => fs.existsSync(path.join(c, 'haining-330481-towns.csv')))!;
}

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(dataDir(), file), 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** "东山社区居委会" → "东山社区", "双山村委会" → "双山村": the place, not its committee. */
export function communityName(official: string): { name: string; kind: RegionKind } {
  const name = official.replace(/(居民委员会|居委会)$/, '').replace(/委会$/, '');
  return { name, kind: name.endsWith('村') ? 'village' : 'community' };
}

const GRID_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];

export const MEMBER_UNITS: { name: string; shortName: string; kind: 'party' | 'government' | 'massOrg' | 'other'; service?: true }[] = [
  { name: '中共海宁市委组织部', shortName: '市委组织部', kind: 'party' },
  { name: '中共海宁市委宣传部', shortName: '市委宣传部', kind: 'party' },
  { name: '中共海宁市委统战部（市民族宗教事务局）', shortName: '市委统战部', kind: 'party' },
  { name: '中共海宁市委政法委员会', shortName: '市委政法委', kind: 'party' },
  { name: '中共海宁市委社会工作委员会办公室', shortName: '市委社工办', kind: 'party' },
  { name: '中共海宁市委机构编制委员会办公室', shortName: '市委编办', kind: 'party' },
  { name: '海宁市发展和改革局', shortName: '发改局', kind: 'government' },
  { name: '海宁市教育局', shortName: '教育局', kind: 'government', service: true },
  { name: '海宁市公安局', shortName: '公安局', kind: 'government' },
  { name: '海宁市民政局', shortName: '民政局', kind: 'government', service: true },
  { name: '海宁市司法局', shortName: '司法局', kind: 'government', service: true },
  { name: '海宁市财政局', shortName: '财政局', kind: 'government' },
  { name: '海宁市人力资源和社会保障局', shortName: '人社局', kind: 'government', service: true },
  { name: '海宁市住房和城乡建设局', shortName: '住建局', kind: 'government' },
  { name: '海宁市农业农村局', shortName: '农业农村局', kind: 'government', service: true },
  { name: '海宁市商务局', shortName: '商务局', kind: 'government' },
  { name: '海宁市文化和广电旅游体育局', shortName: '文广旅体局', kind: 'government', service: true },
  { name: '海宁市卫生健康局', shortName: '卫健局', kind: 'government', service: true },
  { name: '海宁市退役军人事务局', shortName: '退役军人事务局', kind: 'government', service: true },
  { name: '海宁市应急管理局', shortName: '应急管理局', kind: 'government', service: true },
  { name: '海宁市市场监督管理局', shortName: '市场监管局', kind: 'government' },
  { name: '海宁市医疗保障局', shortName: '医保局', kind: 'government', service: true },
  { name: '海宁市信访局', shortName: '信访局', kind: 'government', service: true },
  { name: '海宁市综合行政执法局', shortName: '综合执法局', kind: 'government' },
  { name: '海宁市大数据发展管理局', shortName: '大数据局', kind: 'government' },
  { name: '嘉兴市生态环境局海宁分局', shortName: '生态环境分局', kind: 'government' },
  { name: '海宁市总工会', shortName: '市总工会', kind: 'massOrg', service: true },
  { name: '共青团海宁市委员会', shortName: '团市委', kind: 'massOrg', service: true },
  { name: '海宁市妇女联合会', shortName: '市妇联', kind: 'massOrg', service: true },
  { name: '海宁市残疾人联合会', shortName: '市残联', kind: 'massOrg', service: true },
  { name: '海宁市科学技术协会', shortName: '市科协', kind: 'massOrg' },
  { name: '海宁市工商业联合会', shortName: '市工商联', kind: 'massOrg' },
  { name: '海宁市红十字会', shortName: '市红十字会', kind: 'massOrg' },
  { name: '海宁市慈善总会', shortName: '市慈善总会', kind: 'other' },
];

/**
 * Told each step of loading the demo as it ends (a line for people: the first start takes a minute or more, and
 * silence looks like a hang).
 */
export type SeedProgress = (line: string) => void;

/** "orgs 520、org_changes 31": the rows a module's tables now hold, those with any. */
async function rowsOf(q: DbOrTx, tables: readonly PgTable[]): Promise<string> {
  const parts: string[] = [];
  for (const t of tables) {
    const [{ n }] = (await q.select({ n: sql<number>`count(*)::int` }).from(t)) as [{ n: number }];
    if (n > 0) parts.push(`${getTableName(t)} ${n}`);
  }
  return parts.join('、');
}

/** Runs one step of the demo and says what it left and how long it took. */
async function step<T>(progress: SeedProgress | undefined, label: string, run: () => Promise<T>, counted?: () => Promise<string>): Promise<T> {
  const started = Date.now();
  const result = await run();
  if (progress) {
    const counts = counted ? await counted() : '';
    progress(`  演示数据 / demo: ${label}${counts ? `：${counts}` : ''}（${((Date.now() - started) / 1000).toFixed(1)} s）`);
  }
  return result;
}

/** Loads Haining only into an empty database; concurrent first starts wait on a lock and skip. */
export async function seedDemoIfEmpty(db: Db, pii: PiiCipher, storage: FileStorage | null = null, progress?: SeedProgress): Promise<boolean> {
  const seeded = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(regions)) as [{ n: number }];
    if (n > 0) return false;
    progress?.('  演示数据 / demo: 正在载入海宁市演示数据，首次约需 1–2 分钟 / loading the Haining demo, a minute or two the first time');
    await seedHaining(tx, pii, storage, progress);
    return true;
  });
  // What people did — applications, projects, meetings — goes through the modules' real use cases, one
  // transaction per act, after the city's start is committed: each module's demoSeed.acts, in dependency order.
  if (seeded) {
    // The acts move cases and read other modules' formulas: what the app registers at start, the seed needs too
    // when it runs on its own (the test template, `npm run build:demo`).
    registerModuleParts(MODULES, { pii });
    for (const m of demoSeedOrder(MODULES)) {
      const acts = m.demoSeed!.acts;
      if (acts) await step(progress, `${m.name} 办理过程 / acts`, () => acts(db, { pii, storage }), () => rowsOf(db, m.tables));
    }
  }
  // Fresh statistics: otherwise the planner treats the just-filled tables as empty until autovacuum runs.
  if (seeded) await step(progress, '统计信息 / analyze', () => db.execute(sql`analyze`));
  return seeded;
}

/**
 * The demo city's start, in the caller's transaction: its regions, departments and official calendar, then every
 * module's demoSeed.base (catalog, funds, the organization registry, rules and settings) in dependency order, then
 * the demo accounts (members of two of the registry's organizations).
 */
export async function seedHaining(tx: DbOrTx, pii: PiiCipher, storage: FileStorage | null = null, progress?: SeedProgress): Promise<void> {
  const started = Date.now();
  const cityId = crypto.randomUUID();
  const cityPath = `/${cityId}/`;
  type NewRegion = typeof regions.$inferInsert;
  const all: NewRegion[] = [{ id: cityId, parentId: null, name: '海宁市', code: '330481', level: 'city', kind: 'city', path: cityPath, depth: 0 }];
  const towns = new Map<string, { id: string; path: string }>();
  for (const t of readCsv('haining-330481-towns.csv')) {
    const id = crypto.randomUUID();
    const path = `${cityPath}${id}/`;
    towns.set(t.code, { id, path });
    all.push({ id, parentId: cityId, name: t.name, code: t.code, level: 'town', kind: t.type === '街道' ? 'subdistrict' : 'town', path, depth: 1 });
  }
  for (const c of readCsv('haining-330481-communities.csv')) {
    const town = towns.get(c.streetCode);
    if (!town) throw new Error(`community ${c.code} names unknown town ${c.streetCode}`);
    const id = crypto.randomUUID();
    const path = `${town.path}${id}/`;
    const { name, kind } = communityName(c.name);
    all.push({ id, parentId: town.id, name, code: c.code, level: 'community', kind, path, depth: 2 });
    // Grids are not published: 3–6 per community, deterministic from the code so reseeding is stable.
    const gridCount = 3 + (Number(c.code.slice(-3)) % 4);
    for (let g = 1; g <= gridCount; g++) {
      const gid = crypto.randomUUID();
      all.push({ id: gid, parentId: id, name: `第${GRID_NUMERALS[g - 1]}网格`, code: `${c.code}${String(g).padStart(3, '0')}`, level: 'grid', kind: 'grid', path: `${path}${gid}/`, depth: 3 });
    }
  }
  for (let i = 0; i < all.length; i += 400) await tx.insert(regions).values(all.slice(i, i + 400));
  await invalidateRegionNames(tx);
  await recountRegions(tx);

  await tx.insert(departments).values(
    MEMBER_UNITS.map((d, i) => ({ cityId, name: d.name, shortName: d.shortName, kind: d.kind, isMemberUnit: true, isServiceDepartment: !!d.service, sortOrder: i + 1 })),
  );
  await invalidateDepartmentNames(tx);
  const calendar = await seedOfficialCalendar(tx);
  progress?.(`  演示数据 / demo: 区域 ${all.length}、成员单位 ${MEMBER_UNITS.length}、工作日历 ${calendar.years[0]}–${calendar.years[calendar.years.length - 1]}（${((Date.now() - started) / 1000).toFixed(1)} s）`);
  const services: DemoSeedServices = { pii, storage };
  const seeded: Record<string, number> = {};
  for (const m of demoSeedOrder(MODULES)) {
    const base = m.demoSeed!.base;
    if (base) Object.assign(seeded, await step(progress, `${m.name} 基础数据 / base`, () => base(tx as Tx, services), () => rowsOf(tx, m.tables)));
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const byCode = new Map(all.map((r) => [r.code, r.id!]));
  const departmentRows = await tx.select({ id: departments.id, shortName: departments.shortName }).from(departments);
  const departmentId = (shortName: string) => departmentRows.find((d) => d.shortName === shortName)!.id;
  const orgsForMembers = await demoOrgs(tx);
  for (const a of DEMO_ACCOUNTS) {
    const phone = a.phone ? { phoneSealed: pii.encrypt(a.phone), phoneHash: pii.lookupHash(a.phone) } : {};
    // Staff of a region or department are the demo city's (their home city); members, applicants and experts none.
    const homeCityId = a.regionCode || a.department ? byCode.get('330481')! : null;
    const [u] = await tx.insert(users).values({ username: a.username, displayName: a.displayName, passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), homeCityId, ...phone }).returning();
    await tx.insert(roleGrants).values({
      userId: u.id,
      role: a.role,
      regionId: a.regionCode ? byCode.get(a.regionCode)! : null,
      departmentId: a.department ? departmentId(a.department) : null,
      orgId: a.org ? orgsForMembers[a.org - 1].id : null,
    });
  }
  await appendAudit(tx, systemContext('seed'), {
    action: 'system.seed',
    detail: {
      city: '海宁市 330481',
      regions: all.length,
      departments: MEMBER_UNITS.length,
      ...seeded,
      calendarYears: `${calendar.years[0]}–${calendar.years[calendar.years.length - 1]}`,
      users: DEMO_ACCOUNTS.map((a) => a.username),
    },
  });
}
