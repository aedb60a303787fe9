import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZAddOrgMemberBody, ZMyOrgs, ZOrgAccounts, ZOrgMemberParams, ZRemoveOrgMemberQuery, ZTransferContactBody } from '../../../contracts/orgs.js';
import { addOrgMember, findMyOrgs, findOrgAccounts, removeOrgMember, transferOrgContact } from './use-cases/manage-org-members.js';

/**
 * An organization's accounts (组织账号): its members and contact person. Reads are open to any signed-in user and
 * decided on the org (its members, staff who read it there); changes need org.members — the office over the org's
 * region, or the org's contact person — and the use case decides which.
 */
export async function orgMemberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['orgs'];
  const members = { permission: 'org.members' as const };

  // A static segment beats `:id` in the router whatever the order.
  app.get('/api/v1/orgs/mine', { config: { permission: 'authenticated' }, schema: { tags, summary: '本组织（我所属的社会组织）/ The organizations I act for', response: { 200: ZMyOrgs } } }, (req) =>
    findMyOrgs(db, req.ctx),
  );
  app.get('/api/v1/orgs/:id/members', { config: { permission: 'authenticated' }, schema: { tags, summary: '组织账号 / Organization accounts', params: ZIdParams, response: { 200: ZOrgAccounts } } }, (req) =>
    findOrgAccounts(db, req.ctx, app.pii, req.params.id),
  );
  app.post(
    '/api/v1/orgs/:id/members',
    { config: members, schema: { tags, summary: '开通组织账号（按手机号添加成员）/ Add a member by phone', params: ZIdParams, body: ZAddOrgMemberBody, response: { 201: ZOrgAccounts } } },
    async (req, reply) => reply.code(201).send(await addOrgMember(db, req.ctx, app.pii, req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/orgs/:id/members/:userId',
    { config: members, schema: { tags, summary: '移除组织账号成员 / Remove a member', params: ZOrgMemberParams, querystring: ZRemoveOrgMemberQuery, response: { 200: ZOrgAccounts } } },
    (req) => removeOrgMember(db, req.ctx, app.pii, req.params.id, req.params.userId, req.query),
  );
  app.post(
    '/api/v1/orgs/:id/contact',
    { config: members, schema: { tags, summary: '转交联系人 / Hand over the contact role', params: ZIdParams, body: ZTransferContactBody, response: { 200: ZOrgAccounts } } },
    (req) => transferOrgContact(db, req.ctx, app.pii, req.params.id, req.body),
  );
}
