import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page, ZPageQuery } from '../../../contracts/common.js';
import { ZProject, ZProjectListQuery, ZProjectProposal, ZProjectSummary, ZProjectProposalPatch } from '../../../contracts/projects/initiation.js';
import { ZProjectDashboard, ZProjectDashboardQuery } from '../../../contracts/projects/disclosure.js';
import { ZProjectDocuments } from '../../../contracts/projects/documents.js';
import { ZIdParams } from '../../../contracts/regions.js';
import { findProjects, getProject } from './initiation/find-projects.js';
import { proposeProject, updateProjectDraft } from './initiation/propose-project.js';
import { projectDashboard } from './disclosure/project-dashboard.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { findProjectDocuments } from './project-documents.js';
import { findOrgProjects } from './disclosure/find-org-projects.js';
import { ZOrgProjectRecord } from '../../../contracts/orgs.js';

/** The project itself: list, proposal, detail, draft edits, its documents, the org's project record, the lifecycle dashboard. */
export async function projectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const tags = ['projects'];

  app.get('/api/v1/projects', { config: { permission: 'project.read' }, schema: { tags, summary: '政府购买服务项目 / Purchased service projects', querystring: ZProjectListQuery, response: { 200: page(ZProjectSummary) } } }, (req) =>
    findProjects(db, req.ctx, req.query),
  );
  app.post('/api/v1/projects', { config: { permission: 'project.propose' }, schema: { tags, summary: '提出项目需求（立项）/ Propose a project', body: ZProjectProposal, response: { 201: ZProject } } }, async (req, reply) => {
    const id = await proposeProject(db, req.ctx, req.body);
    return reply.code(201).send(await getProject(db, req.ctx, id));
  });
  app.get('/api/v1/projects/:id', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目详情 / Project', params: ZIdParams, response: { 200: ZProject } } }, (req) =>
    getProject(db, req.ctx, req.params.id),
  );
  app.patch('/api/v1/projects/:id', { config: { permission: 'project.propose' }, schema: { tags, summary: '修改项目需求（草稿）/ Edit a draft', params: ZIdParams, body: ZProjectProposalPatch, response: { 200: ZProject } } }, async (req) => {
    await updateProjectDraft(db, req.ctx, req.params.id, req.body);
    return getProject(db, req.ctx, req.params.id);
  });

  // An organization's project record, shown on its page (so under /orgs, in the orgs tag) but projects' data.
  // `authenticated`, not `org.read`: the organization's own members read their record too; the use case applies
  // the detail's rule (org.read over the org's region) to everyone else.
  app.get(
    '/api/v1/orgs/:id/projects',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['orgs'],
        summary: '承接的购买服务项目及终期评估等级 / Purchased service projects delivered, with their final evaluation grades',
        description:
          '该组织作为承接方的全部项目（按年度从新到旧分页）：年度、名称、购买部门、合同金额与已付金额（分）、阶段、终期评估等级与得分；及全部项目按等级的汇总和最近一次评估（每页都带）。与组织详情同样的查看范围，另加该组织自己的成员。/ Every project the organization was awarded, newest year first in keyset pages: year, title, buying department, contract value and paid so far (fen), stage, final evaluation grade and score; a summary by grade over every project and the latest evaluation, with each page. Visible as the organization detail is, and to the organization\'s own members.',
        params: ZIdParams,
        querystring: ZPageQuery,
        response: { 200: ZOrgProjectRecord },
      },
    },
    (req) => findOrgProjects(db, req.ctx, req.params.id, req.query),
  );
  app.get('/api/v1/projects/:id/documents', { config: { permission: 'authenticated' }, schema: { tags, summary: '项目文档（附件与会议材料）/ Project documents', params: ZIdParams, response: { 200: ZProjectDocuments } } }, (req) =>
    findProjectDocuments(db, req.ctx, req.params.id),
  );

  // Static segments before `:id`: Fastify prefers them whatever the order, but keep the reading order too.
  app.get(
    '/api/v1/project-dashboard',
    {
      config: { permission: 'project.read' },
      schema: {
        tags,
        summary: '全生命周期看板 / Lifecycle dashboard',
        description:
          '一年的项目与经费数字，只计调用者所在城市（部门只计本部门）；cityId 只看一个城市（审计员等可看多个城市者选择），不在调用者范围内的城市答 404。/ One year\'s projects and money, over the caller\'s own city (a department\'s, its own); cityId keeps one city (for those who reach several, such as the auditor); a city outside the caller\'s reach answers 404.',
        querystring: ZProjectDashboardQuery,
        response: { 200: ZProjectDashboard },
      },
    },
    (req) => projectDashboard(db, req.ctx, req.query.year ?? Number(todayInChina().slice(0, 4)), req.query.cityId),
  );
}
