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

  it('shows every applicant in the list with the phone they registered with, masked; staff accounts have none', async () => {
    const phone = '13622223333';
    const reg = await registerApplicant(ctx.t.app, { phone, displayName: '韩晓梅', password: 'Hanxm#2026ab' });
    expect(reg.statusCode).toBe(201);
    // Found by name, not by phone: the row still shows the number, masked.
    const byName = await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/users?q=${encodeURIComponent('韩晓梅')}`);
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items).toEqual([expect.objectContaining({ id: reg.json().userId, phoneMasked: '136****3333' })]);
    expect(byName.body).not.toContain(phone);
    // The whole list: every applicant's number masked, never in clear; an account without a phone has no field.
    const items: { id: string; username: string; phoneMasked?: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/users?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).not.toContain(phone);
      items.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(items.find((u) => u.id === reg.json().userId)?.phoneMasked).toBe('136****3333');
    expect(items.find((u) => u.username === 'admin')).not.toHaveProperty('phoneMasked');
    for (const u of items) if (u.phoneMasked !== undefined) expect(u.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });
});
