import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page } from '../../../../contracts/common.js';
import { ZIdParams } from '../../../../contracts/regions.js';
import { findPublicProjects } from './find-public-projects.js';
import { getPublicProject } from './get-public-project.js';
import { ZProjectDisclosure, ZPublicProjectDetailQuery, ZPublicProjectQuery } from '../../../../contracts/projects/disclosure.js';

/** Disclosure: what the public portal shows of each project. */
export async function disclosureRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get(
    '/api/v1/public/projects',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '项目公开（无需登录）/ Project disclosures',
        description: 'city：城市的 6 位行政区划代码，只列该城市的项目；不填则列全部城市。/ city: a city’s 6-digit division code, for its projects only; without it, every city’s.',
        querystring: ZPublicProjectQuery,
        response: { 200: page(ZProjectDisclosure) },
      },
    },
    (req) => findPublicProjects(db, req.query, req.ctx.lang),
  );
  app.get(
    '/api/v1/public/projects/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: '项目公开详情 / A project disclosure',
        description: 'city：城市的 6 位行政区划代码；给出时，其他城市的项目答 404。/ city: a city’s 6-digit division code; with it, another city’s project answers 404.',
        params: ZIdParams,
        querystring: ZPublicProjectDetailQuery,
        response: { 200: ZProjectDisclosure },
      },
    },
    (req) => getPublicProject(db, req.params.id, req.ctx.lang, req.query.city),
  );
}
