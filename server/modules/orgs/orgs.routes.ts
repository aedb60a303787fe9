import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page } from '../../../contracts/common.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { ZOrg, ZOrgListQuery, ZPublicOrg, ZRevealBody, ZRevealResult } from '../../../contracts/orgs.js';
import { findOrgs, findPublicOrgs, getOrg, getPublicOrg } from './use-cases/find-orgs.js';
import { revealPersonalData } from './use-cases/reveal-personal-data.js';

export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['orgs'];

  app.get('/api/v1/orgs', { config: { permission: 'org.read' }, schema: { tags, summary: '社会组织名录 / Registry', querystring: ZOrgListQuery, response: { 200: page(ZOrg) } } }, (req) =>
    findOrgs(db, req.ctx, app.pii, req.query),
  );
  app.get('/api/v1/orgs/:id', { config: { permission: 'org.read' }, schema: { tags, summary: '社会组织详情 / Organization', params: ZIdParams, response: { 200: ZOrg } } }, (req) =>
    getOrg(db, req.ctx, app.pii, req.params.id),
  );
  app.post(
    '/api/v1/orgs/:id/reveal',
    { config: { permission: 'pii.reveal' }, schema: { tags, summary: '查看个人信息明文（留痕）/ Reveal personal data (audited)', params: ZIdParams, body: ZRevealBody, response: { 200: ZRevealResult } } },
    (req) => revealPersonalData(db, req.ctx, app.pii, req.params.id, req.body),
  );
  app.get('/api/v1/public/orgs', { config: { permission: 'public' }, schema: { tags, summary: '公开名录（无需登录）/ Public directory', querystring: ZOrgListQuery, response: { 200: page(ZPublicOrg) } } }, (req) =>
    findPublicOrgs(db, req.ctx, req.query),
  );
  app.get('/api/v1/public/orgs/:id', { config: { permission: 'public' }, schema: { tags, summary: '公开信息 / Public profile', params: ZIdParams, response: { 200: ZPublicOrg } } }, (req) =>
    getPublicOrg(db, req.ctx, req.params.id),
  );
}
