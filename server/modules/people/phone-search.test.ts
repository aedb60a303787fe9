import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../../test/harness.js';
import { registerApplicant } from '../../test/citizens.js';

const ctx = useTestApp('admin', 'xucun');

describe('staff find an applicant by phone', () => {
  it('matches the typed number by its keyed hash and answers it masked; the wrong number and a town user find nothing', async () => {
    const phone = '13611112222';
    const reg = await registerApplicant(ctx.t.app, { phone, displayName: '蒋文静', password: 'Jiangwj#2026a' });
    expect(reg.statusCode).toBe(201);
    const found = await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/users?q=${encodeURIComponent('136 1111 2222')}`);
    expect(found.statusCode).toBe(200);
    const items = found.json<{ items: { id: string; displayName: string; phoneMasked?: string }[] }>().items;
    expect(items).toEqual([expect.objectContaining({ id: reg.json().userId, displayName: '蒋文静', phoneMasked: '136****2222' })]);
    expect(found.body).not.toContain(phone);
    const wrong = await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/users?q=13611112223');
    expect(wrong.json().items).toEqual([]);
    // A part of a number is not a number: nothing is decrypted to look inside phones.
    expect((await call(ctx.t.app, ctx.as.admin, 'GET', '/api/v1/users?q=1111222')).json().items).toEqual([]);
    expect((await call(ctx.t.app, ctx.as.xucun, 'GET', `/api/v1/users?q=${phone}`)).statusCode).toBe(403);
  });
});
