import { requirePermission } from '../../../platform/access/policy.js';
import { registeredFormulas } from '../../../platform/assessment-formulas.js';
import type { RequestContext } from '../../../platform/http/context.js';

/** The formulas a computed indicator may name (each registered by the module that owns its data), for the rubric editor. */
export function listFormulas(ctx: RequestContext) {
  requirePermission(ctx.actor, 'assessment.read');
  return { items: registeredFormulas().map((f) => ({ name: f.name, label: f.label, description: f.description, subjectTypes: [...f.subjectTypes] })) };
}
