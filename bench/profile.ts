// Where does the server's CPU go? `npx tsx bench/profile.ts [--route children|region|me|health|orgs|public-orgs] [--seconds 10]`
// Seeds a fresh PostgreSQL database, runs the built server under `node --cpu-prof`, loads one route
// with 50 connections, stops the server and prints the self time by package and by function.
// The .cpuprofile is kept in bench/results/ (open it in Chrome DevTools or speedscope).
import fs from 'node:fs';
import path from 'node:path';
import { cleanupAll, cleanupSync } from './lib/cleanup.js';
import { analyze, createBenchDb } from './lib/pg.js';
import { login, ROOT, SERVER_ENTRY, startProcess, startServer, tempDir, townId, type Running } from './lib/server.js';
import { captureChildrenSql } from './sql-capture.js';
import { load } from './lib/load.js';
import { table } from './lib/stats.js';
import { TOWN_CODE } from './children.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.includes('dist/server/main.mjs')) return 'shezhi server (bundle)';
  if (url.startsWith('node:')) return 'node core';
  return url;
}

export function summarizeProfile(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const key = `${n.callFrame.functionName || '(anonymous)'}  [${pkg}:${n.callFrame.lineNumber + 1}]`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const idle = (byPkg.get('(idle)') ?? 0);
  const busy = totalUs - idle;
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()].filter(([name]) => name !== '(idle)' && !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => ({ name, ms: us / 1000, pctOfBusy: (100 * us) / busy }));
  return { totalMs: totalUs / 1000, busyMs: busy / 1000, packages: top(byPkg, 20), functions: top(byFn, 30) };
}

async function main() {
  const args = process.argv.slice(2);
  const route = args.includes('--route') ? args[args.indexOf('--route') + 1] : 'children';
  const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 10;
  const db = await createBenchDb('profile');
  // One data folder for every start: it holds the personal-data key the seeder generated, and a server refuses a
  // database with sealed data under any other key.
  const dataDir = path.join(tempDir('profile'), 'data');
  // Seed with a plain server, then ANALYZE, as autovacuum would have done on a live database.
  const seeder = await startServer('seeder', { DATABASE_URL: db.url, DATA_DIR: dataDir });
  await seeder.stop();
  await analyze(db.url);

  const profDir = tempDir('cpuprof');
  const prof = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const plain = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: dataDir });
  const cookie = await login(plain.base);
  const id = await townId(plain.base, cookie, TOWN_CODE);
  await plain.stop();
  let server: Running;
  let url: string;
  if (route === 'yardstick') {
    const captured = await captureChildrenSql(db.url, cookie, id);
    server = await startProcess({
      label: 'yardstick --cpu-prof',
      args: [...prof, '--import', 'tsx', path.join(ROOT, 'bench', 'yardstick.ts')],
      env: { DATABASE_URL: db.url, SQL_PARAMS: JSON.stringify(captured.children[captured.children.length - 1].params), YARDSTICK_SQL: captured.children[captured.children.length - 1].sql },
      healthPath: '/health',
    });
    url = server.base + '/children';
  } else {
    server = await startServer('server --cpu-prof', { DATABASE_URL: db.url, DATA_DIR: dataDir }, { args: [...prof, SERVER_ENTRY] });
    const paths: Record<string, string> = {
      children: `/api/v1/regions/${id}/children`,
      region: `/api/v1/regions/${id}`,
      me: '/api/v1/auth/me',
      health: '/api/health',
      orgs: `/api/v1/orgs?q=${encodeURIComponent('服务')}&limit=20`,
      'public-orgs': `/api/v1/public/orgs?q=${encodeURIComponent('服务')}&limit=20`,
    };
    url = server.base + (paths[route] ?? paths.children);
  }
  const warm = await load({ url, headers: { cookie }, connections: 50, duration: 2 });
  const r = await load({ url, headers: { cookie }, connections: 50, duration: seconds });
  await server.stop(30_000);
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const keep = path.join(ROOT, 'bench', 'results', `${route}.cpuprofile`);
  fs.mkdirSync(path.dirname(keep), { recursive: true });
  fs.copyFileSync(path.join(profDir, file), keep);
  const s = summarizeProfile(JSON.parse(fs.readFileSync(keep, 'utf8')) as Profile);
  // Warm-up requests are in the profile too: per-request figures count them.
  const requests = r.total + warm.total;
  process.stdout.write(
    `\n${route}: ${r.reqPerSec.toFixed(0)} req/s, p99 ${r.p99} ms, non-2xx ${r.non2xx}; profile ${path.relative(ROOT, keep)}: ` +
      `busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms, ~${((1000 * s.busyMs) / requests).toFixed(0)} µs of main-thread CPU per request\n`,
  );
  process.stdout.write(table('self time by package', ['package', 'ms', '% of busy'], s.packages.map((p) => [p.name, p.ms, p.pctOfBusy])) + '\n');
  process.stdout.write(table('self time by function (top 30)', ['function', 'ms', '% of busy'], s.functions.map((p) => [p.name, p.ms, p.pctOfBusy])) + '\n');
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  process.on('exit', cleanupSync);
  main()
    .catch((err) => {
      process.stderr.write(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanupAll());
}
