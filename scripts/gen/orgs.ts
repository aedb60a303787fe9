// `npm run gen -- --orgs N`: brings the registry up to N organizations with realistic names across
// Haining's towns and communities, valid credit codes and sealed personal data.
import { sql } from 'drizzle-orm';
import { makeCreditCode } from '../../contracts/identifiers.js';
import { SERVICE_FIELDS, type ORG_TYPES } from '../../contracts/orgs.js';
import { appendAudit } from '../../server/platform/audit/audit.js';
import type { DbOrTx } from '../../server/platform/db/client.js';
import { rows } from '../../server/platform/db/sql.js';
import { systemContext } from '../../server/platform/http/context.js';
import {
  AGENCY_TOPICS,
  ASSOCIATION_TOPICS,
  COMMUNITY_TOPICS,
  SUPERVISORS,
  businessScopeOf,
  creditCategoryOf,
  loadPlaces,
  pickWith,
  prng,
  randomGrade,
  randomPerson,
  sealedPeople,
  type Places,
  type Random,
} from '../../server/modules/orgs/orgs.demo-seed.js';
import { batches, type GenContext, type Generator } from './context.js';

type OrgType = (typeof ORG_TYPES)[number];
type Field = (typeof SERVICE_FIELDS)[number];

/**
 * Words organizations put in their names (字号), most common first: a skewed pick makes the head
 * common and the tail rare, as in a real registry — so searches have both kinds of terms.
 */
const BRANDS = [
  '阳光', '爱心', '暖心', '同心', '和美', '启明', '益家', '乐龄', '彩虹', '善行', '康乐', '安和', '春晖', '向日葵', '潮乡',
  '钱江', '蒲公英', '心桥', '星火', '暖阳', '启航', '众益', '仁和', '福寿', '馨怡', '青禾', '百合', '绿洲', '微光', '大爱',
  '知音', '明德', '和睦', '慈航', '德馨', '紫微', '鹃湖', '南关', '长安', '盐官', '观潮', '皮都', '萤火虫', '蓝天', '金秋',
  '红船', '水乡', '桑梓', '颐和', '怡然', '晨曦', '乐善', '厚德', '守望', '携手', '雁归', '织梦', '尚善', '芦花', '梧桐',
];

/** The long tail: names few organizations share (about 0.1 % each), so some searches find a handful. */
const RARE_BRANDS = [
  '听涛', '栖霞', '晓风', '云帆', '拾光', '沐春', '禾苗', '竹韵', '墨香', '柳岸', '清溪', '芷兰', '蕙心', '铭远', '澄明', '砚池',
  '琢玉', '翎羽', '璞真', '鹭鸣', '枫桥', '杏坛', '樟荫', '蓼汀', '荻花', '菱湖', '棠棣', '萱草', '芸香', '沁园', '泓源', '湛然',
  '溪石', '澹然', '燕归', '鸿渐', '鹏程', '骐骥', '龢乐', '熹微', '曦光', '昀晖', '暄和', '朗月', '霁月', '霓裳', '雯华', '露华',
  '岚山', '嵘峥', '崇德', '巍然', '岫云', '峻青', '嵩阳', '琪花', '瑾瑜', '璐珈', '瑶光', '琳琅', '珂雪', '珮环', '瑛华', '璟明',
  '瑞禾', '祺福', '禧乐', '祯祥', '祜安', '锦绣', '镜湖', '钧天', '铎声', '锐意',
];

/** Service fields as they appear in names, with the registry's field codes. */
const FIELD_WORDS: [string, Field[]][] = [
  ['居家养老', ['elderly']],
  ['社会工作', ['community', 'hardship']],
  ['志愿服务', ['volunteering']],
  ['青少年发展', ['youth']],
  ['助残', ['disabled']],
  ['心理健康', ['health']],
  ['儿童关爱', ['children']],
  ['家庭教育', ['education', 'children']],
  ['社区营造', ['community']],
  ['老年服务', ['elderly']],
  ['妇女儿童', ['women', 'children']],
  ['新居民融入', ['newResidents']],
  ['矛盾调解', ['mediation']],
  ['文化体育', ['culture']],
  ['环境保护', ['environment']],
  ['助学', ['education']],
  ['健康促进', ['health']],
  ['慈善救助', ['hardship']],
  ['社区矫正', ['corrections']],
  ['禁毒宣传', ['corrections']],
  ['就业帮扶', ['hardship']],
  ['应急救援', ['volunteering', 'community']],
  ['非遗传承', ['culture']],
  ['康复护理', ['disabled', 'health']],
  ['助餐', ['elderly']],
  ['反家暴', ['women']],
  ['婚姻家庭', ['women', 'mediation']],
  ['退役军人服务', ['community']],
  ['科普', ['education']],
  ['阅读推广', ['education', 'culture']],
  ['安宁疗护', ['health', 'elderly']],
  ['孤独症康复', ['disabled', 'children']],
];

const AGENCY_SUFFIXES = ['服务中心', '社会工作服务中心', '社工事务所', '服务社', '发展中心', '服务站', '指导中心', '工作室'];
const ASSOCIATION_SUFFIXES = ['协会', '促进会', '联合会', '研究会', '志愿者协会', '联谊会'];
/** More community-level groups than the demo's twelve, with their fields. */
const MORE_COMMUNITY_TOPICS: [string, Field[]][] = [
  ['老年人协会', ['elderly']],
  ['睦邻服务队', ['community', 'volunteering']],
  ['读书会', ['culture', 'education']],
  ['舞蹈队', ['culture']],
  ['乡贤参事会', ['community', 'mediation']],
  ['妇女议事会', ['women', 'community']],
  ['党员先锋服务队', ['volunteering', 'community']],
  ['助老服务队', ['elderly', 'volunteering']],
  ['青少年俱乐部', ['youth']],
  ['环保志愿队', ['environment', 'volunteering']],
  ['民情联络站', ['community']],
  ['爱心互助社', ['hardship', 'community']],
  ['健身操队', ['culture', 'health']],
  ['书画社', ['culture']],
  ['义务消防队', ['volunteering']],
  ['红白理事会', ['community']],
];
const ALL_COMMUNITY_TOPICS: [string, Field[]][] = [...(COMMUNITY_TOPICS as [string, Field[]][]), ...MORE_COMMUNITY_TOPICS];

/** What an organization would be registered as: the generator's output, before sealing. */
export interface OrgDraft {
  name: string;
  type: OrgType;
  town: Places['towns'][number];
  community: Places['communities'][number];
  topic: string;
  fields: Field[];
}

/** Names a new organization that is not in `taken`; null if it keeps colliding (a crowded registry). */
export function draftOrg(rnd: Random, places: Places, taken: Set<string>, type?: OrgType): OrgDraft | null {
  const pick = pickWith(rnd);
  // Head-heavy pick: index ~ n·r², so the first words are common and the last ones rare.
  const skewed = <T>(list: readonly T[]) => list[Math.floor(list.length * rnd() ** 2)];
  const brand = () => (rnd() < 0.08 ? pick(RARE_BRANDS) : skewed(BRANDS));
  for (let attempt = 0; attempt < 40; attempt++) {
    const roll = rnd();
    const t: OrgType = type ?? (roll < 0.55 ? 'communityOrg' : roll < 0.8 ? 'serviceAgency' : roll < 0.99 ? 'association' : 'foundation');
    const community = pick(places.communities);
    const town = places.towns.find((x) => x.id === community.parent_id)!;
    const withTown = rnd() < 0.6 ? town.name : '';
    let name: string;
    let topic: string;
    let fields: Field[];
    if (t === 'communityOrg') {
      [topic, fields] = pick(ALL_COMMUNITY_TOPICS);
      name = `${town.name}${community.name}${rnd() < 0.5 ? brand() : ''}${topic}`;
    } else if (t === 'serviceAgency') {
      const seedTopic = rnd() < 0.25;
      const [word, f] = seedTopic ? pick(AGENCY_TOPICS as [string, Field[]][]) : skewed(FIELD_WORDS);
      topic = seedTopic ? word : `${word}${skewed(AGENCY_SUFFIXES)}`;
      fields = f;
      name = `海宁市${withTown}${brand()}${topic}`;
    } else if (t === 'association') {
      const seedTopic = rnd() < 0.25;
      const [word, f] = seedTopic ? pick(ASSOCIATION_TOPICS as [string, Field[]][]) : skewed(FIELD_WORDS);
      topic = seedTopic ? word : `${word}${skewed(ASSOCIATION_SUFFIXES)}`;
      fields = f;
      const where = rnd() < 0.3 ? `${town.name}${community.name}` : withTown;
      name = `海宁市${where}${rnd() < 0.5 ? brand() : ''}${topic}`;
    } else {
      const [word, f] = skewed(FIELD_WORDS);
      topic = rnd() < 0.5 ? `${word}基金会` : '公益基金会';
      fields = rnd() < 0.5 ? f : ['hardship'];
      name = `海宁市${withTown}${brand()}${topic}`;
    }
    if (!taken.has(name)) return { name, type: t, town, community, topic, fields };
  }
  return null;
}

interface OrgInsert {
  name: string;
  credit_code: string | null;
  type: OrgType;
  registration: 'registered' | 'filed';
  town_id: string;
  community_id: string | null;
  region_path: string;
  address: string;
  business_scope: string;
  service_fields: string[];
  supervising_unit_id: string | null;
  registered_capital_fen: number;
  legal_rep_name: string;
  legal_rep_id_sealed: string;
  legal_rep_id_masked: string;
  legal_rep_id_hash: string;
  legal_rep_phone_sealed: string;
  legal_rep_phone_masked: string;
  contact_name: string;
  contact_phone_sealed: string;
  contact_phone_masked: string;
  founded_on: string;
  status: 'active' | 'deregistered';
  grade: string | null;
  grade_valid_until: string | null;
  has_party_org: boolean;
  social_worker_count: number;
}

const COLUMNS = `name text, credit_code text, type text, registration text, town_id uuid, community_id uuid, region_path text, address text,
  business_scope text, service_fields text[], supervising_unit_id uuid, registered_capital_fen bigint, legal_rep_name text,
  legal_rep_id_sealed text, legal_rep_id_masked text, legal_rep_id_hash text, legal_rep_phone_sealed text, legal_rep_phone_masked text,
  contact_name text, contact_phone_sealed text, contact_phone_masked text,
  founded_on date, status text, grade text, grade_valid_until date, has_party_org boolean, social_worker_count integer`;
const NAMES = COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]);

/** Inserts rows in one statement; rows that meet an existing name or code (a concurrent writer) are skipped. */
async function insertOrgs(db: DbOrTx, batch: OrgInsert[]): Promise<number> {
  const inserted = await rows<{ n: number }>(
    db,
    sql`with ins as (
          insert into orgs (${sql.raw(NAMES.join(', '))})
          select ${sql.raw(NAMES.join(', '))} from json_to_recordset(${JSON.stringify(batch)}::json) as x(${sql.raw(COLUMNS)})
          on conflict do nothing
          returning 1)
        select count(*)::int as n from ins`,
  );
  return inserted[0].n;
}

async function generateOrgs(ctx: GenContext, target: number): Promise<string> {
  const db = ctx.database.db;
  const [{ n: before }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from orgs`);
  if (before >= target) return `orgs: the registry already holds ${before.toLocaleString('en')} organizations (>= ${target.toLocaleString('en')}); nothing to do`;
  const want = target - before;
  const places = await loadPlaces(db);
  if (places.towns.length === 0 || places.communities.length === 0) throw new Error('orgs: the database has no towns and communities to place organizations in (load the demo data first)');
  const taken = new Set((await rows<{ name: string }>(db, sql`select name from orgs`)).map((r) => r.name));
  const codes = new Set((await rows<{ credit_code: string }>(db, sql`select credit_code from orgs where credit_code is not null`)).map((r) => r.credit_code));
  // Seeded by what is there, so the same command on the same database makes the same organizations.
  const rnd = prng(330481 + before);
  const pick = pickWith(rnd);
  let codeSeed = 30_000_000 + before * 13;
  const nextCode = (type: Exclude<OrgType, 'communityOrg'>) => {
    for (;;) {
      const code = makeCreditCode(creditCategoryOf(type), '330481', codeSeed++);
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };

  const t0 = Date.now();
  const drafts: OrgInsert[] = [];
  for (let i = 0; drafts.length < want; i++) {
    const d = draftOrg(rnd, places, taken);
    if (!d) {
      if (i > want * 3) throw new Error(`orgs: could not find ${want} new names (made ${drafts.length}); the vocabulary is exhausted`);
      continue;
    }
    taken.add(d.name);
    const rep = randomPerson(rnd, before + i);
    const contact = randomPerson(rnd, before + i + 500);
    const g = d.type === 'communityOrg' ? { grade: null, until: null } : randomGrade(rnd);
    const foundedYear = 2000 + Math.floor(rnd() * 26);
    const extraField = rnd() < 0.4 ? [pick(SERVICE_FIELDS)] : [];
    const people = sealedPeople(ctx.pii, rep, contact);
    drafts.push({
      name: d.name,
      credit_code: d.type === 'communityOrg' ? null : nextCode(d.type),
      type: d.type,
      registration: d.type === 'communityOrg' ? 'filed' : 'registered',
      town_id: d.town.id,
      community_id: d.type === 'foundation' ? null : d.community.id,
      region_path: d.type === 'foundation' ? places.cityPath : d.type === 'communityOrg' ? d.community.path : d.town.path,
      address: `浙江省海宁市${d.town.name}${d.community.name}${1 + Math.floor(rnd() * 300)}号`,
      business_scope: businessScopeOf(d.topic),
      service_fields: [...new Set([...d.fields, ...extraField])],
      supervising_unit_id: d.type === 'association' || d.type === 'foundation' ? (places.departments.get(pick(SUPERVISORS)) ?? null) : null,
      registered_capital_fen: d.type === 'foundation' ? 2_000_000_00 : d.type === 'communityOrg' ? (foundedYear >= 2016 && foundedYear <= 2018 ? 1_000_00 : 0) : 30_000_00,
      legal_rep_name: people.legalRepName,
      legal_rep_id_sealed: people.legalRepIdSealed,
      legal_rep_id_masked: people.legalRepIdMasked,
      legal_rep_id_hash: people.legalRepIdHash,
      legal_rep_phone_sealed: people.legalRepPhoneSealed,
      legal_rep_phone_masked: people.legalRepPhoneMasked,
      contact_name: people.contactName,
      contact_phone_sealed: people.contactPhoneSealed,
      contact_phone_masked: people.contactPhoneMasked,
      founded_on: `${foundedYear}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      status: rnd() < 0.03 ? 'deregistered' : 'active',
      grade: g.grade,
      grade_valid_until: g.until,
      has_party_org: d.type !== 'communityOrg' && rnd() < 0.15,
      social_worker_count: d.type === 'serviceAgency' ? Math.floor(rnd() * 12) : 0,
    });
  }
  const made = Date.now();
  ctx.log(`orgs: ${drafts.length.toLocaleString('en')} drafted and sealed in ${((made - t0) / 1000).toFixed(1)} s; inserting`);

  let inserted = 0;
  for (const batch of batches(drafts)) {
    inserted += await db.transaction((tx) => insertOrgs(tx, batch));
    if (inserted % 20_000 < batch.length) ctx.log(`orgs: ${inserted.toLocaleString('en')} / ${drafts.length.toLocaleString('en')}`);
  }
  await db.transaction((tx) =>
    appendAudit(tx, systemContext('gen'), { action: 'org.import', entityType: 'org', detail: { source: 'scripts/gen.ts', generated: inserted, before, target } }),
  );
  // Fresh statistics, as after the demo seed: the planner must not treat the table as small.
  await db.execute(sql`vacuum (analyze) orgs`);
  // The search's posting lists: statistics pick a long term's rarest pair, and a vacuumed visibility map
  // lets a search read a list from its index alone (PGlite has no autovacuum to do either).
  await db.execute(sql`vacuum (analyze) org_name_postings`);
  const [{ n: after }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from orgs`);
  const skipped = drafts.length - inserted;
  return (
    `orgs: added ${inserted.toLocaleString('en')} (had ${before.toLocaleString('en')}, now ${after.toLocaleString('en')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
    (skipped ? `; ${skipped} skipped because a name or code appeared meanwhile — run again to top up` : '')
  );
}

export const orgsGenerator: Generator = {
  flag: 'orgs',
  help: 'organizations in the registry in total (demo ones included); adds what is missing',
  run: generateOrgs,
};
