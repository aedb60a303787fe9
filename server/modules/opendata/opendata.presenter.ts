import { OCDS_PLACEHOLDER_PREFIX } from '../../../contracts/opendata.js';
import { compiledOf, departmentParty, DEPARTMENT_SCHEME, OCDS_VERSION, PAGINATION_EXTENSION, type OcdsOfficeParty, type OcdsRelease } from './ocds-mapping.js';

/*
 * Open data as OCDS 1.1.5 packages. A project becomes a release in ocds-mapping.ts (pure, field by field; re-exported
 * here); this file wraps releases into packages, names the publisher and writes the publication policy. Pure: the use
 * cases read (opendata.queries.ts) and pass what they found. The packages are in Chinese whatever the request's
 * language (`language: 'zh'`); the policy is written in both.
 */
export { compileRelease, compiledOf, fenToYuan, ocidOf, parseOcid, type OcdsMilestone, type OcdsRelease } from './ocds-mapping.js';

/** What the publisher configures (OCDS_PREFIX, OCDS_LICENSE) and where the API is reached. */
export interface OcdsSettings {
  prefix: string;
  license: string;
  /** The public origin, e.g. https://shezhi.example.gov.cn (PUBLIC_ORIGIN, else the request's). */
  origin: string;
}

export const RELEASES_PATH = '/api/v1/opendata/ocds/releases';
export const RECORDS_PATH = '/api/v1/opendata/ocds/records';
export const POLICY_PATH = '/api/v1/opendata/ocds/publication-policy';

/** The publisher: its name and its party in releases (procuring entity and payer). */
export interface OcdsPublisher {
  name: string;
  office: OcdsOfficeParty;
}

/** A city that publishes, with its office: retired cities too, whose projects stay published. */
export interface CityPublisher extends OcdsPublisher {
  city: { id: string; name: string; code: string; path: string; retired: boolean };
}

/**
 * The Social Work Office, which publishes the data, runs the unified procurement and makes the unified payments.
 * Found in the data, not named in code: the party-committee department whose name carries 社会工作
 * (中共海宁市委社会工作委员会办公室; elsewhere a 社会工作部), else a name made from the city's region
 * (海宁市 → 海宁市委社会工作委员会办公室) with an identifier from the city's division code.
 */
export function presentPublisher(department: { id: string; name: string } | undefined, city: { name: string; code: string } | undefined): OcdsPublisher {
  if (department) return { name: department.name, office: departmentParty(department.id, department.name) };
  const name = `${city?.name ?? ''}委社会工作委员会办公室`.replace(/^委/, '');
  const id = `office-${city?.code ?? 'city'}`;
  return { name, office: { id: `${DEPARTMENT_SCHEME}-${id}`, name, identifier: { scheme: DEPARTMENT_SCHEME, id, legalName: name } } };
}

/**
 * The city publishing a project: the one whose region subtree holds its case (a project's case lies at its city's
 * node). Every project is proposed into a city; one outside all of them is a broken invariant, not a release to
 * publish under a guessed city.
 */
export function publisherOf(publishers: readonly CityPublisher[], project: { number: string; regionPath: string }): CityPublisher {
  // Paths end in '/', so a prefix is a subtree.
  const found = publishers.find((p) => project.regionPath.startsWith(p.city.path));
  if (!found) throw new Error(`project ${project.number} lies in no city (${project.regionPath})`);
  return found;
}

/**
 * Who a package names as its publisher: the named city's office; else, for every city, each city's in service
 * (one city: its office alone, as before there were several; a package then holds each city's releases, each naming
 * its own office as procuring entity).
 */
export function packagePublisherName(publishers: readonly CityPublisher[], cityCode?: string): string {
  if (cityCode !== undefined) {
    const named = publishers.find((p) => p.city.code === cityCode);
    if (named) return named.name;
  }
  const serving = publishers.filter((p) => !p.city.retired);
  return serving.length ? serving.map((p) => p.name).join('、') : presentPublisher(undefined, undefined).name;
}

const json = JSON.stringify;

/** A package's metadata; one city's package links to that city's policy. */
function packageMeta(settings: OcdsSettings, uri: string, publisher: string, cityCode?: string) {
  return {
    uri,
    version: OCDS_VERSION,
    publisher: { name: publisher },
    license: settings.license,
    publicationPolicy: `${settings.origin}${POLICY_PATH}${cityCode ? `?city=${cityCode}` : ''}`,
  };
}

/** A page of the release package's address, with its parameters. */
export function pageUrl(settings: OcdsSettings, params: { city?: string; since?: string; limit: number; cursor?: string }): string {
  const q = new URLSearchParams();
  if (params.city) q.set('city', params.city);
  if (params.since) q.set('since', params.since);
  if (Number.isFinite(params.limit)) q.set('limit', String(params.limit));
  if (params.cursor) q.set('cursor', params.cursor);
  const qs = q.toString();
  return `${settings.origin}${RELEASES_PATH}${qs ? `?${qs}` : ''}`;
}

/** The release package's JSON text up to its first release: the metadata, then the opening of `releases`. */
export function releasePackageHead(settings: OcdsSettings, uri: string, publisher: string, cityCode?: string): string {
  const head = json({ ...packageMeta(settings, uri, publisher, cityCode), extensions: [PAGINATION_EXTENSION] });
  return `${head.slice(0, -1)},"releases":[`;
}

/** One release in the package's array (a comma before every one but the first). */
export const releasePackageItem = (release: OcdsRelease, first: boolean): string => `${first ? '' : ','}${json(release)}`;

/** The package's closing: `publishedDate`, and `links.next` when another page follows. */
export function releasePackageTail(publishedDate: string, next: string | null): string {
  return `],"publishedDate":${json(publishedDate)}${next ? `,"links":{"next":${json(next)}}` : ''}}`;
}

export interface RecordPackage {
  uri: string;
  version: string;
  publisher: { name: string };
  license: string;
  publicationPolicy: string;
  publishedDate: string;
  records: { ocid: string; releases: OcdsRelease[]; compiledRelease: OcdsRelease }[];
}

/**
 * The record package for one ocid: the project's release (embedded) and the compiled release. We keep no earlier
 * versions of the public information, so the record holds the current release only (no versionedRelease).
 */
export function presentRecordPackage(settings: OcdsSettings, publisher: string, release: OcdsRelease, cityCode?: string): RecordPackage {
  return {
    ...packageMeta(settings, `${settings.origin}${RECORDS_PATH}/${encodeURIComponent(release.ocid)}`, publisher, cityCode),
    publishedDate: release.date,
    records: [{ ocid: release.ocid, releases: [release], compiledRelease: compiledOf(release) }],
  };
}

/** The publication policy the packages link to: what is published, when, and under which identifiers (opendata.policy.ts). */
export function presentPublicationPolicy(settings: OcdsSettings, name: string, city?: { code: string; name: string }): string {
  const placeholder = settings.prefix === OCDS_PLACEHOLDER_PREFIX ? '（占位前缀，尚未在 Open Contracting Partnership 登记 / a placeholder, not yet registered）' : '';
  const code = city?.code ?? '<城市代码>';
  return [
    `# ${name} 政府购买服务项目开放数据发布政策 / Publication policy`,
    '',
    `发布者 Publisher：${name}`,
    `标准 Standard：Open Contracting Data Standard (OCDS) ${OCDS_VERSION}（1.1.5），分页扩展 pagination extension`,
    `ocid 前缀 Prefix：${settings.prefix}${placeholder}；每个项目一个 ocid：${settings.prefix}-${code}-<项目编号>（城市的 6 位行政区划代码 / the city's 6-digit division code）`,
    `此前发布的不含城市代码的 ocid（${settings.prefix}-<项目编号>）仍可查询。Ocids published without a city code still resolve.`,
    `许可 Licence：${settings.license}`,
    '',
    '范围 Scope：自批准立项（列入年度计划）起的全部政府购买服务项目，包括其后终止的项目；需求填报、立项审核和未立项的项目不发布。',
    'Every purchased service project from its approval into the plan on, including those later cancelled; drafts, proposals under review and rejected proposals are not published.',
    '',
    '内容 Content：预算、申报公告与采购方式、申报截止后的申报单位（名称与统一社会信用代码）、中标结果与金额、合同与付款计划、每一笔付款（来自经费台账）、终期报告与评估等级。',
    '不发布：任何个人信息、申报截止前的申报情况、申报方案与团队、专家及其评分、未中标单位的报价。',
    'Not published: personal data, anything about bids while a call is open, bid plans and teams, experts and their scores, losing prices.',
    '',
    `更新 Updates：实时。release 的 date 是项目公开信息最近一次变化的时间；用 ${RELEASES_PATH}?since=<上次开始采集的时间> 增量采集，按 links.next 翻页。`,
    `Live: a release's date is the latest change of the project's public information; harvest with ?since=<when your previous harvest started> and follow links.next.`,
    city
      ? `城市 City：本政策为${city.name}（${city.code}）的发布政策；该城市的项目：${RELEASES_PATH}?city=${city.code}。This is ${city.code}'s policy; its projects: ?city=${city.code}.`
      : `城市 City：每个城市发布自己的项目，用 ${RELEASES_PATH}?city=<城市代码> 只取一个城市的项目；不带 city 则为全部城市。Each city publishes its own projects: ?city=<its code> for one city's, none for every city's.`,
    `单个项目 One project：${RECORDS_PATH}/<ocid>`,
    '',
  ].join('\n');
}
