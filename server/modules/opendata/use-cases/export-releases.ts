import { clockNow } from '../../../platform/clock.js';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { OCDS_PLACEHOLDER_PREFIX } from '../../../../contracts/opendata.js';
import type { Db } from '../../../platform/db/client.js';
import { fieldError, notFound } from '../../../platform/errors/app-error.js';
import { z } from 'zod';
import { caseNumberOf, compiledOf, compileRelease, departmentParty, DEPARTMENT_SCHEME, OCDS_VERSION, PAGINATION_EXTENSION, type OcdsOfficeParty, type OcdsRelease } from '../ocds-mapping.js';
import { projectsForRelease } from '../../projects/index.js';
import { findOffice } from './find-office.js';

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

/** Projects read per query: memory holds about one batch however large the export. */
export const BATCH_SIZE = 500;

export interface ReleaseExportOptions {
  /** ISO date-time: only projects whose public information changed at or after it. */
  since?: string;
  /** Releases in this package at most; the route caps it, a benchmark may pass Infinity. */
  limit: number;
  /** From the previous package's links.next. */
  cursor?: string;
  /** The package's own address (its `uri`); by default the releases URL with this page's parameters. */
  uri?: string;
  batchSize?: number;
}

export interface ReleaseExport {
  /** The package as JSON text, written release by release as the consumer reads it. */
  body: AsyncGenerator<string, void, undefined>;
  /** Filled while `body` is read: releases written, and the next page's address once known. */
  stats: { releases: number; next: string | null };
}

const json = JSON.stringify;

async function publisherOf(db: Db): Promise<{ name: string; office: OcdsOfficeParty }> {
  const office = await findOffice(db);
  const party = office.departmentId
    ? departmentParty(office.departmentId, office.name)
    : { id: `${DEPARTMENT_SCHEME}-office-${office.cityCode ?? 'city'}`, name: office.name, identifier: { scheme: DEPARTMENT_SCHEME, id: `office-${office.cityCode ?? 'city'}`, legalName: office.name } };
  return { name: office.name, office: party };
}

function packageMeta(settings: OcdsSettings, uri: string, publisher: string) {
  return {
    uri,
    version: OCDS_VERSION,
    publisher: { name: publisher },
    license: settings.license,
    publicationPolicy: `${settings.origin}${POLICY_PATH}`,
  };
}

function pageUrl(settings: OcdsSettings, params: { since?: string; limit: number; cursor?: string }): string {
  const q = new URLSearchParams();
  if (params.since) q.set('since', params.since);
  if (Number.isFinite(params.limit)) q.set('limit', String(params.limit));
  if (params.cursor) q.set('cursor', params.cursor);
  const qs = q.toString();
  return `${settings.origin}${RELEASES_PATH}${qs ? `?${qs}` : ''}`;
}

/**
 * `since` as a UTC instant the database can compare. The contract accepts any RFC 3339 date-time, but years
 * 0000 and 10000+ exist only once the offset is applied (0001-01-01T00:00:00+14:00 is in year 0000,
 * 9999-12-31T23:59:59-23:59 in year 10000), and PostgreSQL and PGlite refuse them — in the first batch,
 * after the 200 and the package's first bytes were sent, which cut the download short. Refused here instead.
 */
function sinceOf(since: string | undefined): string | undefined {
  if (since === undefined) return undefined;
  const at = new Date(since);
  const year = at.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw fieldError('since', 'since 超出可用的日期范围（换算为 UTC 后须在 0001-01-01 至 9999-12-31 之间）', 'since is out of range (it must fall between 0001-01-01 and 9999-12-31 in UTC)');
  }
  return at.toISOString();
}

function afterNumberOf(cursor: string | undefined): string | undefined {
  return readCursor(cursor, z.tuple([cursorPart.text]))?.[0];
}

/**
 * The release package for `GET /api/v1/opendata/ocds/releases`: projects in ocid order from the cursor,
 * filtered by `since`, at most `limit`. The metadata comes first; each release is compiled and written as
 * its batch is read (keyset batches of BATCH_SIZE, each in a short read-only snapshot, so PGlite's single
 * connection is never held for the whole download); `publishedDate` and `links.next` close the object,
 * once they are known. Errors in the query or the settings are thrown here, before any byte is sent.
 */
export async function exportReleasePackage(db: Db, settings: OcdsSettings, options: ReleaseExportOptions): Promise<ReleaseExport> {
  const afterNumber = afterNumberOf(options.cursor);
  const since = sinceOf(options.since);
  const publisher = await publisherOf(db);
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const stats: ReleaseExport['stats'] = { releases: 0, next: null };
  const uri = options.uri ?? pageUrl(settings, { since, limit: options.limit, cursor: options.cursor });
  const startedAt = clockNow().toISOString();

  async function* body(): AsyncGenerator<string, void, undefined> {
    const head = json({ ...packageMeta(settings, uri, publisher.name), extensions: [PAGINATION_EXTENSION] });
    yield `${head.slice(0, -1)},"releases":[`;
    let after = afterNumber;
    let latest: string | null = null;
    let more = false;
    while (stats.releases < options.limit) {
      const want = Math.min(batchSize, options.limit - stats.releases);
      // One row more than wanted says whether anything follows this batch.
      const { projects, orgs } = await db.transaction((tx) => projectsForRelease(tx, { afterNumber: after, since, limit: want + 1 }), { isolationLevel: 'repeatable read', accessMode: 'read only' });
      more = projects.length > want;
      for (const p of projects.slice(0, want)) {
        const release = compileRelease(p, { prefix: settings.prefix, office: publisher.office, orgs });
        if (latest === null || release.date > latest) latest = release.date;
        yield `${stats.releases ? ',' : ''}${json(release)}`;
        stats.releases += 1;
        after = p.number;
      }
      if (!more) break;
    }
    if (more && after !== undefined) stats.next = pageUrl(settings, { since, limit: options.limit, cursor: encodeCursor([after]) });
    // publishedDate: the schema asks a package made on demand for "the date of the last change to the underlying
    // contents", i.e. the latest release date. An empty page has no contents, so it gets the other half of the
    // definition, "the date that this package was published": the time of the request, up to which nothing
    // changed. Not `since`: it may lie in the future (a harvester's clock), and it is the date of nothing that
    // happened. An empty page still breaks the 1.1.5 schema's
    // `releases` minItems 1, which no choice here can fix; OCDS 1.2 drops that constraint so that an API can
    // answer "nothing" (open-contracting/standard#419, #1374).
    yield `],"publishedDate":${json(latest ?? startedAt)}${stats.next ? `,"links":{"next":${json(stats.next)}}` : ''}}`;
  }
  return { body: body(), stats };
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
 * The record package for one ocid: the project's release (embedded) and the compiled release. We keep no
 * earlier versions of the public information, so the record holds the current release only (no
 * versionedRelease). An ocid that is not ours, unknown or not published is a 404.
 */
export async function findRecordPackage(db: Db, settings: OcdsSettings, ocid: string): Promise<RecordPackage> {
  const number = caseNumberOf(settings.prefix, ocid);
  if (!number) throw notFound('record');
  const { projects, orgs } = await db.transaction((tx) => projectsForRelease(tx, { number, limit: 1 }), { isolationLevel: 'repeatable read', accessMode: 'read only' });
  if (!projects.length) throw notFound('record');
  const publisher = await publisherOf(db);
  const release = compileRelease(projects[0], { prefix: settings.prefix, office: publisher.office, orgs });
  return {
    ...packageMeta(settings, `${settings.origin}${RECORDS_PATH}/${encodeURIComponent(release.ocid)}`, publisher.name),
    publishedDate: release.date,
    records: [{ ocid: release.ocid, releases: [release], compiledRelease: compiledOf(release) }],
  };
}

/** The publication policy the packages link to: what is published, when, and under which identifiers. */
export async function publicationPolicy(db: Db, settings: OcdsSettings): Promise<string> {
  const { name } = await publisherOf(db);
  const placeholder = settings.prefix === OCDS_PLACEHOLDER_PREFIX ? '（占位前缀，尚未在 Open Contracting Partnership 登记 / a placeholder, not yet registered）' : '';
  return [
    `# ${name} 政府购买服务项目开放数据发布政策 / Publication policy`,
    '',
    `发布者 Publisher：${name}`,
    `标准 Standard：Open Contracting Data Standard (OCDS) ${OCDS_VERSION}（1.1.5），分页扩展 pagination extension`,
    `ocid 前缀 Prefix：${settings.prefix}${placeholder}；每个项目一个 ocid：${settings.prefix}-<项目编号>`,
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
    `单个项目 One project：${RECORDS_PATH}/<ocid>`,
    '',
  ].join('\n');
}
