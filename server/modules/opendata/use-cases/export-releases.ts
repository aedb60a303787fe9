import { clockNow } from '../../../platform/clock.js';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import type { Db } from '../../../platform/db/client.js';
import { fieldError } from '../../../platform/errors/app-error.js';
import { z } from 'zod';
import { compileRelease, packagePublisherName, pageUrl, publisherOf, releasePackageHead, releasePackageItem, releasePackageTail, type OcdsSettings } from '../opendata.presenter.js';
import { selectReleasedProjects } from '../opendata.queries.js';
import { findPublishers } from './find-publisher.js';

/** Projects read per query: memory holds about one batch however large the export. */
export const BATCH_SIZE = 500;

export interface ReleaseExportOptions {
  /** One city's releases, by its division code (unknown: 404); without it, every city's. */
  city?: string;
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
 * The release package for `GET /api/v1/opendata/ocds/releases`: projects in case-number order from the cursor (a
 * city's ocids sort the same way), filtered by `city` and `since`, at most `limit`. Each release carries its city's
 * ocid and names its city's office; the package names the city's office as its publisher (every city's without one).
 * The metadata comes first; each release is compiled and written as its batch is read (keyset batches of
 * BATCH_SIZE, each in a short read-only snapshot, so PGlite's single connection is never held for the whole
 * download); `publishedDate` and `links.next` close the object, once they are known. Errors in the query or the settings are thrown here, before any byte is sent.
 */
export async function exportReleasePackage(db: Db, settings: OcdsSettings, options: ReleaseExportOptions): Promise<ReleaseExport> {
  const afterNumber = afterNumberOf(options.cursor);
  const since = sinceOf(options.since);
  const city = await portalCity(db, options.city);
  const publishers = await findPublishers(db);
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const stats: ReleaseExport['stats'] = { releases: 0, next: null };
  const uri = options.uri ?? pageUrl(settings, { city: city?.code, since, limit: options.limit, cursor: options.cursor });
  const startedAt = clockNow().toISOString();

  async function* body(): AsyncGenerator<string, void, undefined> {
    yield releasePackageHead(settings, uri, packagePublisherName(publishers, city?.code), city?.code);
    let after = afterNumber;
    let latest: string | null = null;
    let more = false;
    while (stats.releases < options.limit) {
      const want = Math.min(batchSize, options.limit - stats.releases);
      // One row more than wanted says whether anything follows this batch.
      const { projects, orgs } = await selectReleasedProjects(db, { afterNumber: after, since, cityPath: city?.path, limit: want + 1 });
      more = projects.length > want;
      for (const p of projects.slice(0, want)) {
        const publisher = publisherOf(publishers, p);
        const release = compileRelease(p, { prefix: settings.prefix, cityCode: publisher.city.code, office: publisher.office, orgs });
        if (latest === null || release.date > latest) latest = release.date;
        yield releasePackageItem(release, stats.releases === 0);
        stats.releases += 1;
        after = p.number;
      }
      if (!more) break;
    }
    if (more && after !== undefined) stats.next = pageUrl(settings, { city: city?.code, since, limit: options.limit, cursor: encodeCursor([after]) });
    // publishedDate: the schema asks a package made on demand for "the date of the last change to the underlying
    // contents", i.e. the latest release date. An empty page has no contents, so it gets the other half of the
    // definition, "the date that this package was published": the time of the request, up to which nothing
    // changed. Not `since`: it may lie in the future (a harvester's clock), and it is the date of nothing that
    // happened. An empty page still breaks the 1.1.5 schema's
    // `releases` minItems 1, which no choice here can fix; OCDS 1.2 drops that constraint so that an API can
    // answer "nothing" (open-contracting/standard#419, #1374).
    yield releasePackageTail(latest ?? startedAt, stats.next);
  }
  return { body: body(), stats };
}
