import { startingWith } from '../db/like.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { page, cursorPart, encodeCursor } from '../../../contracts/common.js';
import { readCursor } from '../http/cursor.js';
import { ZAuditEvent, ZAuditQuery, ZVerifyResult } from '../../../contracts/audit.js';
import { auditEvents } from './audit.tables.js';
import { appendAuditAlone, verifyAuditChain } from './audit.js';
import { entityNames, presentAuditEvent } from './present.js';
import { z } from 'zod';

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/api/v1/audit/events',
    { config: { permission: 'audit.read' }, schema: { tags, summary: '审计日志 / Audit trail', querystring: ZAuditQuery, response: { 200: page(ZAuditEvent) } } },
    async (request) => {
      const q = request.query;
      const where: SQL[] = [];
      if (q.actor) where.push(sql`lower(${auditEvents.actorUsername}) = ${q.actor.toLowerCase()}`);
      if (q.action) where.push(q.action.endsWith('.') ? sql`${auditEvents.action} like ${startingWith(q.action)}` : eq(auditEvents.action, q.action));
      if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
      if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
      if (q.outcome) where.push(eq(auditEvents.outcome, q.outcome));
      if (q.from) where.push(gte(auditEvents.occurredAt, new Date(q.from)));
      if (q.to) where.push(lte(auditEvents.occurredAt, new Date(q.to)));
      const after = readCursor(q.cursor, z.tuple([cursorPart.seq]));
      if (after) where.push(lt(auditEvents.seq, after[0]));
      const found = await app.database.db
        .select()
        .from(auditEvents)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditEvents.seq))
        .limit(q.limit + 1);
      const items = found.slice(0, q.limit);
      const names = await entityNames(app.database.db, items);
      return {
        items: items.map((e) => presentAuditEvent(e, request.ctx.lang, names)),
        nextCursor: found.length > q.limit ? encodeCursor([items[items.length - 1].seq]) : null,
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    { config: { permission: 'audit.verify' }, schema: { tags, summary: '校验审计链 / Verify the chain', response: { 200: ZVerifyResult } } },
    async (request) => {
      const result = await verifyAuditChain(app.database.db);
      // Verifying is itself recorded, after the walk, so it does not verify its own event.
      await appendAuditAlone(app.database.db, request.ctx, { action: 'audit.verify', permission: 'audit.verify', outcome: result.ok ? 'success' : 'failure', detail: { checked: result.checked, firstBroken: result.firstBroken } });
      return result;
    },
  );
}
