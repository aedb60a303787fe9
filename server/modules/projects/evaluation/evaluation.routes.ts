import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../../contracts/regions.js';
import { findEvaluation } from './find-evaluation.js';
import { getStandard, updateStandard } from '../settings/project-settings.js';
import { ZStandardPatch, ZStandardSettings } from '../../../../contracts/projects/settings.js';
import { ZEvaluation } from '../../../../contracts/projects/evaluation.js';

/** Final evaluation: the result and the city's evaluation standard. */
export async function evaluationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects/:id/evaluation', { config: { permission: 'authenticated' }, schema: { tags, summary: '终期评估 / Final evaluation', params: ZIdParams, response: { 200: ZEvaluation } } }, (req) =>
    findEvaluation(db, req.ctx, req.params.id),
  );
  app.get('/api/v1/evaluation-standard', { config: { permission: 'project.read' }, schema: { tags, summary: '终期评估标准 / Evaluation standard', response: { 200: ZStandardSettings } } }, (req) => getStandard(db, req.ctx));
  app.patch('/api/v1/evaluation-standard', { config: { permission: 'project.manage' }, schema: { tags, summary: '修改终期评估标准 / Change the evaluation standard', body: ZStandardPatch, response: { 200: ZStandardSettings } } }, (req) =>
    updateStandard(db, req.ctx, req.body),
  );
}
