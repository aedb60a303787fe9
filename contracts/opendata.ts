import { ZCursor } from './common.js';
import { ZPortalCityCode, ZPortalCityQuery } from './portal.js';
import { z } from 'zod';

/** The default ocid prefix: a placeholder until the publisher registers its own with the Open Contracting Partnership. */
export const OCDS_PLACEHOLDER_PREFIX = 'ocds-shezhi';

/** Releases one response may hold; the response streams, so this bounds the work of one request, not memory. */
export const OCDS_MAX_PAGE = 10_000;
export const OCDS_DEFAULT_PAGE = 1_000;

/**
 * `since` is an RFC 3339 date-time with an offset. A `+08:00` sent unencoded in a query string arrives as
 * " 08:00" (a plus means a space there); it is read back as the offset it was meant to be.
 */
const ZSince = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/ (\d{2}:?\d{2})$/, '+$1') : v),
  z.iso.datetime({ offset: true, error: 'since 应为带时区的 ISO 8601 日期时间，如 2026-03-01T00:00:00+08:00 / since must be an ISO 8601 date-time with an offset' }),
);

export const ZOcdsReleaseQuery = z.strictObject({
  /** One city's releases, by its division code; without it, every city's. */
  city: ZPortalCityCode.optional(),
  /** Only projects whose public information changed at or after this moment. */
  since: ZSince.optional(),
  limit: z.coerce.number().int().min(1).max(OCDS_MAX_PAGE).default(OCDS_DEFAULT_PAGE),
  /** Opaque: where the previous page stopped (from its `links.next`). */
  cursor: ZCursor,
});
export type OcdsReleaseQuery = z.infer<typeof ZOcdsReleaseQuery>;

/** The publication policy: one city's (by its division code), else every city's. */
export const ZOcdsPolicyQuery = ZPortalCityQuery;

export const ZOcidParams = z.strictObject({ ocid: z.string().min(1).max(120) });
