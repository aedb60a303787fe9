import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/errors/app-error.js';
import { parseOcid } from './ocds-mapping.js';

/*
 * Open data is public: every route of this module is declared `permission: 'public'`, needs no login and carries
 * no credentials. What is published is decided once, by the projects module's disclosure (projectsForRelease): every
 * purchased service project from its approval into the plan on, including those cancelled later — never drafts,
 * proposals under review or rejected ones; of them the budget, the call and procurement method, the bidders' names
 * and credit codes once the call has closed (never while it is open), the award, the contract and its payment
 * schedule, each payment from the fund ledger, the final report and the evaluation grade. Never published: personal
 * data, bid plans and teams, experts and their scores, losing prices (the publication policy, docs/opendata.md).
 * The checks of this module are those below: the rate limit, the open-data headers, and the 404 for an ocid that
 * is not this publisher's or names another city than its project's (an unknown or unpublished one is a 404 too, as
 * projectsForRelease finds nothing).
 */

/** Who may read open data: anyone. */
export const OPENDATA_PERMISSION = 'public' as const;

/** Open data is public, but one page can be 10,000 projects: enough for any harvester, too few to load the database at will. */
export const OPENDATA_RATE_LIMIT = { max: 120, timeWindow: 60_000 };

/** The route config every open-data route declares: public, rate-limited. */
export const OPENDATA_ROUTE_CONFIG = {
  permission: OPENDATA_PERMISSION,
  rateLimit: { ...OPENDATA_RATE_LIMIT, errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => Object.assign(new Error('rate limited'), { statusCode: 429, ttl: context.ttl }) },
};

/** Anyone may read open data from a web page on another site (no credentials are involved), and caches may keep it a minute. */
export function openDataHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60');
}

/** The city code and case number behind an ocid of this publisher; an ocid that is not ours is a 404 like an unknown one. */
export function requireOwnOcid(prefix: string, ocid: string): { cityCode: string | null; number: string } {
  const parts = parseOcid(prefix, ocid);
  if (!parts) throw notFound('record');
  return parts;
}

/**
 * An ocid's city must be the project's: ocds-shezhi-330483-XM202600001 does not name Haining's XM202600001 (a 404,
 * as for an unknown ocid). An ocid without a city code (published before cities) names its project in any city.
 */
export function requireOcidCity(ocidCityCode: string | null, projectCityCode: string): void {
  if (ocidCityCode !== null && ocidCityCode !== projectCityCode) throw notFound('record');
}
