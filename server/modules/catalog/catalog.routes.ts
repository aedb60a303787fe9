import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZCatalog, ZCatalogCategory, ZCatalogCategoryInput, ZCatalogCategoryPatch, ZCatalogQuery, ZServiceDomain, ZServiceDomainInput, ZServiceDomainParams, ZServiceDomainPatch } from '../../../contracts/funds.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { createCategory } from './use-cases/create-category.js';
import { createDomain } from './use-cases/create-domain.js';
import { getCatalog } from './use-cases/find-catalog.js';
import { updateCategory } from './use-cases/update-category.js';
import { updateDomain } from './use-cases/update-domain.js';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['catalog'];
  app.get('/api/v1/catalog', { config: { permission: 'catalog.read' }, schema: { tags, summary: '123X 项目清单与服务领域 / The 123X catalog and service domains', querystring: ZCatalogQuery, response: { 200: ZCatalog } } }, (req) =>
    getCatalog(db, req.ctx, req.query),
  );
  app.post(
    '/api/v1/catalog/categories',
    { config: { permission: 'catalog.manage' }, schema: { tags, summary: '新增清单类别 / Add a catalog category', body: ZCatalogCategoryInput, response: { 201: ZCatalogCategory } } },
    async (req, reply) => reply.code(201).send(await createCategory(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/catalog/categories/:id',
    { config: { permission: 'catalog.manage' }, schema: { tags, summary: '修改清单类别 / Change a catalog category', params: ZIdParams, body: ZCatalogCategoryPatch, response: { 200: ZCatalogCategory } } },
    (req) => updateCategory(db, req.ctx, req.params.id, req.body),
  );
  // A city's service domains (issue 16 §3): listed with the catalog (GET /catalog?cityId=), added and changed here.
  app.post(
    '/api/v1/catalog/domains',
    { config: { permission: 'catalog.manage' }, schema: { tags, summary: '新增服务领域 / Add a service domain', body: ZServiceDomainInput, response: { 201: ZServiceDomain } } },
    async (req, reply) => reply.code(201).send(await createDomain(db, req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/catalog/domains/:cityId/:code',
    { config: { permission: 'catalog.manage' }, schema: { tags, summary: '修改、停用或恢复服务领域 / Change, retire or restore a service domain', params: ZServiceDomainParams, body: ZServiceDomainPatch, response: { 200: ZServiceDomain } } },
    (req) => updateDomain(db, req.ctx, req.params.cityId, req.params.code, req.body),
  );
}
