import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../db/client.js';
import { openTestDatabase } from '../../test/harness.js';

/**
 * The installable app's files as the server sends them (issue 17 §3): the service worker, its registration and the
 * manifest are asked for again at every visit, so a deploy reaches a phone at once; hashed assets are kept a year;
 * a client-side route gets the shell. The CSP lets the worker and the manifest load from our own origin.
 */
describe('the web app’s files', () => {
  let app: FastifyInstance;
  let database: Database;
  let root: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-web-'));
    const web = path.join(root, 'web');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>社治通</title>');
    fs.writeFileSync(path.join(web, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    fs.writeFileSync(path.join(web, 'registerSW.js'), 'navigator.serviceWorker.register("/sw.js");');
    fs.writeFileSync(path.join(web, 'workbox-77fc6f87.js'), 'define([], () => {});');
    fs.writeFileSync(path.join(web, 'manifest.webmanifest'), JSON.stringify({ name: '社治通' }));
    fs.writeFileSync(path.join(web, 'assets', 'index-D_rhLXHJ.js'), 'export {};');
    const config = loadConfig({ LOG_LEVEL: 'silent', PII_KEY: inject('piiKey'), JOBS: 'off', DATA_DIR: path.join(root, 'data'), SEED_DEMO: 'false' }, { webDir: web });
    app = await buildApp({ config, database, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('sends the service worker, its registration and the manifest uncached, with their types', async () => {
    const sw = await app.inject({ url: '/sw.js' });
    expect(sw.statusCode, sw.body).toBe(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['service-worker-allowed']).toBe('/');
    for (const url of ['/registerSW.js', '/workbox-77fc6f87.js', '/index.html']) expect((await app.inject({ url })).headers['cache-control'], url).toBe('no-cache');
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    expect(manifest.json()).toEqual({ name: '社治通' });
  });

  it('keeps hashed assets a year and answers client-side routes with the shell, uncached', async () => {
    const asset = await app.inject({ url: '/assets/index-D_rhLXHJ.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await app.inject({ url: '/rotation/mine/queue' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/api/v1/nothing-here' })).statusCode).toBe(404);
  });

  it('lets workers and the manifest come from our origin only', async () => {
    const csp = String((await app.inject({ url: '/sw.js' })).headers['content-security-policy']);
    // worker-src and manifest-src fall back to script-src and default-src: 'self'.
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/worker-src|manifest-src/);
  });
});
