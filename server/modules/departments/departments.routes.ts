import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDepartment, ZDepartmentInput, ZDepartmentPatch, ZDepartmentQuery } from '../../../contracts/departments.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { findDepartments } from './use-cases/find-departments.js';
import { createDepartment, updateDepartment } from './use-cases/manage-departments.js';

export async function departmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['departments'];
  app.get(
    '/api/v1/departments',
    { config: { permission: 'department.read' }, schema: { tags, summary: '成员单位与民生部门 / Member units and service departments', querystring: ZDepartmentQuery, response: { 200: z.object({ items: z.array(ZDepartment) }) } } },
    (req) => findDepartments(db, req.ctx, req.query),
  );
  app.post(
    '/api/v1/departments',
    { config: { permission: 'department.manage' }, schema: { tags, summary: '新增成员单位 / Add a department', body: ZDepartmentInput, response: { 201: ZDepartment } } },
    async (req, reply) => reply.code(201).send(await createDepartment(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/departments/:id',
    { config: { permission: 'department.manage' }, schema: { tags, summary: '修改、撤销或恢复成员单位 / Change, retire or restore a department', params: ZIdParams, body: ZDepartmentPatch, response: { 200: ZDepartment } } },
    (req) => updateDepartment(db, req.ctx, req.params.id, req.body),
  );
}
