import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZWorkbench } from '../../../contracts/workbench.js';
import type { WorkbenchFigure } from '../module.js';
import { loadWorkbench } from './workbench.js';

/** GET /api/v1/workbench: the signed-in home page. The figures are the modules' (their manifests' `workbench`). */
export async function workbenchRoutes(fastify: FastifyInstance, opts: { figures: readonly WorkbenchFigure[] }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  app.get(
    '/api/v1/workbench',
    { config: { permission: 'authenticated' }, schema: { tags: ['cases'], summary: '工作台 / Workbench', response: { 200: ZWorkbench } } },
    (req) => loadWorkbench(db, req.ctx.actor!, req.ctx.lang, opts.figures),
  );
}
