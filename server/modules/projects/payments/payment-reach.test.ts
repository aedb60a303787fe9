// Paying and rejecting are the office's acts on the projects in its reach. Someone who holds the office's
// permission elsewhere and can see the project for another reason (a member of the provider) learns no more
// than anyone out of reach: 404, as for a missing payment — never a 403 that confirms the payment exists.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, login, useTestApp } from '../../../test/harness.js';
import { rows } from '../../../platform/db/sql.js';
import { makeImplementingProject } from '../project-factories.js';

const ctx = useTestApp('admin', 'weijian', 'jigou1', 'jigou2', 'zhuanjia1', 'zhuanjia2');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const s = () => ({ dept: ctx.as.weijian, admin: ctx.as.admin, org1: ctx.as.jigou1, org2: ctx.as.jigou2, e1: ctx.as.zhuanjia1, e2: ctx.as.zhuanjia2 });

describe('paying a project out of reach', () => {
  it('answers 404 to an office grant that does not reach the project, and pays nothing', async () => {
    const id = await makeImplementingProject(app(), s());
    const milestones = (await call(app(), ctx.as.admin, 'GET', `/api/v1/projects/${id}/contract`)).json().milestones as { id: string }[];
    const request = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/payments`, { milestoneId: milestones[0].id });
    expect(request.statusCode).toBe(201);
    const payment = request.json<{ id: string; version: number }>();

    // The provider's member also holds the office's role, anchored to a town that is not the project's region.
    const [grant] = await rows<{ id: string }>(
      db(),
      sql`insert into role_grants (user_id, role, region_id)
          select u.id, 'officeAdmin', r.id from users u, regions r
          where u.username = 'jigou1' and r.level = 'town' and not exists (select 1 from cases c where c.id = ${id} and c.region_path like r.path || '%')
          order by r.code limit 1 returning id`,
    );
    expect(grant?.id).toBeDefined();
    const elsewhere = await login(app(), 'jigou1');

    expectProblem(await call(app(), elsewhere, 'POST', `/api/v1/payments/${payment.id}/pay`, { voucherNo: 'PZ-REACH-1', version: payment.version }), 404, 'not_found');
    expectProblem(await call(app(), elsewhere, 'POST', `/api/v1/payments/${payment.id}/reject`, { version: payment.version, reason: '材料不全，请补充。' }), 404, 'not_found');
    const [after] = await rows<{ state: string }>(db(), sql`select state from payment_requests where id = ${payment.id}`);
    expect(after.state).toBe('requested');

    // The office in reach pays it.
    const paid = await call(app(), ctx.as.admin, 'POST', `/api/v1/payments/${payment.id}/pay`, { voucherNo: 'PZ-REACH-2', version: payment.version });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'paid', voucherNo: 'PZ-REACH-2' });
  });
});
