import { pgView } from 'drizzle-orm/pg-core';
import { orgs } from './orgs.tables.js';

/**
 * The registry as other modules may read it (issue 14 §1: a module reads another's data through the owner's read
 * functions or views, never its tables): the public registry facts of every organization — no sealed or masked
 * personal data, no bookkeeping columns. A projection of one table, so the planner inlines it and orgs' indexes
 * serve it. Exported from index.ts; modules/manifests.test.ts lets other modules name only exported views.
 */
export const orgDirectory = pgView('org_directory').as((qb) =>
  qb
    .select({
      id: orgs.id,
      name: orgs.name,
      creditCode: orgs.creditCode,
      type: orgs.type,
      registration: orgs.registration,
      status: orgs.status,
      townId: orgs.townId,
      communityId: orgs.communityId,
      regionPath: orgs.regionPath,
      address: orgs.address,
      businessScope: orgs.businessScope,
      serviceFields: orgs.serviceFields,
      supervisingUnitId: orgs.supervisingUnitId,
      registeredCapitalFen: orgs.registeredCapitalFen,
      legalRepName: orgs.legalRepName,
      foundedOn: orgs.foundedOn,
      grade: orgs.grade,
      gradeValidUntil: orgs.gradeValidUntil,
    })
    .from(orgs),
);
