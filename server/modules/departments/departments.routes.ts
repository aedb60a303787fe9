import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { asc, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../../platform/access/scope.tables.js';

export const ZDepartment = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['party', 'government', 'massOrg', 'other']),
  isMemberUnit: z.boolean(),
  isServiceDepartment: z.boolean(),
});

export async function departmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/departments',
    { config: { permission: 'department.read' }, schema: { tags: ['departments'], summary: '成员单位与民生部门 / Member units and service departments', response: { 200: z.object({ items: z.array(ZDepartment) }) } } },
    async () => {
      const rows = await app.database.db.select().from(departments).where(isNull(departments.retiredAt)).orderBy(asc(departments.sortOrder), asc(departments.name));
      return { items: rows.map(({ id, name, shortName, kind, isMemberUnit, isServiceDepartment }) => ({ id, name, shortName, kind, isMemberUnit, isServiceDepartment })) };
    },
  );
}
