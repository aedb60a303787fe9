import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { findEvaluation } from './find-evaluation.js';
import { ZEvaluation } from '../../../../contracts/projects/evaluation.js';

/** Final evaluation: the result (the city's evaluation standard is a setting: settings/). */
export async function evaluationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects/:id/evaluation', { config: { permission: 'authenticated' }, schema: { tags, summary: '终期评估 / Final evaluation', params: ZIdParams, response: { 200: ZEvaluation } } }, (req) =>
    findEvaluation(db, req.ctx, req.params.id),
  );
}
