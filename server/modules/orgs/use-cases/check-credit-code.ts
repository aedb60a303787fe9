import type { z } from 'zod';
import type { RequestContext } from '../../../platform/http/context.js';
import { checkCreditCode as findCreditCodeProblem } from '../../../../contracts/identifiers.js';
import type { ZCreditCodeCheck } from '../../../../contracts/orgs.js';

type CreditCodeCheck = z.infer<typeof ZCreditCodeCheck>;

/**
 * Tells anyone whether a unified social credit code is well formed (GB 32100-2015) and, if not, which
 * character is wrong and which check character was expected. A pure computation: no database, no login.
 * Every string the router hands over gets an answer; a malformed code is `valid: false`, not an error.
 */
export function checkCreditCode(ctx: RequestContext, code: string): CreditCodeCheck {
  const problem = findCreditCodeProblem(code);
  if (!problem) return { valid: true };
  return { valid: false, position: problem.position, expectedCheck: problem.expected, message: problem[ctx.lang] };
}
