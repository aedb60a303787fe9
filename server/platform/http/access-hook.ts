import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { PERMISSIONS, type Permission } from '../../../contracts/roles.js';
import { AppError } from '../errors/app-error.js';
import { lookupSession, SESSION_COOKIE } from '../auth/sessions.js';
import { holdsPermission, isReadOnly } from '../access/policy.js';
import { requestLang } from '../errors/error-handler.js';
import { appendAuditAlone } from '../audit/audit.js';

/**
 * Every route declares who may call it. `public`: anyone; `authenticated`: any signed-in user (the
 * use case then decides on the record); a Permission: the user must hold it somewhere.
 * `allowDuringPasswordChange` marks the few routes a user with a forced password change may use.
 */
export type RoutePermission = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    allowDuringPasswordChange?: boolean;
    /** State-changing routes that need no CSRF token because there is no session yet (login). */
    skipCsrf?: boolean;
    /**
     * The few state-changing routes a read-only role (the auditor) may still call: on its own session, password
     * and messages, never on the city's data. Every other POST/PUT/PATCH/DELETE refuses them (403, audited).
     */
    allowReadOnly?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A route without a declared permission refuses to start, so no endpoint is open by accident. */
export interface RouteEntry {
  method: string;
  url: string;
  permission: RoutePermission;
  /** Declared `allowReadOnly`: open to read-only roles although it changes state. */
  allowReadOnly: boolean;
  /** The module whose manifest registered the route; `platform` for the kernel's own. */
  module: string;
}

export function requireDeclaredPermissions(app: FastifyInstance): RouteEntry[] {
  const catalog: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    // The JSON API and Open311 GeoReport v2 (/open311/v2): every route names its permission; the web app's files do not.
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/open311/')) return;
    if (route.url.startsWith('/api/docs')) return; // the reference UI is public by design
    const permission = route.config?.permission;
    const valid = permission === 'public' || permission === 'authenticated' || (PERMISSIONS as readonly string[]).includes(permission ?? '');
    if (!valid) throw new Error(`Route ${String(route.method)} ${route.url} declares no permission (config.permission)`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') catalog.push({ method, url: route.url, permission: permission as RoutePermission, allowReadOnly: route.config?.allowReadOnly === true, module: 'platform' });
    }
  });
  return catalog;
}

export function installAccessHook(app: FastifyInstance): void {
  // Callback hooks, not async ones: they run on every request and need no promise.
  // After the handler's transaction has committed: drop this instance's cached sessions.
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.ctx?.authChanged) app.sessionCache.clear();
    done(null, payload);
  });

  app.addHook('onRequest', (request, _reply, done) => {
    request.ctx = { requestId: request.id, ip: request.ip ?? null, lang: requestLang(request), actor: null };
    done();
  });

  // Before validation: an outsider learns nothing about the shape of a body they may not send.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const config = request.routeOptions.config ?? {};
    const permission = config.permission;
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/open311/')) return;
    if (permission === undefined) return; // docs
    // Public routes never need to know who asks; skipping the lookup keeps health checks cheap.
    if (permission === 'public') return;
    const token = request.cookies?.[SESSION_COOKIE];
    if (token) {
      const found = await lookupSession(app.database.db, token, app.sessionSettings, app.sessionCache);
      if (found.status === 'valid') request.ctx.actor = found.actor;
      if (found.status === 'expired') {
        await appendAuditAlone(app.database.db, request.ctx, { action: 'auth.sessionExpired', actorUserId: found.userId, actorUsername: found.username, entityType: 'user', entityId: found.userId });
      }
    }
    const actor = request.ctx.actor;
    if (!actor) throw new AppError('unauthenticated');
    if (!SAFE_METHODS.has(request.method) && !config.skipCsrf) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, actor.csrfToken)) throw new AppError('csrf', {}, undefined, { denied: true });
    }
    if (actor.mustChangePassword && !config.allowDuringPasswordChange) throw new AppError('password_change_required');
    // Read-only by default: whatever a route's permission, a read-only role changes nothing it has not declared.
    if (!SAFE_METHODS.has(request.method) && !config.allowReadOnly && isReadOnly(actor)) throw new AppError('forbidden', {}, undefined, { denied: true });
    if (permission !== 'authenticated' && !holdsPermission(actor, permission)) {
      throw new AppError('forbidden', {}, undefined, { denied: true });
    }
  });
}
