import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page, ZPageQuery } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { toIso } from '../../platform/db/sql.js';
import { notFound } from '../../platform/errors/app-error.js';
import { labelOf } from '../../platform/http/context.js';
import { findOrgHistory } from './use-cases/find-org-history.js';
import { loadOrgRow } from './use-cases/find-orgs.js';
import { requireOrgVisible } from './orgs.policy.js';

const KIND_NAMES: Record<string, { zh: string; en: string } | undefined> = {
  establishment: { zh: '成立登记', en: 'Establishment' },
  filing: { zh: '备案', en: 'Filing' },
  change: { zh: '变更登记', en: 'Change' },
  deregistration: { zh: '注销登记', en: 'Deregistration' },
  annualReport: { zh: '年度报告', en: 'Annual report' },
  import: { zh: '批量导入', en: 'Bulk import' },
};

export const ZOrgHistoryItem = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorName: z.string(),
  kind: z.string(),
  kindName: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
});

/** An org's record history: every change, who made it, when, and through which case; newest first, in keyset pages. */
export async function orgHistoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  app.get(
    '/api/v1/orgs/:id/history',
    // Any signed-in user: the org's own members read their record's history too; others are answered 404.
    { config: { permission: 'authenticated' }, schema: { tags: ['orgs'], summary: '登记事项变更记录 / Record history', params: ZIdParams, querystring: ZPageQuery, response: { 200: page(ZOrgHistoryItem) } } },
    async (req) => {
      const org = await loadOrgRow(db, req.params.id);
      if (!org) throw notFound('org');
      requireOrgVisible(req.ctx.actor, org);
      const { items, nextCursor } = await findOrgHistory(db, org.id, req.query);
      return {
        nextCursor,
        items: items.map((h) => ({
          id: h.id,
          occurredAt: toIso(h.occurredAt)!,
          actorName: h.actorName,
          kind: h.kind,
          kindName: labelOf(KIND_NAMES[h.kind], req.ctx.lang) ?? h.kind,
          caseId: h.caseId,
          caseNumber: h.caseNumber,
          changes: (h.changes as Record<string, { before: unknown; after: unknown }> | null) ?? null,
        })),
      };
    },
  );
}
