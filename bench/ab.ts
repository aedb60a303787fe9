// Two or more builds of the server on the children endpoint, in interleaved rounds on the same machine:
// `npx tsx bench/ab.ts --build before=/tmp/wt-old/dist/server/main.mjs --build after=dist/server/main.mjs [--rounds 6] [--seconds 5]`
// Each build seeds its own PostgreSQL database (its own migrations, its own data folder and key) and runs from its
// own checkout; the yardstick runs on the last build's database. Every round loads each process once, in an order
// that rotates, so drift on a shared machine falls on all of them alike. Prints medians and per-round figures:
// req/s, the server's CPU µs per request, and both relative to the yardstick of the same round.
import path from 'node:path';
import { cleanupAll, cleanupSync } from './lib/cleanup.js';
import { withCpu } from './lib/cpu.js';
import { load, warmUp } from './lib/load.js';
import { analyze, createBenchDb } from './lib/pg.js';
import { login, ROOT, startProcess, startServer, tempDir, townId, type Running } from './lib/server.js';
import { log, median, round, table } from './lib/stats.js';
import { captureChildrenSql } from './sql-capture.js';
import { TOWN_CODE } from './children.js';

const CONNECTIONS = 50;

interface Target {
  label: string;
  process: Running;
  url: string;
  headers: Record<string, string>;
  runs: { reqPerSec: number; cpuUsPerReq: number; valid: boolean }[];
}

function parseArgs(argv: string[]) {
  const builds: { label: string; entry: string }[] = [];
  let rounds = 6;
  let seconds = 5;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--build') {
      const [label, entry] = argv[++i].split('=');
      builds.push({ label, entry: path.resolve(entry) });
    } else if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--seconds') seconds = Number(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  if (builds.length === 0) throw new Error('name at least one --build label=path/to/dist/server/main.mjs');
  return { builds, rounds, seconds };
}

async function main() {
  const { builds, rounds, seconds } = parseArgs(process.argv.slice(2));
  const targets: Target[] = [];
  let last: { url: string; cookie: string; id: string } | null = null;
  for (const build of builds) {
    const checkout = path.resolve(path.dirname(build.entry), '..', '..');
    const db = await createBenchDb(`ab_${build.label}`);
    const env = { DATABASE_URL: db.url, DATA_DIR: path.join(tempDir(`ab-${build.label}`), 'data') };
    const seeder = await startServer(`${build.label} (seeding)`, env, { args: [build.entry], cwd: checkout });
    await seeder.stop();
    await analyze(db.url);
    const server = await startServer(build.label, env, { args: [build.entry], cwd: checkout });
    const cookie = await login(server.base);
    const id = await townId(server.base, cookie, TOWN_CODE);
    targets.push({ label: build.label, process: server, url: `${server.base}/api/v1/regions/${id}/children`, headers: { cookie }, runs: [] });
    last = { url: db.url, cookie, id };
  }
  const page = (await captureChildrenSql(last!.url, last!.cookie, last!.id)).children.at(-1)!;
  const yardstick = await startProcess({
    label: 'yardstick',
    args: ['--import', 'tsx', path.join(ROOT, 'bench', 'yardstick.ts')],
    env: { DATABASE_URL: last!.url, SQL_PARAMS: JSON.stringify(page.params), YARDSTICK_SQL: page.sql },
    healthPath: '/health',
  });
  targets.push({ label: 'yardstick', process: yardstick, url: `${yardstick.base}/children`, headers: {}, runs: [] });

  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    log(`round ${r + 1}/${rounds}: ${order.map((t) => t.label).join(' → ')}`);
    for (const t of order) {
      await warmUp({ url: t.url, headers: t.headers, connections: CONNECTIONS }, 1);
      const { value, processCpuMs } = await withCpu(t.process.pid, () => load({ url: t.url, headers: t.headers, connections: CONNECTIONS, duration: seconds }));
      const run = { reqPerSec: value.reqPerSec, cpuUsPerReq: (1000 * processCpuMs) / Math.max(1, value.total), valid: value.valid };
      t.runs.push(run);
      log(`  ${t.label}: ${run.reqPerSec.toFixed(0)} req/s, ${run.cpuUsPerReq.toFixed(0)} µs CPU/req${run.valid ? '' : '  ** INVALID **'}`);
    }
  }
  const yard = targets.at(-1)!;
  const rows = targets.map((t) => {
    const ratios = t.runs.map((run, i) => run.reqPerSec / yard.runs[i].reqPerSec);
    const cpuRatios = t.runs.map((run, i) => run.cpuUsPerReq / yard.runs[i].cpuUsPerReq);
    return [
      t.label,
      round(median(t.runs.map((x) => x.reqPerSec)), 0),
      round(median(t.runs.map((x) => x.cpuUsPerReq)), 0),
      `${round(100 * median(ratios), 1)} % (${ratios.map((x) => round(100 * x, 0)).join(', ')})`,
      `${round(median(cpuRatios), 2)}× (${cpuRatios.map((x) => round(x, 2)).join(', ')})`,
      t.runs.every((x) => x.valid) ? 'yes' : 'NO',
    ];
  });
  process.stdout.write(
    table(`GET /api/v1/regions/{许村镇}/children, ${CONNECTIONS} connections, ${seconds} s × ${rounds} interleaved rounds, medians`, ['build', 'req/s', 'CPU µs/req', 'of yardstick req/s (rounds)', 'CPU vs yardstick (rounds)', 'valid'], rows) + '\n',
  );
  for (const t of targets) await t.process.stop();
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  process.on('exit', cleanupSync);
  main()
    .catch((err) => {
      process.stderr.write(`ab failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanupAll());
}
