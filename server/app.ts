import fs from 'node:fs';
import path from 'node:path';
import { securityHeaders } from './platform/http/security-headers.js';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import multipart from '@fastify/multipart';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler } from './platform/http/serializer.js';
import { z } from 'zod';
import { APP_VERSION, type Config } from './config.js';
import { installIdempotency } from './platform/http/idempotency.js';
import { installInputGuard } from './platform/http/input-guard.js';
import { clientErrorHandler, frameworkErrors } from './platform/http/framework-errors.js';
import { databaseRateLimitStore } from './platform/http/rate-limit-store.js';
import type { Database } from './platform/db/client.js';
import type { RequestContext } from './platform/http/context.js';
import type { SessionSettings } from './platform/auth/sessions.js';
import { SessionCache, startSessionCache } from './platform/auth/session-cache.js';
import { startRefCache } from './platform/db/ref-cache.js';
import { createPiiCipher, loadPiiKey, type PiiCipher } from './platform/pii/cipher.js';
import { bounded, installErrorHandling, sendProblem, sendUnavailable } from './platform/errors/error-handler.js';
import { ZProblem } from '../contracts/common.js';
import { serializeError } from './platform/errors/log-safe.js';
import { installAccessHook, requireDeclaredPermissions, type RouteEntry } from './platform/http/access-hook.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { calendarRoutes } from './platform/calendar/calendar.routes.js';
import { caseRoutes } from './platform/cases/cases.routes.js';
import { workbenchRoutes } from './platform/workbench/workbench.routes.js';
import { registerModuleParts, registerModuleRoutes } from './platform/module.js';
import { MODULES } from './modules/index.js';
import { localStorage, type FileStorage } from './platform/files/storage.js';
import { MAX_FILE_BYTES } from './platform/files/files.js';
import { startJobs } from './platform/jobs/scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    sessionSettings: SessionSettings;
    sessionCache: SessionCache;
    pii: PiiCipher;
    storage: FileStorage;
    /** Every API route with its declared permission, for the permission-matrix test and docs. */
    routeCatalog: RouteEntry[];
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

// Default zod messages in Chinese; the error handler adds English for `Accept-Language: en`.
z.config(z.locales.zhCN());

export type App = FastifyInstance;

export interface BuildOptions {
  config: Config;
  database: Database;
  /** Pino options; tests pass false. */
  logger?: boolean | object;
  /** The personal-data cipher; by default made from PII_KEY or DATA_DIR/pii.key. */
  pii?: PiiCipher;
}

export async function buildApp({ config, database, logger, pii }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logger),
    bodyLimit: 1024 * 1024,
    // A hop count trusts that many proxies nearest to us (proxy-addr's numbering: hop 0 is the socket's peer).
    trustProxy: typeof config.TRUST_PROXY === 'number' ? hopsTrusted(config.TRUST_PROXY) : config.TRUST_PROXY,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    ajv: undefined,
    // Problem+json, without echoing the URL, for what fails before routing or before Fastify sees a request.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('database', database);
  const stopReportingLost = database.onConnectionLost((err) => app.log.warn({ code: (err as { code?: string }).code, message: err.message }, 'database connection lost'));
  app.addHook('onClose', async () => stopReportingLost());
  app.decorate('config', config);
  app.decorate('sessionSettings', { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS });
  app.decorateRequest('ctx', null as unknown as RequestContext);
  const sessionCache = new SessionCache(config.SESSION_CACHE_SECONDS * 1000);
  app.decorate('sessionCache', sessionCache);
  app.decorate('pii', pii ?? createPiiCipher(loadPiiKey({ envKey: config.PII_KEY, dataDir: config.dataDir }), config.PII_CIPHER));
  app.decorate('storage', localStorage(path.join(config.dataDir, 'files')));
  const stopListening = await startSessionCache(database, sessionCache);
  app.addHook('onClose', async () => stopListening());
  const refCache = await startRefCache(database, config.SESSION_CACHE_SECONDS > 0 ? 60_000 : 0);
  app.addHook('onClose', async () => refCache.stop());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Draining (SIGTERM → app.close): the answers still in flight end their connections. app.close waits for every
  // connection, and an idle keep-alive one would hold the process for the keep-alive timeout (72 s) after the last answer.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // One callback hook for every answer (no promise per request: this runs on the hottest paths).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // What a signed-in user is answered (and the sign-in that hands out the CSRF token) is theirs alone: no
    // browser or proxy cache may keep it. An API answer is not cached unless its route says it may be (open
    // data, published meeting files), so no route can forget.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  installErrorHandling(app);
  app.decorate('routeCatalog', requireDeclaredPermissions(app));

  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd injects its CSS-in-JS at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Off: a city may serve the app over plain HTTP on its intranet; HTTPS is the proxy's job.
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.COOKIE_SECURE === 'true' ? undefined : false,
    // No page of ours is ever framed (clickjacking); frame-ancestors says the same to newer browsers.
    xFrameOptions: { action: 'deny' },
  });
  // One callback hook, a fixed set: what helmet would send, worked out once (security-headers.ts).
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(cookie);
  // Counted in the database, so a limit holds across every instance; a failed count lets the request through
  // (skipOnError) to answer as the database's state allows — see rate-limit-store.ts.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(database.db, app.log), skipOnError: true });
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 1024 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '社治通 Shezhi API', version: APP_VERSION, description: '社会组织参与社会治理服务平台 — REST API. Errors are RFC 9457 problem+json.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sz_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  installAccessHook(app);
  installInputGuard(app);
  installIdempotency(app);

  app.get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: '就绪检查（含数据库）/ Readiness: the process and its database',
        response: {
          200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() }),
          503: ZProblem.extend({ dependency: z.literal('database') }).describe('the dependency that is down; Retry-After says when to ask again'),
        },
      },
    },
    async (request, reply) => {
      try {
        await database.db.execute('select 1');
      } catch (err) {
        request.log.warn({ message: err instanceof Error ? err.message.slice(0, 200) : String(err) }, 'health: database unavailable');
        return sendUnavailable(request, reply, 'database');
      }
      return { status: 'ok' as const, db: database.kind, version: APP_VERSION };
    },
  );
  // Liveness: the process answers. Never touches the database, so a supervisor restarts the process only when
  // the process itself is stuck, not while the database is away.
  app.get(
    '/api/health/live',
    { config: { permission: 'public' }, schema: { tags: ['system'], summary: '存活检查 / Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  // The kernel's routes, then every module's, from its manifest (server/modules/index.ts).
  await app.register(authRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(caseRoutes);
  await app.register(workbenchRoutes, { figures: MODULES.flatMap((m) => m.workbench ?? []) });
  registerModuleParts(MODULES, { pii: app.pii });
  const routeModule = new Map<string, string>();
  await registerModuleRoutes(app, MODULES, (module, methods, url) => {
    for (const method of [methods].flat()) routeModule.set(`${method} ${url}`, module);
  });
  for (const entry of app.routeCatalog) entry.module = routeModule.get(`${entry.method} ${entry.url}`) ?? 'platform';
  if (config.JOBS === 'on') {
    const stopJobs = startJobs(app);
    app.addHook('onClose', async () => stopJobs());
  }

  await registerWeb(app, config.webDir);
  return app;
}

function hopsTrusted(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/**
 * Never log cookies, tokens or bodies (they carry passwords and personal data), nor the values a failed
 * statement was given: errors go through serializeError, which keeps the SQLSTATE and the statement's shape.
 */
function loggerOptions(config: Config, given: BuildOptions['logger']): boolean | object {
  if (given === false || (given === undefined && config.LOG_LEVEL === 'silent')) return false;
  const base = typeof given === 'object' ? given : { level: config.LOG_LEVEL };
  return {
    ...base,
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: { ...((base as { serializers?: object }).serializers ?? {}), err: serializeError },
  };
}

/** The PWA's files that name the others (vite-plugin-pwa's output): never kept by a browser or proxy past a deploy. */
const NO_CACHE_WEB_FILES = /^(sw\.js|registerSW\.js|workbox-[\w-]+\.js|manifest\.webmanifest|index\.html)$/;

/** The built web app, with index.html for client-side routes; /api and files stay problem+json 404s. */
async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const html = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : null;
  if (html) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      // Set below, file by file (send's own header would replace ours).
      cacheControl: false,
      setHeaders(reply, filePath) {
        const name = path.basename(filePath);
        // The service worker, its registration, the manifest and the shell ask the server every time (a deploy
        // must reach phones at their next visit); Service-Worker-Allowed keeps the worker's scope the whole app.
        if (NO_CACHE_WEB_FILES.test(name)) {
          reply.header('cache-control', 'no-cache');
          if (name === 'sw.js') reply.header('service-worker-allowed', '/');
          if (name.endsWith('.webmanifest')) reply.header('content-type', 'application/manifest+json; charset=utf-8');
        } else if (/^assets[\\/]/.test(path.relative(webDir, filePath))) {
          // Hashed names: a file never changes under its name.
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        } else reply.header('cache-control', 'public, max-age=3600');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    if (html && request.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    }
    return sendProblem(request, reply, 'route_not_found', { method: request.method, url: bounded(url) });
  });
}
