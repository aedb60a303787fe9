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
import type { Actor } from '../http/context.js';
import { cityReach, regionReach } from '../access/policy.js';
import { inSubtree } from '../db/sql.js';

/**
 * What a city's office reads of the trail (issue 16 §3): the acts of its own people (an account with a grant in the
 * city) and every act on its cases, regions and departments, whoever did them (an applicant's filing, the platform
 * administrator's setup). The auditor and the platform administrator read it all. Filtered when read, not tagged when
 * written: the chain's content stays as it was.
 */
function auditScopeWhere(actor: Actor | null): SQL {
  const reach = regionReach(actor, 'audit.read');
  if (reach.all) return sql`true`;
  if (!reach.paths.length) return sql`false`;
  const under = (path: SQL) => sql`(${sql.join(reach.paths.map((p) => inSubtree(path, p)), sql` or `)})`;
  const cities = cityReach(actor, 'audit.read');
  const ofCity = (column: SQL) => (cities.all || !cities.cityIds.length ? sql`false` : sql`${column} in (${sql.join(cities.cityIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  const entity = sql`(case when ${auditEvents.entityId} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${auditEvents.entityId}::uuid end)`;
  return sql`(exists (select 1 from role_grants g left join regions r on r.id = g.region_id left join departments d on d.id = g.department_id
        where g.user_id = ${auditEvents.actorUserId} and (${under(sql`r.path`)} or ${ofCity(sql`d.city_id`)}))
      or exists (select 1 from cases c where c.id = ${entity} and ${under(sql`c.region_path`)})
      or exists (select 1 from regions x where x.id = ${entity} and ${under(sql`x.path`)})
      or exists (select 1 from departments y where y.id = ${entity} and ${ofCity(sql`y.city_id`)}))`;
}

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
      where.push(auditScopeWhere(request.ctx.actor));
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
