import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, useTestApp } from '../../test/harness.js';
import { rows } from '../db/sql.js';
import { ROLE_DEFINITIONS, WRITE_PERMISSIONS, PERMISSIONS } from '../../../contracts/roles.js';

const ctx = useTestApp('auditor', 'xucun');

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => (name === 'date' ? '2026-01-05' : name === 'year' ? '2026' : ZERO_UUID));

describe('permission matrix', () => {
  it('every API route declares a permission from the registry', () => {
    const routes = ctx.t.app.routeCatalog.filter((r) => r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) expect(['public', 'authenticated', ...PERMISSIONS]).toContain(r.permission);
  });

  it('a building app refuses a route without a declared permission', async () => {
    const Fastify = (await import('fastify')).default;
    const { requireDeclaredPermissions } = await import('./access-hook.js');
    const app = Fastify();
    requireDeclaredPermissions(app);
    expect(() => app.get('/api/v1/oops', async () => 'open')).toThrow(/declares no permission/);
  });

  it('every non-public route refuses an anonymous caller with 401', async () => {
    for (const r of ctx.t.app.routeCatalog.filter((x) => x.url.startsWith('/api/v1/') && x.permission !== 'public')) {
      const res = await call(ctx.t.app, null, r.method as 'GET', concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('the read-only auditor is refused every write route with 403', async () => {
    const writes = ctx.t.app.routeCatalog.filter((r) => (WRITE_PERMISSIONS as readonly string[]).includes(r.permission));
    expect(writes.length).toBeGreaterThan(8);
    for (const r of writes) {
      const res = await call(ctx.t.app, ctx.as.auditor, r.method as 'POST', concrete(r.url), r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });

  it('a read-only role is refused every state-changing route, whatever its permission, but the few declared for it — each refusal audited', async () => {
    // Declared on the routes themselves (allowReadOnly): the auditor's own session, password and messages.
    const allowed = ctx.t.app.routeCatalog.filter((r) => r.allowReadOnly).map((r) => `${r.method} ${r.url}`);
    expect(allowed.sort()).toEqual(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password', 'POST /api/v1/notifications/read']);
    // Public writes (sign-in, registration) need no session, so they never meet the rule.
    const writes = ctx.t.app.routeCatalog.filter((r) => r.url.startsWith('/api/') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && r.permission !== 'public' && !r.allowReadOnly);
    // Among them a route any signed-in user may call (a case's transitions; comments and the provider's acts went
    // through here before they had named permissions): the hook must hold it too. Every write route: write-route-matrix.test.ts.
    expect(writes.filter((r) => r.permission === 'authenticated').length).toBeGreaterThan(0);
    const db = ctx.t.app.database.db;
    const denied = async () => (await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where action = 'request.denied' and actor_user_id = ${ctx.as.auditor.userId}`))[0].n;
    const before = await denied();
    for (const r of writes) {
      const res = await call(ctx.t.app, ctx.as.auditor, r.method as 'POST', concrete(r.url), r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
      expect(res.json().code, `${r.method} ${r.url}`).toBe('forbidden');
    }
    expect(await denied()).toBe(before + writes.length);
  });

  it('a town user is refused every route whose permission their role lacks', async () => {
    const held = new Set([...ROLE_DEFINITIONS.townStaff.permissions, ...(ROLE_DEFINITIONS.townStaff.globalPermissions ?? []), ...(ROLE_DEFINITIONS.townStaff.cityPermissions ?? [])]);
    const lacking = ctx.t.app.routeCatalog.filter((r) => (PERMISSIONS as readonly string[]).includes(r.permission) && !held.has(r.permission as never));
    expect(lacking.length).toBeGreaterThan(5);
    for (const r of lacking) {
      const res = await call(ctx.t.app, ctx.as.xucun, r.method as 'POST', concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
  });
});
