import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZCreateUserBody, ZGrantInput, ZResetPasswordBody, ZUpdateUserBody, ZUser, ZUserGrantParams, ZUserListQuery, ZVersionBody } from '../../../contracts/people.js';
import { addGrant, createUser, findUsers, getUser, removeGrant, resetPassword, setUserStatus, updateUser } from './use-cases/manage-users.js';

export async function peopleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['users'];
  const read = { permission: 'user.read' as const };
  const manage = { permission: 'user.manage' as const };

  app.get('/api/v1/users', { config: read, schema: { tags, summary: '用户列表 / Users', querystring: ZUserListQuery, response: { 200: page(ZUser) } } }, (req) => findUsers(db, req.ctx, req.query, app.pii));
  app.get('/api/v1/users/:id', { config: read, schema: { tags, summary: '用户详情 / User', params: ZIdParams, response: { 200: ZUser } } }, (req) => getUser(db, req.ctx, req.params.id));
  app.post('/api/v1/users', { config: manage, schema: { tags, summary: '新建用户 / Create user', body: ZCreateUserBody, response: { 201: ZUser } } }, async (req, reply) =>
    reply.code(201).send(await createUser(db, req.ctx, req.body)),
  );
  app.patch('/api/v1/users/:id', { config: manage, schema: { tags, summary: '修改用户 / Update user', params: ZIdParams, body: ZUpdateUserBody, response: { 200: ZUser } } }, (req) =>
    updateUser(db, req.ctx, req.params.id, req.body),
  );
  app.post('/api/v1/users/:id/grants', { config: manage, schema: { tags, summary: '授予角色 / Grant a role', params: ZIdParams, body: ZGrantInput, response: { 201: ZUser } } }, async (req, reply) =>
    reply.code(201).send(await addGrant(db, req.ctx, req.params.id, req.body)),
  );
  app.delete('/api/v1/users/:id/grants/:grantId', { config: manage, schema: { tags, summary: '收回角色 / Revoke a role', params: ZUserGrantParams, response: { 200: ZUser } } }, (req) =>
    removeGrant(db, req.ctx, req.params.id, req.params.grantId),
  );
  app.post('/api/v1/users/:id/disable', { config: manage, schema: { tags, summary: '停用 / Disable', params: ZIdParams, body: ZVersionBody, response: { 200: ZUser } } }, (req) =>
    setUserStatus(db, req.ctx, req.params.id, req.body, 'disabled'),
  );
  app.post('/api/v1/users/:id/enable', { config: manage, schema: { tags, summary: '启用 / Enable', params: ZIdParams, body: ZVersionBody, response: { 200: ZUser } } }, (req) =>
    setUserStatus(db, req.ctx, req.params.id, req.body, 'active'),
  );
  app.post('/api/v1/users/:id/reset-password', { config: manage, schema: { tags, summary: '重置密码 / Reset password', params: ZIdParams, body: ZResetPasswordBody, response: { 200: ZUser } } }, (req) =>
    resetPassword(db, req.ctx, req.params.id, req.body),
  );
}
