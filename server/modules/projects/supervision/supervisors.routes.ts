import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAssignSupervisorsInput, ZProjectSupervisor, ZSupervisionAssignment, ZSupervisorCandidate, ZSupervisorParams } from '../../../../contracts/projects/supervisors.js';
import { page, ZPageQuery } from '../../../../contracts/common.js';
import { ZIdParams } from '../../../../contracts/regions.js';
import { assignSupervisors } from './assign-supervisors.js';
import { mySupervisions } from './find-my-supervision.js';
import { supervisorCandidates } from './find-supervisor-candidates.js';
import { supervisorsFor } from './find-supervisors.js';
import { removeSupervisor } from './remove-supervisor.js';

export async function supervisorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];
  const list = z.object({ items: z.array(ZProjectSupervisor) });

  app.get('/api/v1/supervisors', { config: { permission: 'project.manage' }, schema: { tags, summary: '第三方督导人员库 / Third-party supervisors', response: { 200: z.object({ items: z.array(ZSupervisorCandidate) }) } } }, async (req) => ({
    items: await supervisorCandidates(db, req.ctx),
  }));
  app.get('/api/v1/projects/:id/supervisors', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目的第三方督导 / A project’s supervisors', params: ZIdParams, response: { 200: list } } }, async (req) => ({
    items: await supervisorsFor(db, req.ctx, req.params.id),
  }));
  app.post(
    '/api/v1/projects/:id/supervisors',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '指派第三方督导 / Assign supervisors', params: ZIdParams, body: ZAssignSupervisorsInput, response: { 200: list } } },
    async (req) => ({ items: await assignSupervisors(db, req.ctx, req.params.id, req.body.userIds) }),
  );
  app.delete(
    '/api/v1/projects/:id/supervisors/:userId',
    { config: { permission: 'project.manage' }, schema: { tags, summary: '撤销第三方督导 / Remove a supervisor', params: ZSupervisorParams, response: { 200: list } } },
    async (req) => ({ items: await removeSupervisor(db, req.ctx, req.params.id, req.params.userId) }),
  );
  app.get('/api/v1/supervision/mine', { config: { permission: 'project.supervise' }, schema: { tags, summary: '我的督导项目 / My supervision worklist', querystring: ZPageQuery, response: { 200: page(ZSupervisionAssignment) } } }, (req) =>
    mySupervisions(db, req.ctx, req.query),
  );
}
