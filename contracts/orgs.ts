import { z } from 'zod';
import { ZCursor, ZId, ZLimit } from './common.js';

import { ORG_GRADES, ORG_STATUSES, ORG_TYPES, SERVICE_FIELDS } from './org-kinds.js';
export { ORG_GRADES, ORG_STATUSES, ORG_TYPES, ORG_TYPE_NAMES, SERVICE_FIELDS } from './org-kinds.js';

const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZOrgListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional(),
  type: z.enum(ORG_TYPES).optional(),
  townId: ZId.optional(),
  serviceField: z.enum(SERVICE_FIELDS).optional(),
  status: z.enum(ORG_STATUSES).optional(),
  grade: z.enum(ORG_GRADES).optional(),
  includeInactive: ZBoolQuery.optional(),
  limit: ZLimit,
  cursor: ZCursor,
});

/** What anyone may see, signed in or not. */
export const ZPublicOrg = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  type: z.enum(ORG_TYPES),
  typeName: z.string(),
  registration: z.enum(['registered', 'filed']),
  townName: z.string(),
  communityName: z.string().nullable(),
  address: z.string(),
  businessScope: z.string(),
  serviceFields: z.array(z.string()),
  status: z.enum(ORG_STATUSES),
  grade: z.enum(ORG_GRADES).nullable(),
  gradeValidUntil: z.string().nullable(),
  foundedOn: z.string(),
});

/** Staff view: personal data masked unless the caller revealed it (a separate, audited call). */
export const ZOrg = ZPublicOrg.extend({
  townId: z.string(),
  communityId: z.string().nullable(),
  supervisingUnit: z.string().nullable(),
  registeredCapitalFen: z.number().int(),
  legalRepName: z.string(),
  legalRepIdNumber: z.string().nullable(),
  legalRepPhone: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  hasPartyOrg: z.boolean(),
  socialWorkerCount: z.number().int(),
  version: z.number().int(),
  abilities: z.object({ revealPersonalData: z.boolean() }),
});

export const ZRevealBody = z.strictObject({
  fields: z.array(z.enum(['legalRepIdNumber', 'legalRepPhone', 'contactPhone'])).min(1).max(3),
  reason: z.string().trim().min(4, '请说明查看理由（至少 4 个字）').max(200),
});
export const ZRevealResult = z.object({
  legalRepIdNumber: z.string().nullable().optional(),
  legalRepPhone: z.string().nullable().optional(),
  contactPhone: z.string().nullable().optional(),
});
