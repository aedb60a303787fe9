import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { FIELD_RECORD_KINDS, type FieldRecordKind } from '../../../contracts/rotation-records.js';
import { TARGET_GROUPS } from '../../../contracts/target-groups.js';
import type { RotationRole } from '../../../contracts/workforce.js';
import { regions } from '../../platform/access/scope.tables.js';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/client.js';
import { prng } from '../../platform/demo/prng.js';
import { linkWorkerAccount, rotationResources, rotationResourceUsers } from '../workforce/index.js';
import { DEMO_ROTATION_YEAR } from './rotation.demo-seed.js';
import { selectGridsOf } from './rotation-records.queries.js';
import { rotationServiceRecords } from './rotation-records.tables.js';
import { rotationAssignments, rotationPlans } from './rotation.tables.js';
import { seasonWindow } from './use-cases/field-records.js';

/*
 * Haining's field records of 2026, loaded in bulk (one statement per thousand): for most published assignments one
 * to three activities in the assignment's season (the fourth season up to the end of November), of the kind the role
 * usually does, with minutes, people and beneficiaries by 6+1 group. The demo account `shegong` becomes the person
 * of one of 许村镇's social workers (the first, in the workforce's id-free order, serving all four seasons there), so
 * the phone pages have assignments. Values follow the assignments in an order that does not depend on generated ids.
 */

const USUAL_KIND: Record<RotationRole, FieldRecordKind> = { policyExplainer: 'briefing', resourceLinker: 'resourceLinking', charityPromoter: 'charityAdvocacy', concernCollector: 'concernVisit' };
const NOTES: Record<FieldRecordKind, string[]> = {
  briefing: ['在村（社区）文化礼堂宣讲养老服务补贴政策', '入户讲解医保参保与大病救助政策', '网格内宣讲垃圾分类新规'],
  resourceLinking: ['链接爱心企业为困难家庭送去米油', '对接卫生院开展义诊', '为独居老人链接助餐服务'],
  charityAdvocacy: ['组织居民参与“邻里守望”志愿服务', '开展公益集市，倡导闲置物品循环', '发动青少年参与社区环境整治'],
  concernVisit: ['走访网格内独居老人，收集居家安全隐患', '入户收集新居民子女入学诉求', '走访困难家庭，了解就业需求'],
};

export async function seedHainingFieldRecords(db: Db): Promise<void> {
  const [city] = await db.select({ id: regions.id }).from(regions).where(and(eq(regions.level, 'city'), eq(regions.code, '330481')));
  if (!city) return;
  const community = regions;
  const assignments = await db
    .select({ a: rotationAssignments, communityCode: community.code })
    .from(rotationAssignments)
    .innerJoin(rotationPlans, eq(rotationPlans.id, rotationAssignments.planId))
    .innerJoin(community, eq(community.id, rotationAssignments.communityId))
    .where(and(eq(rotationPlans.cityId, city.id), eq(rotationPlans.year, DEMO_ROTATION_YEAR), eq(rotationPlans.state, 'published')));
  if (assignments.length === 0) return;
  // The workforce's order (kind, name, certificate number) ranks resources without their generated ids.
  const rank = new Map((await rotationResources(db, city.id)).map((r, i) => [`${r.kind}:${r.id}`, i]));
  const rankOf = (kind: string, id: string) => rank.get(`${kind}:${id}`) ?? Number.MAX_SAFE_INTEGER;
  assignments.sort((x, y) => x.a.season - y.a.season || x.communityCode.localeCompare(y.communityCode) || x.a.role.localeCompare(y.a.role) || rankOf(x.a.resourceKind, x.a.resourceId) - rankOf(y.a.resourceKind, y.a.resourceId));

  // The demo social worker: 许村镇's first social worker serving there every season.
  const [xucun] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, '330481101'));
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'shegong'));
  const seasonsOf = new Map<string, Set<number>>();
  for (const { a } of assignments) if (a.resourceKind === 'socialWorker' && a.townId === xucun?.id) seasonsOf.set(a.resourceId, (seasonsOf.get(a.resourceId) ?? new Set()).add(a.season));
  const chosen = [...seasonsOf.entries()].filter(([, s]) => s.size === 4).map(([id]) => id).sort((x, y) => rankOf('socialWorker', x) - rankOf('socialWorker', y))[0];
  if (account && chosen) await linkWorkerAccount(db, chosen, account.id);

  const accounts = await rotationResourceUsers(db, assignments.map(({ a }) => ({ kind: a.resourceKind, id: a.resourceId })));
  const grids = await selectGridsOf(db, [...new Set(assignments.map(({ a }) => a.communityId))]);
  const gridsOf = new Map<string, string[]>();
  for (const g of grids) gridsOf.set(g.communityId!, [...(gridsOf.get(g.communityId!) ?? []), g.id]);

  const rnd = prng(2026_1207);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const lastDay = new Date('2026-11-30T12:00:00+08:00').getTime();
  const rows: (typeof rotationServiceRecords.$inferInsert)[] = [];
  for (const { a } of assignments) {
    const n = [0, 1, 1, 1, 2, 2, 3][Math.floor(rnd() * 7)];
    const owners = accounts.get(`${a.resourceKind}:${a.resourceId}`) ?? [];
    const { from, to } = seasonWindow(a.year, a.season);
    const days = Math.floor((Math.min(to.getTime(), lastDay) - from.getTime()) / 86_400_000);
    for (let k = 0; k < n; k++) {
      const kind = rnd() < 0.85 ? USUAL_KIND[a.role] : pick(FIELD_RECORD_KINDS);
      const day = Math.floor(rnd() * days);
      const checkedInAt = new Date(from.getTime() + day * 86_400_000 + (8.5 + rnd() * 8) * 3_600_000);
      const beneficiaries = Object.fromEntries(TARGET_GROUPS.map((g) => [g, rnd() < (g === 'centralTask' ? 0.25 : 0.55) ? Math.floor(rnd() * (g === 'elderly' ? 30 : 12)) : 0]));
      const beneficiaryTotal = Object.values(beneficiaries).reduce((s, x) => s + x, 0);
      const located = rnd() < 0.7;
      const communityGrids = gridsOf.get(a.communityId) ?? [];
      rows.push({
        clientKey: randomUUID(),
        recordedBy: owners.length === 1 ? owners[0] : null,
        assignmentId: a.id,
        cityId: city.id,
        year: a.year,
        season: a.season,
        townId: a.townId,
        communityId: a.communityId,
        gridId: communityGrids.length && rnd() < 0.6 ? pick(communityGrids) : null,
        regionPath: a.regionPath,
        resourceKind: a.resourceKind,
        resourceId: a.resourceId,
        role: a.role,
        kind,
        checkedInAt,
        lat: located ? Math.round((30.42 + rnd() * 0.2) * 1e6) / 1e6 : null,
        lng: located ? Math.round((120.45 + rnd() * 0.45) * 1e6) / 1e6 : null,
        accuracyM: located ? Math.round(5 + rnd() * 60) : null,
        minutes: 30 + 15 * Math.floor(rnd() * 12),
        participants: Math.max(beneficiaryTotal, 3 + Math.floor(rnd() * 40)),
        beneficiaries,
        beneficiaryTotal,
        note: pick(NOTES[kind]),
        createdAt: new Date(checkedInAt.getTime() + Math.floor(rnd() * 72) * 3_600_000),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(rotationServiceRecords).values(rows.slice(i, i + 1000));
}


