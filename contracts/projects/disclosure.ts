import { z } from 'zod';
import { ZId, ZCursor } from '../common.js';
import { ZPortalCityCode } from '../portal.js';
import { PROJECT_STATES } from './lifecycle.js';
import { EVALUATION_GRADES } from './evaluation.js';

/** What the public portal discloses about a project: initiation, call, award, contract summary, evaluation result. */
export const ZProjectDisclosure = z.object({
  id: ZId,
  number: z.string(),
  title: z.string(),
  year: z.number().int(),
  state: z.enum(PROJECT_STATES),
  stateName: z.string(),
  departmentName: z.string(),
  categoryName: z.string(),
  summary: z.string(),
  townNames: z.array(z.string()),
  budgetFen: z.number().int(),
  initiation: z.object({ approvedOn: z.string().nullable() }),
  call: z.object({ procurementMethodName: z.string(), deadline: z.string(), publishedAt: z.string(), notice: z.string() }).nullable(),
  /** The recommended provider while on notice (awardedOn null), then the awarded one. */
  award: z.object({ providerName: z.string(), providerCreditCode: z.string().nullable(), awardedOn: z.string().nullable(), noticeStartsOn: z.string().nullable(), noticeEndsOn: z.string().nullable() }).nullable(),
  contract: z.object({ number: z.string(), valueFen: z.number().int(), signedOn: z.string(), startOn: z.string(), endOn: z.string(), paidFen: z.number().int() }).nullable(),
  evaluation: z.object({ grade: z.enum(EVALUATION_GRADES), gradeName: z.string(), total: z.number().int(), evaluatedOn: z.string() }).nullable(),
  meetings: z.array(z.object({ id: ZId, kindName: z.string(), title: z.string(), startsAt: z.string() })),
});
export const ZPublicProjectQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().min(1).max(40).optional(),
  /** One city's projects (its division code); without it, every city's. */
  city: ZPortalCityCode.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: ZCursor,
});

/** A disclosure's detail: with `city`, one of that city's projects, else 404 (as the page the portal opened it from). */
export const ZPublicProjectDetailQuery = z.strictObject({ city: ZPortalCityCode.optional() });

/**
 * The lifecycle dashboard's year and city: one city's figures (404 outside the caller's cities, as any out-of-scope
 * record), else those of every city the caller reaches — for a city's people, their own city.
 */
export const ZProjectDashboardQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), cityId: ZId.optional() });

/** The lifecycle dashboard's figures. */
export const ZProjectDashboard = z.object({
  year: z.number().int(),
  byStage: z.array(z.object({ state: z.enum(PROJECT_STATES), stateName: z.string(), count: z.number().int() })),
  byDepartment: z.array(z.object({ departmentId: ZId, departmentName: z.string(), count: z.number().int(), budgetFen: z.number().int() })),
  byCategory: z.array(z.object({ categoryId: ZId, categoryName: z.string(), tier: z.string(), count: z.number().int(), budgetFen: z.number().int() })),
  money: z.object({ totalFen: z.number().int(), reservedFen: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int(), remainingFen: z.number().int() }),
  overdueSteps: z.number().int(),
  openRectifications: z.number().int(),
  overdueRectifications: z.number().int(),
});
