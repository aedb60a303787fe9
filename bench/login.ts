// Target 3: argon2id logins must not block the event loop. GET /api/health latency from a light,
// fixed-rate probe, alone and while 20 connections hammer POST /api/v1/auth/login.
import path from 'node:path';
import { createBenchDb } from './lib/pg.js';
import { startServer, tempDir, type Running } from './lib/server.js';
import { load, warmUp, type LoadSummary } from './lib/load.js';
import { log } from './lib/stats.js';

const LOGIN_CONNECTIONS = 20;
const PROBE = { connections: 2, overallRate: 100 }; // 100 health checks a second, 2 connections

export interface LoginCase {
  db: 'postgres' | 'pglite';
  healthAlone: LoadSummary;
  healthDuringLogins: LoadSummary;
  logins: LoadSummary;
  /** p99 of health during logins stays under 50 ms and under half a login's median. */
  met: boolean;
}

export interface LoginResult {
  durationS: number;
  cases: LoginCase[];
  errors: string[];
}

const LOGIN_BODY = JSON.stringify({ username: 'admin', password: 'Shezhi@2026' });

async function measure(server: Running, db: LoginCase['db'], durationS: number): Promise<LoginCase> {
  const health = `${server.base}/api/health`;
  const loginOpts = { url: `${server.base}/api/v1/auth/login`, method: 'POST', headers: { 'content-type': 'application/json' }, body: LOGIN_BODY, connections: LOGIN_CONNECTIONS };
  // Logins first: when a run stops, the server still finishes the logins in flight, so let it drain.
  await warmUp(loginOpts, 1);
  await new Promise((r) => setTimeout(r, 1500));
  await warmUp({ url: health, connections: 2 }, 1);
  const healthAlone = await load({ url: health, ...PROBE, duration: durationS });
  const [healthDuringLogins, logins] = await Promise.all([load({ url: health, ...PROBE, duration: durationS }), load({ ...loginOpts, duration: durationS })]);
  const met = healthDuringLogins.valid && logins.valid && healthDuringLogins.p99 <= 50 && healthDuringLogins.p99 < logins.p50 / 2;
  log(
    `login/${db}: health alone p50 ${healthAlone.p50} p99 ${healthAlone.p99} ms; during logins p50 ${healthDuringLogins.p50} p99 ${healthDuringLogins.p99} ms; ` +
      `logins ${logins.reqPerSec.toFixed(1)}/s p50 ${logins.p50} ms, non-2xx ${logins.non2xx}`,
  );
  return { db, healthAlone, healthDuringLogins, logins, met };
}

export async function benchLogin(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<LoginResult> {
  const durationS = opts.quick ? 3 : 5;
  const cases: LoginCase[] = [];
  const errors: string[] = [];
  if (opts.postgres) {
    try {
      const db = await createBenchDb('login');
      const server = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir('login'), 'data') });
      cases.push(await measure(server, 'postgres', durationS));
      await server.stop();
      await db.drop();
    } catch (err) {
      errors.push(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.pglite) {
    try {
      const server = await startServer('server (PGlite)', { DATA_DIR: path.join(tempDir('login-pglite'), 'data') });
      cases.push(await measure(server, 'pglite', durationS));
      await server.stop();
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { durationS, cases, errors };
}
