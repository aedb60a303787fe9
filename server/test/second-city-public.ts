import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/sql.js';
import { fire } from '../modules/applications/application-factories.js';
import { callInput, makeProposedProject } from '../modules/projects/project-factories.js';
import { call } from './harness.js';
import type { SecondCity } from './second-city.js';

/*
 * What the second city (second-city.ts) shows on the public portal, made as its people would: a fund, a project its
 * department proposes and its office approves and calls for bids (an open call, a disclosed project, a release in the
 * open data), a published launch briefing on it, and an organization registered in one of its towns.
 */

export interface SecondCityPublic {
  projectId: string;
  projectNumber: string;
  meetingId: string;
  orgId: string;
}

async function ok<T>(res: Awaited<ReturnType<typeof call>>, what: string): Promise<T> {
  if (res.statusCode >= 300) throw new Error(`second city public records: ${what} answered ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

export async function publishInSecondCity(app: FastifyInstance, tx: SecondCity): Promise<SecondCityPublic> {
  const db = app.database.db;
  const fund = await ok<{ lines: { id: string }[] }>(
    await call(app, tx.admin, 'POST', '/api/v1/funds', { year: 2026, name: '桐乡市 2026 年度专项经费', totalFen: 100_000_000, lines: [{ code: 'services', name: '购买服务', purpose: 'services', budgetFen: 80_000_000 }] }),
    'the fund',
  );
  const lineId = fund.lines[0].id;
  await ok(await call(app, tx.admin, 'POST', `/api/v1/fund-lines/${lineId}/allocations`, { departmentId: tx.department.id, budgetFen: 30_000_000 }), 'the allocation');
  const projectId = await makeProposedProject(app, tx.departmentStaff, { title: '梧桐街道困境儿童关爱服务项目', summary: '为梧桐街道困境儿童提供探访、学业辅导和心理支持服务，建立一人一档。', departmentId: tx.department.id, townIds: [tx.towns[0].id] });
  await ok(await fire(app, tx.admin, projectId, 'approve', { input: { lineId } }), 'approving the project');
  await ok(await fire(app, tx.admin, projectId, 'publishCall', { input: await callInput(app) }), 'publishing the call');
  const meeting = await ok<{ id: string; version: number }>(
    await call(app, tx.admin, 'POST', '/api/v1/meetings', { kind: 'launchBriefing', title: '桐乡市 2026 年政府购买服务项目新闻发布会', startsAt: '2026-03-20T09:30:00+08:00', place: '桐乡市民政局会议室', projectIds: [projectId] }),
    'the meeting',
  );
  await ok(await call(app, tx.admin, 'PATCH', `/api/v1/meetings/${meeting.id}`, { version: meeting.version, minutes: '介绍了本年度项目安排。', published: true }), 'publishing the meeting');
  // As the directory tests make theirs: straight into the registry, at a town of the city.
  const [org] = await rows<{ id: string }>(
    db,
    sql`insert into orgs (name, type, registration, town_id, region_path, address, business_scope, legal_rep_name, founded_on)
        values ('桐乡市梧桐社工服务社', 'communityOrg', 'filed', ${tx.towns[0].id}, ${tx.towns[0].path}, '桐乡市梧桐街道', '社会工作服务', '张三', '2021-05-01') returning id`,
  );
  const [project] = await rows<{ number: string }>(db, sql`select number from cases where id = ${projectId}`);
  return { projectId, projectNumber: project.number, meetingId: meeting.id, orgId: org.id };
}
