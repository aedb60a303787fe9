import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { actorOf } from '../../platform/auth/actor-of.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { caseTypeOf, registerCaseType } from '../../platform/cases/define.js';
import { fireTransition } from '../../platform/cases/engine.js';
import { backdateCase, importArchivedCases, type ArchivedCase } from '../../platform/cases/history.js';
import { clockNowMs } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { RequestContext } from '../../platform/http/context.js';
import type { DemoSeedServices } from '../../platform/module.js';
import { maskPhone } from '../../platform/pii/mask.js';
import { concernCaseType } from './concern.case.js';
import { concernRoutingRules, concerns } from './concerns.tables.js';
import { addDefaultCategories } from './concerns.template.js';
import { maskPublicText } from './moderation.js';
import { routeConcern } from './routing.js';
import { makeTrackingNumber } from './tracking-number.js';
import { escalateOverdueConcerns } from './use-cases/escalate-overdue.js';
import { openConcern } from './use-cases/raise-concern.js';

/**
 * Haining's concern settings: the default categories with their limits, and routing rules as a city would write
 * them — safety hazards to the Emergency Management Bureau, hardship to Civil Affairs, care for the elderly to each
 * town's social work station; everything else goes to the town of the place.
 */
export async function seedHainingConcerns(tx: Tx): Promise<Record<string, number>> {
  const [city] = await rows<{ id: string; name: string; code: string; path: string }>(tx, sql`select id::text as id, name, code, path from regions where level = 'city' and code = '330481'`);
  const categories = await addDefaultCategories(tx, city);
  const departments = await rows<{ id: string; short_name: string }>(tx, sql`select id::text as id, short_name from departments where city_id = ${city.id}::uuid and short_name in ('应急管理局', '民政局')`);
  const dept = (short: string) => departments.find((d) => d.short_name === short)?.id ?? null;
  const rules = [
    { categoryCode: 'safety', target: 'department' as const, departmentId: dept('应急管理局') },
    { categoryCode: 'hardship', target: 'department' as const, departmentId: dept('民政局') },
    { categoryCode: 'elderly', target: 'station' as const, departmentId: null },
  ].filter((r) => r.target !== 'department' || r.departmentId);
  await tx.insert(concernRoutingRules).values(rules.map((r) => ({ ...r, cityId: city.id, regionId: null })));
  return { concernCategories: categories, concernRoutingRules: rules.length };
}

/** A small deterministic generator (mulberry32): the demo is the same on every build. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], bytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)) };
}

const WHAT: Record<string, readonly string[]> = {
  environment: ['村口垃圾桶满了好几天没人清运，气味很大。', '河道里漂着生活垃圾，希望尽快打捞。', '小区旁边的工地夜里施工，噪声扰民。', '绿化带里堆了建筑垃圾，影响环境。'],
  facilities: ['路口的路灯坏了，晚上出行不方便。', '健身器材的螺丝松了，存在安全隐患。', '人行道地砖翘起，老人容易绊倒。', '公交站的雨棚破了，下雨天没处躲。'],
  safety: ['楼道里堆满杂物，堵住了消防通道。', '有人在楼道里给电动车充电，很危险。', '老房子外墙有裂缝，担心脱落。', '河边护栏缺了一段，孩子靠近很危险。'],
  elderly: ['独居老人行动不便，希望有人定期上门探访。', '老年食堂的饭菜偏咸，希望调整口味。', '老人想学用智能手机，希望社区开课。', '高龄老人需要助浴服务。'],
  hardship: ['困难家庭孩子上学有困难，希望得到帮扶。', '残疾人家庭的房屋漏雨，需要修缮。', '低保户老人看病报销手续不清楚。', '单亲妈妈找工作困难，希望有就业指导。'],
  dispute: ['楼上漏水到楼下，两家协商不成。', '邻居在公共区域种菜，引起矛盾。', '物业费收费标准有争议，希望调解。', '宠物狗夜里吠叫，邻里有意见。'],
  other: ['希望社区多组织一些亲子活动。', '建议在村里增设快递收发点。', '希望公示社区公益项目的开展情况。', '建议周末开放社区图书室。'],
};
const REPLY: readonly string[] = ['已安排人员现场处理完毕，感谢您的反映。', '已联系责任单位落实整改，后续将持续跟进。', '已纳入本月工作计划，预计两周内完成。', '经协调双方已达成一致意见，问题已解决。'];
const CATEGORY_SHARE: readonly string[] = ['environment', 'environment', 'environment', 'facilities', 'facilities', 'facilities', 'safety', 'safety', 'elderly', 'elderly', 'hardship', 'dispute', 'dispute', 'other'];
/** Concerns already closed (or merged) over the year, loaded from the archive in bulk; open ones go through the engine. */
const ARCHIVED = 1_940;
const OPEN_STATES = ['submitted', 'submitted', 'accepted', 'handling', 'handling', 'handling', 'replied', 'replied', 'rated'] as const;
const OPEN = 36;
const PATH: Record<string, string[]> = { submitted: [], accepted: ['accept'], handling: ['accept', 'start'], replied: ['accept', 'start', 'reply'], rated: ['accept', 'start', 'reply', 'rate'] };

/**
 * About 2,000 concerns of Haining in every state (issue 17 §4 demo data): ~1,940 of the past year closed (most rated)
 * or merged as duplicates, loaded as the archives record them, and 36 still open driven through the engine by the
 * office and spread back in time — a third of them past their step's promised day and escalated. Deterministic;
 * dates count from the build day. A second city gets none.
 */
export async function seedHainingConcernActs(db: Db, { pii }: DemoSeedServices): Promise<void> {
  // The seed may run without an app (the demo image's build): the engine needs the type.
  registerCaseType(concernCaseType());
  const g = generator(20_170_417);
  const [city] = await rows<{ id: string; name: string; code: string; path: string }>(db, sql`select id::text as id, name, code, path from regions where level = 'city' and code = '330481'`);
  const places = await rows<{ id: string; name: string; path: string; town_id: string; town_name: string }>(
    db,
    sql`select c.id::text as id, c.name, c.path, t.id::text as town_id, t.name as town_name from regions c join regions t on t.level = 'town' and c.path like t.path || '%'
        where c.level = 'community' and c.retired_at is null and c.path like ${city.path + '%'} order by c.code`,
  );
  const names = new Map((await rows<{ code: string; name: string }>(db, sql`select code, name from concern_categories where city_id = ${city.id}::uuid`)).map((c) => [c.code, c.name]));
  const rules = (await rows<{ id: string; category_code: string | null; target: 'town' | 'department' | 'station'; department_id: string | null }>(db, sql`select id::text as id, category_code, target, department_id::text as department_id from concern_routing_rules where city_id = ${city.id}::uuid`)).map((r) => ({
    id: r.id,
    categoryCode: r.category_code,
    regionPath: null,
    target: r.target,
    departmentId: r.department_id,
  }));
  const anchor = Date.parse(`${todayInChina()}T10:00:00+08:00`);
  const DAY = 86_400_000;
  const hour = () => (g.int(9 * 60) + 8 * 60) * 60_000 - 10 * 3_600_000;

  // The archive: the past year, oldest first, numbered in that order.
  const year = todayInChina().slice(0, 4);
  const starts = Array.from({ length: ARCHIVED }, () => anchor - (6 + g.int(320)) * DAY + hour()).sort((a, b) => a - b);
  const archived: ArchivedCase[] = [];
  const details: (typeof concerns.$inferInsert)[] = [];
  for (const [i, start] of starts.entries()) {
    const place = g.pick(places);
    const code = g.pick(CATEGORY_SHARE);
    const text = g.pick(WHAT[code]);
    const routed = routeConcern(rules, { categoryCode: code, placePath: place.path });
    const channel = g.next() < 0.6 ? 'staff' : g.next() < 0.9 ? 'public' : 'open311';
    const phone = channel === 'staff' && g.next() < 0.5 ? null : `13${String(5 + g.int(5))}${String(10_000_000 + g.int(89_999_999))}`;
    const number = `MQ${year}${String(i + 1).padStart(5, '0')}`;
    const handler = routed.target === 'department' ? (routed.departmentId === rules.find((r) => r.categoryCode === 'safety')?.departmentId ? '应急管理局' : '民政局') : `${place.town_name}社会事务办`;
    // A duplicate of an earlier concern of the same place and category now and then.
    let twin: ArchivedCase | undefined;
    if (i > 50 && g.next() < 0.05) {
      for (let k = i - 1; k >= 0 && !twin; k--) if (details[k].townId === place.town_id && details[k].categoryCode === code && archived[k].state === 'closed') twin = archived[k];
    }
    const id = randomUUID();
    let at = start;
    const step = (event: string, from: string | null, to: string, actorName: string, days: number) => {
      at += days * DAY + g.int(180) * 60_000;
      return { event, from, to, actorName, at: new Date(Math.min(at, clockNowMs() - 60_000)) };
    };
    const steps: ArchivedCase['steps'] = [{ event: 'create', from: null, to: 'submitted', actorName: channel === 'staff' ? '网格民情收集员' : '公众', at: new Date(start) }];
    let reply: string | null = null;
    let rating: number | null = null;
    if (twin) {
      steps.push(step('merge', 'submitted', 'merged', handler, g.int(2)));
    } else {
      reply = g.pick(REPLY);
      steps.push(step('accept', 'submitted', 'accepted', handler, g.int(2)), step('start', 'accepted', 'handling', handler, g.int(2)), step('reply', 'handling', 'replied', handler, 1 + g.int(6)));
      if (g.next() < 0.75) {
        rating = g.next() < 0.8 ? 5 : 3 + g.int(2);
        steps.push(step('rate', 'replied', 'rated', '公众', 1 + g.int(3)), step('close', 'rated', 'closed', handler, g.int(2)));
      } else steps.push(step('close', 'replied', 'closed', handler, 3 + g.int(4)));
    }
    archived.push({ id, caseType: 'concern', number, title: `${names.get(code)}·${place.name}`, state: twin ? 'merged' : 'closed', outcome: null, regionPath: place.path, orgId: null, createdBy: null, steps });
    details.push({
      caseId: id,
      cityId: city.id,
      number,
      trackingNumber: makeTrackingNumber(g.bytes(10)),
      categoryCode: code,
      state: twin ? 'merged' : 'closed',
      channel,
      townId: place.town_id,
      placeRegionId: place.id,
      regionPath: place.path,
      description: text,
      publicDescription: maskPublicText(text),
      reporterPhoneSealed: phone ? pii.encrypt(phone) : null,
      reporterPhoneHash: phone ? pii.lookupHash(phone) : null,
      reporterPhoneMasked: phone ? maskPhone(phone) : null,
      responsibleKind: routed.target,
      responsibleDepartmentId: routed.departmentId,
      routingRuleId: routed.ruleId,
      reply,
      publicReply: reply,
      rating,
      mergedIntoCaseId: twin?.id ?? null,
      submittedAt: new Date(start),
      updatedAt: steps[steps.length - 1].at,
    });
  }
  await db.transaction(async (tx) => {
    await importArchivedCases(tx, archived);
    for (let i = 0; i < details.length; i += 500) await tx.insert(concerns).values(details.slice(i, i + 500));
  });

  // Open concerns through the engine, the office acting; then spread back in time, a third left late.
  const [office] = await rows<{ id: string }>(db, sql`select id::text as id from users where username = 'admin'`);
  const ctx: RequestContext = { requestId: 'seed:concerns', ip: null, lang: 'zh', actor: await actorOf(db, office.id) };
  const def = caseTypeOf('concern');
  for (let n = 0; n < OPEN; n++) {
    const place = g.pick(places);
    const code = g.pick(CATEGORY_SHARE);
    const target = OPEN_STATES[n % OPEN_STATES.length];
    const opened = await db.transaction(async (tx) =>
      openConcern(tx, ctx, pii, {
        categoryCode: code,
        place: { id: place.id, name: place.name, path: place.path },
        town: { id: place.town_id, name: place.town_name, path: '' },
        city,
        address: null,
        lat: null,
        lng: null,
        description: g.pick(WHAT[code]),
        reporterPhone: null,
        reporterName: null,
        channel: 'staff',
        trackingNumber: makeTrackingNumber(g.bytes(10)),
      }),
    );
    let version = 1;
    for (const event of PATH[target]) {
      const input = event === 'reply' ? { reply: g.pick(REPLY) } : event === 'rate' ? { rating: 4 + g.int(2), ratingComment: null } : undefined;
      await fireTransition(db, ctx, opened.caseId, { event, version, input });
      version += 1;
    }
    const late = n % 3 === 0 && target !== 'replied';
    const steps = PATH[target].length + 1;
    const back = late ? 12 + g.int(20) : g.int(2);
    const times = Array.from({ length: steps }, (_, k) => new Date(Math.min(anchor - (back + (steps - 1 - k)) * DAY + hour(), clockNowMs() - 60_000)));
    await backdateCase(db, def, opened.caseId, times);
    await db.update(concerns).set({ submittedAt: times[0], updatedAt: times[times.length - 1] }).where(sql`${concerns.caseId} = ${opened.caseId}::uuid`);
  }
  await escalateOverdueConcerns(db, todayInChina());
}
