// Issue 16 §3: an account belongs to the city whose office made it or first gave it a staff role (its home city). A
// city's office never sees another city's accounts — not even once every grant of one is revoked, nor one made
// with no grant at all; accounts bound to no city (made by the platform administrator, applicants) stay every city's.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { addSecondCity, type SecondCity } from '../../test/second-city.js';

const ctx = useTestApp('admin');
const app = () => ctx.t.app;
let tx: SecondCity;
const PASSWORD = 'Home#City2026x';

interface User {
  id: string;
  version: number;
  grants: { id: string }[];
}

beforeAll(async () => {
  tx = await addSecondCity(app());
});

describe('an account’s home city', () => {
  it('keeps a Tongxiang clerk Tongxiang’s after every grant is revoked', async () => {
    const made = await call(app(), tx.admin, 'POST', '/api/v1/users', { username: 'tx_clerk', displayName: '桐乡办事员', password: PASSWORD, grants: [{ role: 'townStaff', regionId: tx.towns[0].id }] });
    expect(made.statusCode, made.body).toBe(201);
    const clerk = made.json<User>();
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/users/${clerk.id}`), 404);
    const revoked = await call(app(), tx.admin, 'DELETE', `/api/v1/users/${clerk.id}/grants/${clerk.grants[0].id}`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json<User>().grants).toEqual([]);
    // Without a grant it is still Tongxiang's: Haining's office neither reads nor lists it.
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/users/${clerk.id}`), 404);
    const list = (await call(app(), ctx.as.admin, 'GET', '/api/v1/users?q=tx_clerk')).json<{ items: { id: string }[] }>().items;
    expect(list.map((u) => u.id)).not.toContain(clerk.id);
    expect((await call(app(), tx.admin, 'GET', `/api/v1/users/${clerk.id}`)).statusCode).toBe(200);
    // Nor may Haining's office grant it a role of its own city: it is not found.
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/users/${clerk.id}/grants`, { role: 'townStaff', regionId: (await call(app(), ctx.as.admin, 'GET', '/api/v1/regions/roots')).json<{ items: { id: string }[] }>().items[0].id }), 404);
  });

  it('gives an account made with no grant its maker’s city; the platform administrator’s stays every city’s', async () => {
    const bare = await call(app(), tx.admin, 'POST', '/api/v1/users', { username: 'tx_bare', displayName: '待授权', password: PASSWORD, grants: [] });
    expect(bare.statusCode, bare.body).toBe(201);
    expectProblem(await call(app(), ctx.as.admin, 'GET', `/api/v1/users/${bare.json<User>().id}`), 404);
    expect((await call(app(), tx.admin, 'GET', `/api/v1/users/${bare.json<User>().id}`)).statusCode).toBe(200);

    const shared = await call(app(), tx.ops, 'POST', '/api/v1/users', { username: 'expert_shared', displayName: '评审专家', password: PASSWORD, grants: [{ role: 'evaluator' }] });
    expect(shared.statusCode, shared.body).toBe(201);
    for (const office of [ctx.as.admin, tx.admin]) expect((await call(app(), office, 'GET', `/api/v1/users/${shared.json<User>().id}`)).statusCode).toBe(200);
  });
});
