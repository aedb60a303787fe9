import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { PiiCipher } from '../../platform/pii/cipher.js';
import { orgs } from './orgs.tables.js';
import { makeCreditCode, residentIdCheckChar } from '../../../contracts/identifiers.js';
import { SERVICE_FIELDS, type ORG_GRADES } from '../../../contracts/orgs.js';
import { rows } from '../../platform/db/sql.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';
import { prng } from '../../platform/demo/prng.js';

export { prng };

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '建国', '晓燕', '海燕', '丹', '玲', '斌', '慧', '志强', '春梅', '雪', '琳', '浩', '宇'];

export const COMMUNITY_TOPICS: [string, string[]][] = [
  ['夕阳红志愿服务队', ['elderly', 'volunteering']],
  ['邻里互助会', ['community', 'volunteering']],
  ['巾帼志愿服务队', ['women', 'volunteering']],
  ['红领巾护苗队', ['children']],
  ['文体协会', ['culture', 'community']],
  ['平安巡防队', ['mediation', 'community']],
  ['垃圾分类督导队', ['environment']],
  ['乡贤调解会', ['mediation']],
  ['新居民之家', ['newResidents', 'community']],
  ['助残服务小组', ['disabled', 'volunteering']],
  ['老娘舅调解工作室', ['mediation']],
  ['亲子阅读会', ['children', 'education']],
];
export const AGENCY_TOPICS: [string, string[]][] = [
  ['社会工作服务社', ['community', 'hardship']],
  ['阳光助残服务中心', ['disabled']],
  ['居家养老服务中心', ['elderly']],
  ['青少年事务服务中心', ['youth', 'children']],
  ['心理健康服务中心', ['health']],
  ['困境儿童关爱中心', ['children', 'hardship']],
  ['社区矫正服务中心', ['corrections']],
  ['公益发展中心', ['community', 'volunteering']],
];
export const ASSOCIATION_TOPICS: [string, string[]][] = [
  ['志愿者协会', ['volunteering']],
  ['老年人体育协会', ['elderly', 'culture']],
  ['慈善促进会', ['hardship']],
  ['家庭教育研究会', ['education', 'children']],
  ['非遗保护协会', ['culture']],
  ['新居民服务协会', ['newResidents']],
];

export const SUPERVISORS = ['海宁市民政局', '海宁市教育局', '海宁市文化和广电旅游体育局', '海宁市卫生健康局', '海宁市司法局', '海宁市残疾人联合会', '共青团海宁市委员会', '海宁市妇女联合会'];
const FOUNDATIONS = ['海宁市慈善公益基金会', '海宁市潮乡助学基金会', '海宁市皮革城公益基金会', '海宁市钱江潮公益基金会', '海宁市社会组织发展基金会'];

export const DEMO_ORG_COUNT = 521;

export type Random = () => number;
export const pickWith =
  (rnd: Random) =>
  <T>(list: readonly T[]): T =>
    list[Math.floor(rnd() * list.length)];

/** A made-up person of Haining: name, a valid resident ID number (GB 11643) and a mobile number. */
export function randomPerson(rnd: Random, i: number): { name: string; id: string; phone: string } {
  const pick = pickWith(rnd);
  const born = `${1955 + Math.floor(rnd() * 40)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  const first17 = `330481${born}${String(i % 1000).padStart(3, '0')}`;
  return {
    name: pick([...SURNAMES]) + pick(GIVEN),
    id: first17 + residentIdCheckChar(first17),
    phone: `1${pick(['38', '39', '58', '59', '88', '89', '36', '57'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
  };
}

/** An assessment grade (most organizations have none) and its validity. */
export function randomGrade(rnd: Random): { grade: (typeof ORG_GRADES)[number] | null; until: string | null } {
  const r = rnd();
  if (r < 0.6) return { grade: null, until: null };
  return { grade: r < 0.75 ? '3A' : r < 0.9 ? '4A' : '5A', until: `${2027 + Math.floor(rnd() * 4)}-12-31` };
}

/** Credit-code category by organization type (GB 32100: 1 association, 2 service agency, 3 foundation). */
export const creditCategoryOf = (type: 'association' | 'serviceAgency' | 'foundation') => (type === 'association' ? '1' : type === 'serviceAgency' ? '2' : '3');

/** The legal representative's and contact's personal data, sealed as the registry stores it. */
export function sealedPeople(pii: PiiCipher, rep: { name: string; id: string; phone: string }, contact: { name: string; phone: string }) {
  return {
    legalRepName: rep.name,
    legalRepIdSealed: pii.encrypt(rep.id),
    legalRepIdMasked: maskIdNumber(rep.id),
    legalRepIdHash: pii.lookupHash(rep.id),
    legalRepPhoneSealed: pii.encrypt(rep.phone),
    legalRepPhoneMasked: maskPhone(rep.phone),
    contactName: contact.name,
    contactPhoneSealed: pii.encrypt(contact.phone),
    contactPhoneMasked: maskPhone(contact.phone),
  };
}

/** The business scope written from a topic: "居家养老服务中心" → "开展居家养老相关公益服务、…". */
export const businessScopeOf = (topic: string) => `开展${topic.replace(/(服务队|服务中心|协会|会|工作室|之家|小组|社|队)$/, '')}相关公益服务、宣传倡导与志愿活动。`;

export interface Places {
  towns: { id: string; name: string; path: string }[];
  communities: { id: string; name: string; path: string; parent_id: string }[];
  departments: Map<string, string>;
  cityPath: string;
}

/** The towns, communities and departments organizations are placed in and supervised by. */
export async function loadPlaces(tx: DbOrTx): Promise<Places> {
  const towns = await rows<{ id: string; name: string; path: string }>(tx, sql`select id, name, path from regions where level = 'town' order by code`);
  const communities = await rows<{ id: string; name: string; path: string; parent_id: string }>(tx, sql`select id, name, path, parent_id from regions where level = 'community' order by code`);
  const departments = new Map((await rows<{ id: string; name: string }>(tx, sql`select id, name from departments`)).map((d) => [d.name, d.id]));
  const city = (await rows<{ path: string }>(tx, sql`select path from regions where level = 'city' limit 1`))[0];
  return { towns, communities, departments, cityPath: city?.path ?? '' };
}

/** 521 organizations across the 12 towns: every type, valid credit codes, sealed personal data. */
export async function seedHainingOrgs(tx: DbOrTx, pii: PiiCipher): Promise<number> {
  const rnd = prng(330481);
  const pick = pickWith(rnd);
  const { towns, communities, departments: depts, cityPath } = await loadPlaces(tx);

  const names = new Set<string>();
  const values: (typeof orgs.$inferInsert)[] = [];

  for (let i = 0; values.length < DEMO_ORG_COUNT; i++) {
    const f = FOUNDATIONS[i];
    const roll = rnd();
    const type = f ? 'foundation' : roll < 0.55 ? 'communityOrg' : roll < 0.8 ? 'serviceAgency' : 'association';
    const community = pick(communities);
    const town = towns.find((t) => t.id === community.parent_id)!;
    const townShort = town.name;
    const [topic, fields] = type === 'communityOrg' ? pick(COMMUNITY_TOPICS) : type === 'serviceAgency' ? pick(AGENCY_TOPICS) : pick(ASSOCIATION_TOPICS);
    const name = f ?? (type === 'communityOrg' ? `${townShort}${community.name}${topic}` : `海宁市${townShort}${topic}`);
    if (names.has(name)) continue;
    names.add(name);
    const rep = randomPerson(rnd, i);
    const contact = randomPerson(rnd, i + 500);
    const g = type === 'communityOrg' ? { grade: null, until: null } : randomGrade(rnd);
    const foundedYear = 2008 + Math.floor(rnd() * 18);
    const extraField = rnd() < 0.4 ? [pick(SERVICE_FIELDS)] : [];
    values.push({
      name,
      creditCode: type === 'communityOrg' ? null : makeCreditCode(creditCategoryOf(type), '330481', 10_000_000 + i * 7_919),
      type,
      registration: type === 'communityOrg' ? 'filed' : 'registered',
      townId: town.id,
      communityId: f ? null : community.id,
      regionPath: f ? cityPath : type === 'communityOrg' ? community.path : town.path,
      address: `浙江省海宁市${townShort}${community.name}${1 + Math.floor(rnd() * 200)}号`,
      businessScope: businessScopeOf(topic),
      serviceFields: [...new Set([...fields, ...extraField])],
      supervisingUnitId: type === 'association' || type === 'foundation' ? (depts.get(pick(SUPERVISORS)) ?? null) : null,
      // 2016–2018 community service organizations registered with 1,000 yuan; others with their type's usual capital.
      registeredCapitalFen: type === 'foundation' ? 2_000_000_00 : type === 'communityOrg' ? (foundedYear >= 2016 && foundedYear <= 2018 ? 1_000_00 : 0) : 30_000_00,
      ...sealedPeople(pii, rep, contact),
      foundedOn: `${foundedYear}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      status: rnd() < 0.03 ? 'deregistered' : 'active',
      grade: g.grade,
      gradeValidUntil: g.until,
      hasPartyOrg: type !== 'communityOrg' && rnd() < 0.15,
      socialWorkerCount: type === 'serviceAgency' ? Math.floor(rnd() * 12) : 0,
    });
  }
  for (let i = 0; i < values.length; i += 200) await tx.insert(orgs).values(values.slice(i, i + 200));
  return values.length;
}
