import { describe, expect, it } from 'vitest';
import { call, useTestApp, type Session } from '../../test/harness.js';
import { bid, makeCallingProject, proposal, refs } from './project-factories.js';

const ctx = useTestApp('admin', 'auditor', 'weijian', 'minzheng', 'xucun', 'dudao1', 'zhuanjia1', 'shenqing', 'jigou1', 'jigou2');
const app = () => ctx.t.app;

/** A read of a project's part as the caller gets it: status, problem code and the words a person reads. */
async function answer(who: Session, url: string) {
  const res = await call(app(), who, 'GET', url);
  const body = res.statusCode >= 400 ? res.json<{ code: string; detail: string }>() : null;
  return { status: res.statusCode, code: body?.code ?? null, detail: body?.detail ?? null };
}

/** Every read under /api/v1/projects/{id} the app serves, taken from its route catalogue so a new one is swept too. */
function projectReads(projectId: string, orgId: string): string[] {
  const urls = app()
    .routeCatalog.filter((r) => r.method === 'GET' && (r.url === '/api/v1/projects/:id' || r.url.startsWith('/api/v1/projects/:id/')))
    .map((r) => r.url.replace(':id', projectId) + (r.url.endsWith('/eligibility') ? `?orgId=${orgId}` : ''));
  return urls;
}

describe('a project out of reach answers as a missing one', () => {
  it('every part of another department’s draft is 404 (or the route’s own 403) exactly as for a project that does not exist', async () => {
    const created = await call(app(), ctx.as.weijian, 'POST', '/api/v1/projects', await proposal(app()));
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json().id as string;
    const missing = crypto.randomUUID();
    const { org1 } = await refs(app());
    const reads = projectReads(draft, org1);
    expect(reads.length).toBeGreaterThan(15);

    // Those the draft is visible to still read it (the check is not simply "refuse everyone").
    for (const who of [ctx.as.weijian, ctx.as.admin, ctx.as.auditor]) expect((await answer(who, `/api/v1/projects/${draft}`)).status).toBe(200);

    // Another department, a town, an unassigned supervisor and expert, an applicant, two organizations' members.
    const outsiders = { minzheng: ctx.as.minzheng, xucun: ctx.as.xucun, dudao1: ctx.as.dudao1, zhuanjia1: ctx.as.zhuanjia1, shenqing: ctx.as.shenqing, jigou1: ctx.as.jigou1, jigou2: ctx.as.jigou2 };
    const leaks: string[] = [];
    for (const [name, who] of Object.entries(outsiders)) {
      for (const url of reads) {
        const got = await answer(who, url);
        const expected = await answer(who, url.replace(draft, missing));
        if (![403, 404].includes(got.status) || JSON.stringify(got) !== JSON.stringify(expected)) leaks.push(`${name} GET ${url.replace(draft, ':id')}: ${JSON.stringify(got)} ≠ missing ${JSON.stringify(expected)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('an organization still sees its own bids in a public call, and nobody else’s', async () => {
    const id = await makeCallingProject(app(), { dept: ctx.as.weijian, admin: ctx.as.admin });
    const { org1 } = await refs(app());
    const placed = await call(app(), ctx.as.jigou1, 'POST', `/api/v1/projects/${id}/bids`, bid(org1));
    expect(placed.statusCode, placed.body).toBe(201);
    const mine = await call(app(), ctx.as.jigou1, 'GET', `/api/v1/projects/${id}/bids`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect((mine.json().items as { orgId: string }[]).map((b) => b.orgId)).toEqual([org1]);
    const theirs = await call(app(), ctx.as.jigou2, 'GET', `/api/v1/projects/${id}/bids`);
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().items).toEqual([]);
  });
});
