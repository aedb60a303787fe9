import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '../../../contracts/identifiers.js';
import { ROTATION_ROLES, type CertificateLevel, type RotationRole, type WorkerStatus } from '../../../contracts/workforce.js';
import type { Tx } from '../../platform/db/client.js';
import { rows } from '../../platform/db/sql.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';
import { rotationProfiles, workers } from './workforce.tables.js';
import { prng } from '../../platform/demo/prng.js';

/*
 * Haining's workforce as the seed article counts it (since 2020: 100 professional social workers and 767 certified
 * employees of government bodies, beside the 521 organizations), all made up: names, valid resident ID numbers
 * (GB 11643) and phones, sealed as any record is. Social workers work for the city's service agencies, certified
 * employees for its departments; each has a home town, service domains from the city's catalog and a rotation
 * profile, and so does every organization in existence. Deterministic, so every machine seeds the same city.
 */

export const DEMO_SOCIAL_WORKERS = 100;
export const DEMO_CERTIFIED_EMPLOYEES = 767;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛';
const GIVEN_F = ['芳', '娜', '秀英', '敏', '静', '丽', '艳', '娟', '霞', '玲', '慧', '春梅', '雪', '琳', '晓燕', '海燕', '丹', '婷', '佳怡', '梦琪', '雨萱', '欣怡'];
const GIVEN_M = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '建华', '建国', '斌', '志强', '浩', '宇', '俊杰', '子豪', '晨阳'];

export async function seedHainingWorkforce(tx: Tx, pii: PiiCipher): Promise<Record<string, number>> {
  const rnd = prng(20260417);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    return [...list].sort(() => rnd() - 0.5).slice(0, n);
  };
  const [city] = await rows<{ id: string; path: string }>(tx, sql`select id, path from regions where level = 'city' order by created_at, code limit 1`);
  const towns = await rows<{ id: string; path: string }>(tx, sql`select id, path from regions where level = 'town' and retired_at is null and path like ${city.path + '%'} order by code`);
  const domains = (await rows<{ code: string }>(tx, sql`select code from service_domain_directory where city_id = ${city.id} and retired_at is null order by sort_order`)).map((d) => d.code);
  const departments = await rows<{ id: string }>(tx, sql`select id from departments where city_id = ${city.id} and retired_at is null order by sort_order, name`);
  const orgs = await rows<{ id: string; type: string; town_id: string | null; service_fields: string[] }>(
    tx,
    sql`select id, type, town_id, service_fields from org_directory where status in ('active', 'changing') and region_path like ${city.path + '%'} order by credit_code nulls last, name`,
  );
  const agencies = orgs.filter((o) => o.type === 'serviceAgency' && o.town_id);
  const townPath = new Map(towns.map((t) => [t.id, t.path]));

  const person = (i: number) => {
    const female = rnd() < 0.62;
    const born = `${1962 + Math.floor(rnd() * 38)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    // The 17th digit is odd for men, even for women (GB 11643).
    const serial = String((i % 450) * 2 + (female ? 0 : 1)).padStart(3, '0');
    const first17 = `330481${born}${serial}`;
    const phone = `1${pick(['38', '39', '58', '59', '88', '89', '36', '57', '77', '87'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    const id = first17 + residentIdCheckChar(first17);
    return { name: pick([...SURNAMES]) + pick(female ? GIVEN_F : GIVEN_M), gender: female ? ('female' as const) : ('male' as const), id, phone };
  };
  const level = (): CertificateLevel => {
    const r = rnd();
    return r < 0.62 ? 'assistant' : r < 0.93 ? 'intermediate' : 'senior';
  };
  const status = (): WorkerStatus => {
    const r = rnd();
    return r < 0.95 ? 'active' : r < 0.98 ? 'paused' : 'left';
  };
  const sealed = (p: { id: string; phone: string }) => ({
    idSealed: pii.encrypt(p.id),
    idHash: pii.lookupHash(p.id),
    idMasked: maskIdNumber(p.id),
    phoneSealed: pii.encrypt(p.phone),
    phoneHash: pii.lookupHash(p.phone),
    phoneMasked: maskPhone(p.phone),
  });
  const levelCode: Record<CertificateLevel, string> = { assistant: 'A', intermediate: 'B', senior: 'C' };

  const rowsToInsert: (typeof workers.$inferInsert)[] = [];
  const seenIds = new Set<string>();
  for (let i = 0; rowsToInsert.length < DEMO_SOCIAL_WORKERS + DEMO_CERTIFIED_EMPLOYEES; i++) {
    const social = rowsToInsert.length < DEMO_SOCIAL_WORKERS;
    const p = person(i);
    if (seenIds.has(p.id)) continue;
    seenIds.add(p.id);
    const employer = social && agencies.length ? pick(agencies) : null;
    const townId = employer?.town_id ?? pick(towns).id;
    const lv = level();
    rowsToInsert.push({
      cityId: city.id,
      kind: social ? 'socialWorker' : 'certifiedEmployee',
      name: p.name,
      gender: p.gender,
      ...sealed(p),
      certificateLevel: lv,
      certificateNo: `${2008 + Math.floor(rnd() * 18)}33${levelCode[lv]}${String(rowsToInsert.length + 1).padStart(5, '0')}`,
      employerOrgId: employer?.id ?? null,
      departmentId: social ? null : pick(departments).id,
      townId,
      regionPath: townPath.get(townId)!,
      serviceDomains: some(domains, 1, 3),
      status: status(),
    });
  }
  const made: { id: string; kind: string; townId: string; serviceDomains: string[]; status: string }[] = [];
  for (let k = 0; k < rowsToInsert.length; k += 200) {
    made.push(...(await tx.insert(workers).values(rowsToInsert.slice(k, k + 200)).returning({ id: workers.id, kind: workers.kind, townId: workers.townId, serviceDomains: workers.serviceDomains, status: workers.status })));
  }

  const seasons = () => (rnd() < 0.8 ? [1, 2, 3, 4] : some([1, 2, 3, 4], 2, 3).sort());
  const profiles: (typeof rotationProfiles.$inferInsert)[] = [];
  for (const w of made) {
    if (w.status === 'left') continue;
    const roles: RotationRole[] = w.kind === 'socialWorker' ? [...ROTATION_ROLES] : rnd() < 0.7 ? ['policyExplainer', 'concernCollector'] : some(ROTATION_ROLES, 1, 3);
    profiles.push({ resourceKind: w.kind as 'socialWorker' | 'certifiedEmployee', resourceId: w.id, cityId: city.id, serviceDomains: w.serviceDomains, homeTownId: w.townId, seasons: seasons(), capacity: w.kind === 'socialWorker' ? 2 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 2), roles, active: w.status === 'active' });
  }
  const domainSet = new Set(domains);
  for (const o of orgs) {
    const own = o.service_fields.filter((f) => domainSet.has(f));
    profiles.push({
      resourceKind: 'org',
      resourceId: o.id,
      cityId: city.id,
      serviceDomains: own.length ? own : some(domains, 1, 2),
      homeTownId: o.town_id,
      seasons: seasons(),
      capacity: o.type === 'communityOrg' ? 1 + Math.floor(rnd() * 2) : 2 + Math.floor(rnd() * 3),
      roles: o.type === 'foundation' ? ['resourceLinker', 'charityPromoter'] : some(ROTATION_ROLES, 2, 4),
      active: true,
    });
  }
  for (let k = 0; k < profiles.length; k += 300) await tx.insert(rotationProfiles).values(profiles.slice(k, k + 300));
  return { socialWorkers: DEMO_SOCIAL_WORKERS, certifiedEmployees: DEMO_CERTIFIED_EMPLOYEES, rotationProfiles: profiles.length };
}
