import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDepartment } from '../../../contracts/departments.js';
import { findDepartments } from './use-cases/find-departments.js';

export async function departmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  app.get(
    '/api/v1/departments',
    { config: { permission: 'department.read' }, schema: { tags: ['departments'], summary: '成员单位与民生部门 / Member units and service departments', response: { 200: z.object({ items: z.array(ZDepartment) }) } } },
    (req) => findDepartments(db, req.ctx),
  );
}
