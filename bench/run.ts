// `npm run bench [-- --only startup|children|login|search|transition|import|projects|workbench|regions|rotation|concerns|records-sync|assessment[,…]] [--quick]`
// Runs the speed benchmarks of the issue against 127.0.0.1 only, prints tables and writes
// bench/results/latest.json. Spawned servers, temp folders and bench databases are cleaned up on
// success, failure and Ctrl-C. See docs/PERFORMANCE.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanupAll, cleanupSync } from './lib/cleanup.js';
import { pgVersion, PG_ADMIN_URL } from './lib/pg.js';
import { ROOT, SERVER_ENTRY } from './lib/server.js';
import { log, median, round, table } from './lib/stats.js';
import { benchStartup, printStartup, type StartupResult } from './startup.js';
import { benchChildren, type ChildrenResult } from './children.js';
import { benchLogin, type LoginResult } from './login.js';
import { benchSearch, TERMS, type SearchResult } from './search.js';
import { benchTransition, type TransitionResult } from './transition.js';
import { benchImport, type ImportResult } from './import.js';
import { benchProjects, type ProjectsResult } from './projects.js';
import { benchWorkbench, type WorkbenchResult } from './workbench.js';
import { benchRegions, type RegionsResult } from './regions.js';
import { benchRotation, type RotationResult } from './rotation.js';
import { benchConcerns, type ConcernsResult } from './concerns.js';
import { benchRecordsSync, type RecordsSyncResult } from './records-sync.js';
import { benchAssessment, type AssessmentResult } from './assessment.js';

const SUITES = ['startup', 'children', 'login', 'search', 'transition', 'import', 'projects', 'workbench', 'regions', 'rotation', 'concerns', 'records-sync', 'assessment'] as const;
type Suite = (typeof SUITES)[number];

function parseArgs(argv: string[]): { only: Suite[]; quick: boolean } {
  let only: Suite[] = [...SUITES];
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const names = (value ?? '').split(/[,|]/).filter(Boolean);
      const bad = names.filter((n) => !(SUITES as readonly string[]).includes(n));
      if (names.length === 0 || bad.length) throw new Error(`--only takes ${SUITES.join('|')} (comma-separated), not "${value ?? ''}"`);
      only = names as Suite[];
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`npm run bench [-- --only ${SUITES.join('|')}[,…]] [--quick]\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return { only, quick };
}

function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach(walk);
  return newest;
}

/** The benchmarks run the built server: build it when missing or older than its sources. */
function ensureBuilt(): boolean {
  const built = fs.existsSync(SERVER_ENTRY) ? fs.statSync(SERVER_ENTRY).mtimeMs : 0;
  if (built >= newestMtime([path.join(ROOT, 'server'), path.join(ROOT, 'contracts')])) return false;
  log('dist/server/main.mjs is missing or stale: building it');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { cwd: ROOT, stdio: 'inherit' });
  return true;
}

function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'contracts'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

const yes = (b: boolean | null) => (b === null ? 'info' : b ? 'MET' : 'NOT MET');

function printChildren(r: ChildrenResult): string {
  const lines: string[] = [];
  lines.push(
    table(
      `2. GET /api/v1/regions/{许村镇}/children, ${r.connections} connections, ${r.durationS} s per run, medians of ${r.server.runs.length} alternating rounds`,
      ['process', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'non-2xx', 'valid'],
      [
        ['Shezhi server (PostgreSQL)', r.server.reqPerSec, r.server.p50, r.server.p99, r.server.cpuUsPerReq, r.server.runs.reduce((n, x) => n + x.non2xx + x.errors, 0), r.server.allValid ? 'yes' : 'NO'],
        ['yardstick (Fastify + pg, no auth)', r.yardstick.reqPerSec, r.yardstick.p50, r.yardstick.p99, r.yardstick.cpuUsPerReq, r.yardstick.runs.reduce((n, x) => n + x.non2xx + x.errors, 0), r.yardstick.allValid ? 'yes' : 'NO'],
        ...(r.pglite ? [['Shezhi server (PGlite, info)', r.pglite.reqPerSec, r.pglite.p50, r.pglite.p99, r.pglite.cpuUsPerReq, r.pglite.runs.reduce((n, x) => n + x.non2xx + x.errors, 0), r.pglite.allValid ? 'yes' : 'NO']] : []),
      ],
    ),
  );
  lines.push(
    table('   targets', ['target', 'measured', 'result'], [
      ['>= 2,000 req/s', round(r.server.reqPerSec, 0), yes(r.targets.reqPerSec)],
      ['p99 <= 40 ms', `${r.server.p99} ms`, yes(r.targets.p99)],
      ['>= 60 % of the yardstick', `${round(100 * r.ratioOfMedians, 1)} % (rounds: ${r.ratios.map((x) => round(100 * x, 1) + ' %').join(', ')})`, yes(r.targets.ratio)],
      ['all answers 2xx (0 non-2xx, 0 errors)', r.targets.valid ? 'yes' : 'NO', r.targets.valid ? 'valid' : 'INVALID RUN'],
    ]),
  );
  lines.push(
    table(
      '   where the time goes (same server process, information)',
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'valid'],
      r.breakdown.map((b) => [b.label, b.run.reqPerSec, b.run.p50, b.run.p99, b.run.cpuUsPerReq, b.run.valid ? 'yes' : 'NO']),
    ),
  );
  return lines.join('\n');
}

function printLogin(r: LoginResult): string {
  const rows: (string | number)[][] = [];
  for (const c of r.cases) {
    rows.push([`${c.db}: /api/health alone`, c.healthAlone.p50, c.healthAlone.p99, c.healthAlone.max, c.healthAlone.reqPerSec, c.healthAlone.non2xx + c.healthAlone.errors, '']);
    rows.push([`${c.db}: /api/health during logins`, c.healthDuringLogins.p50, c.healthDuringLogins.p99, c.healthDuringLogins.max, c.healthDuringLogins.reqPerSec, c.healthDuringLogins.non2xx + c.healthDuringLogins.errors, yes(c.met)]);
    rows.push([`${c.db}: POST /auth/login (20 conns)`, c.logins.p50, c.logins.p99, c.logins.max, c.logins.reqPerSec, c.logins.non2xx + c.logins.errors, '']);
  }
  return table(`3. Logins vs the event loop (${r.durationS} s, health probe at 100 req/s)`, ['case', 'p50 ms', 'p99 ms', 'max ms', 'req/s', 'non-2xx', 'result'], rows);
}

function printSearch(r: SearchResult): string {
  const lines: string[] = [];
  lines.push(
    table(
      `4. Name search over 100,000 orgs (${TERMS.length} terms round-robin, ${r.durationS} s per round, medians of ${r.rounds} rounds; latency in ms)`,
      ['case', 'conns', 'req/s', 'p50', 'p95', 'p99', 'common p95', 'selective p95', 'CPU µs/req', 'non-2xx', 'target', 'result'],
      r.cases.map((c) => [
        `${c.db === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${c.endpoint === 'staff' ? 'GET /orgs?q= (admin)' : 'GET /public/orgs?q='}`,
        c.connections,
        c.reqPerSec,
        c.p50,
        c.p95,
        c.p99,
        c.byTag.common?.p95 ?? '-',
        c.byTag.selective?.p95 ?? '-',
        round(c.cpuUsPerReq, 0),
        c.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
        c.targetP95 === null ? '(info)' : `p95 <= ${c.targetP95} ms`,
        c.valid ? yes(c.met) : 'INVALID',
      ]),
    ),
  );
  lines.push(
    table(
      '   per term: matches among active orgs; p50 / p95 ms per case (medians of rounds)',
      ['term', 'matches', ...r.cases.map((c) => `${c.db === 'postgres' ? 'PG' : 'PGlite'} ${c.endpoint}`)],
      TERMS.map(({ term, kind }) => [`${term} (${kind})`, r.matches[term] ?? '-', ...r.cases.map((c) => (c.byTag[term] ? `${round(c.byTag[term].p50, 1)} / ${round(c.byTag[term].p95, 1)}` : '-'))]),
    ),
  );
  if (r.gen.postgresS !== null || r.gen.pgliteS !== null) lines.push(`   npm run gen -- --orgs 100000: PostgreSQL ${r.gen.postgresS === null ? '-' : `${round(r.gen.postgresS, 1)} s`}, PGlite ${r.gen.pgliteS === null ? '-' : `${round(r.gen.pgliteS, 1)} s`} (empty database: migrate + demo data + orgs)`);
  return lines.join('\n');
}

function printTransition(r: TransitionResult): string {
  const lines: string[] = [];
  lines.push(
    table(
      `5. POST /api/v1/cases/{id}/transitions with Prefer: return=minimal (as the web app sends), ${r.connections} connections, ${r.perRound} real transitions per round, medians of ${r.runs.length} rounds (ms)`,
      ['case', 'req/s', 'p50', 'p95', 'p99', 'accept p95', 'notice p95', 'CPU µs/req', 'non-2xx', 'target', 'result'],
      [
        [
          'PostgreSQL, admin accepts / sends notices',
          r.reqPerSec,
          r.p50,
          r.p95,
          r.p99,
          r.byEvent.accept?.p95 ?? '-',
          r.byEvent.requestSupplement?.p95 ?? '-',
          round(r.cpuUsPerReq, 0),
          r.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
          `p95 <= ${r.targetP95} ms`,
          r.valid ? yes(r.met) : 'INVALID',
        ],
        [
          'the same, case file in the answer (1 round)',
          r.fullFile.reqPerSec,
          r.fullFile.p50,
          r.fullFile.p95,
          r.fullFile.p99,
          '-',
          '-',
          round(r.fullFile.cpuUsPerReq, 0),
          '-',
          '(for comparison)',
          r.fullFile.valid ? '-' : 'INVALID',
        ],
      ],
    ),
  );
  lines.push(`   rounds: ${r.runs.map((x) => `${round(x.reqPerSec, 0)}/s p95 ${x.p95} ms`).join('; ')}`);
  lines.push(`   check: ${r.check.fired} fired → ${r.check.steps} history steps, ${r.check.audits} audit events (${r.check.ok ? 'one each' : 'MISMATCH'}); gen --applications ${r.gen.applications}: ${round(r.gen.seconds, 1)} s`);
  return lines.join('\n');
}

function printConcerns(r: ConcernsResult): string {
  const lines: string[] = [];
  lines.push(
    table(
      `GET /api/v1/concerns with filters over ${r.concerns.toLocaleString('en')} concerns, ${r.connections} connections, 20 rows a page, medians of ${r.runs.length} rounds (ms)`,
      ['case', 'req/s', 'p50', 'p95', 'p99', 'CPU µs/req', 'non-2xx', 'target', 'result'],
      [[`PostgreSQL, admin, ${Object.keys(r.rowsPerFilter).length} filter mixes round-robin`, r.reqPerSec, r.p50, r.p95, r.p99, round(r.cpuUsPerReq, 0), r.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0), `p95 <= ${r.targetP95} ms`, r.valid ? yes(r.met) : 'INVALID']],
    ),
  );
  lines.push(
    table(
      '   per filter (rows on the page, p50 / p95 / p99 ms, req/s of the mix)',
      ['filter', 'rows', 'p50', 'p95', 'p99', 'req/s'],
      Object.entries(r.byTag)
        .filter(([k]) => k !== 'all')
        .map(([k, v]) => [k, r.rowsPerFilter[k] ?? '-', v.p50, v.p95, v.p99, round(r.reqPerSecByTag[k] ?? 0, 0)]),
    ),
  );
  lines.push(`   npm run gen -- --concerns 1000000: ${r.gen.seconds === null ? 'a database made before (BENCH_CONCERNS_DB)' : `${round(r.gen.seconds, 1)} s (empty database: migrate + demo data + concerns)`}`);
  return lines.join('\n');
}

function printProjects(r: ProjectsResult): string {
  const lines: string[] = [];
  lines.push(
    table(
      `7. GET /api/v1/projects with filters over 100,000 projects, ${r.connections} connections, 20 rows a page, medians of ${r.runs.length} rounds (ms)`,
      ['case', 'req/s', 'p50', 'p95', 'p99', 'CPU µs/req', 'non-2xx', 'target', 'result'],
      [['PostgreSQL, admin, 12 filter mixes round-robin', r.reqPerSec, r.p50, r.p95, r.p99, round(r.cpuUsPerReq, 0), r.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0), `p95 <= ${r.targetP95} ms`, r.valid ? yes(r.met) : 'INVALID']],
    ),
  );
  lines.push(table('   per filter (p50 / p95 ms, rows on the first page)', ['filter', 'rows', 'p50', 'p95'], Object.entries(r.byTag).filter(([k]) => k !== 'all').map(([k, v]) => [k, r.rowsPerFilter[k] ?? '-', v.p50, v.p95])));
  lines.push(
    table(
      '8. OCDS release package of 10,000 projects (GET /api/v1/opendata/ocds/releases?limit=10000), server RSS sampled every 50 ms',
      ['run', 'releases', 'MiB', 'first byte ms', 'seconds', 'RSS before', 'RSS peak', 'target', 'result'],
      r.ocds.map((o, i) => [i + 1, o.releases, round(o.bytes / 1024 / 1024, 1), o.firstByteMs, round(o.seconds, 2), `${round(o.rssBeforeMiB, 0)} MiB`, `${round(o.rssPeakMiB, 0)} MiB`, `<= ${r.ocdsTargetS} s`, yes(r.ocdsMet)]),
    ),
  );
  lines.push(`   npm run gen -- --projects 100000: ${round(r.gen.seconds, 1)} s (empty database: migrate + demo data + projects)`);
  return lines.join('\n');
}

function printWorkbench(r: WorkbenchResult): string {
  return table(
    `9. GET /api/v1/workbench per role and GET /api/v1/users (demo data; information, no target), ${r.durationS} s per round, medians of ${r.rounds} interleaved rounds (ms)`,
    ['case', 'conns', 'req/s', 'p50', 'p95', 'p99', 'CPU µs/req', 'non-2xx', 'answer', 'valid'],
    r.cases.map((c) => [
      `${c.db === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${c.tag}`,
      c.connections,
      round(c.reqPerSec, 0),
      c.p50,
      c.p95,
      c.p99,
      round(c.cpuUsPerReq, 0),
      c.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
      c.answer,
      c.valid ? 'yes' : 'INVALID',
    ]),
  );
}

function printRegions(r: RegionsResult): string {
  const lines: string[] = [];
  lines.push(
    `\n10. Division codes at province scale (issue 16 §Speed): ${r.files.map((f) => `${f.name} ${f.rows}`).join(', ')} rows ` +
      `(海宁市 and its ${r.files.find((f) => f.level === 'town')?.demoRows ?? 0} towns, ${r.files.find((f) => f.level === 'community')?.demoRows ?? 0} villages as the demo has them); uploaded level by level as the platform administrator`,
  );
  for (const c of r.cases) {
    const name = c.db === 'postgres' ? 'PostgreSQL' : 'PGlite';
    lines.push(
      table(
        `   ${name}: POST /api/v1/regions/import per file, dry run then apply=true (s); server RSS sampled every 50 ms`,
        ['file', 'rows', 'dry run s', 'apply s', 'created', 'moved', 'renamed', 'unchanged', 'skipped', 'RSS peak', 're-apply s', 're-apply'],
        [
          ...c.steps.map((s, i) => [
            s.file,
            s.rows,
            s.dryS.toFixed(2),
            s.applyS.toFixed(2),
            s.applied.created,
            s.applied.moved,
            s.applied.renamed,
            s.applied.unchanged,
            s.applied.skipped,
            `${round(s.rssPeakMiB, 0)} MiB`,
            c.reapply.perFile[i] ? c.reapply.perFile[i].s.toFixed(2) : '-',
            c.reapply.perFile[i] ? `${c.reapply.perFile[i].counts.unchanged} unchanged` : '-',
          ]),
          ['all', c.steps.reduce((a, b) => a + b.rows, 0), c.dryS.toFixed(2), c.applyS.toFixed(2), c.created, '', '', '', '', `${round(c.rssPeakMiB, 0)} MiB (before ${round(c.rssBeforeMiB, 0)})`, c.reapply.totalS.toFixed(2), c.reapply.allUnchanged ? 'all unchanged' : 'CHANGED'],
        ],
      ),
    );
    const row = (label: string, regions: string, x: RegionsResult['cases'][number]['before']) => [
      label,
      regions,
      round(x.reqPerSec, 0),
      x.p50,
      x.p95,
      x.p99,
      round(x.cpuUsPerReq, 0),
      x.runs.reduce((n, y) => n + y.non2xx + y.errors + y.timeouts, 0),
      x.valid ? 'yes' : 'NO',
    ];
    const ratioRow = (label: string, q: RegionsResult['cases'][number]['ratio']) => [label, '', `${round(q.reqPerSec, 2)} ×`, `${round(q.p50, 2)} ×`, `${round(q.p95, 2)} ×`, `${round(q.p99, 2)} ×`, `${round(q.cpuUsPerReq, 2)} ×`, '', ''];
    lines.push(
      table(
        `   ${name}: GET /api/v1/regions/{许村镇}/children as admin (${c.before.items} items), ${c.connections} connections, ${c.durationS} s per round, medians of ${c.rounds}, alternating with the control (ms); load ${c.loadavg.before.join(' ')} → ${c.loadavg.after.join(' ')}`,
        ['when', 'regions', 'req/s', 'p50', 'p95', 'p99', 'CPU µs/req', 'non-2xx', 'valid'],
        [
          row('before the import', 'demo', c.before),
          row('after the import', `+${c.created}`, c.after),
          ratioRow('after / before', c.ratio),
          row('control, before', 'demo', c.controlBefore),
          row('control, after', 'demo', c.controlAfter),
          ratioRow('control after / before (drift)', c.controlRatio),
          ratioRow('after / control after', c.vsControl),
          row('after, both restarted', `+${c.created}`, c.afterRestart),
          row('control, restarted', 'demo', c.controlAfterRestart),
          ratioRow('restarted: after / control', c.restartVsControl),
        ],
      ),
    );
    lines.push(
      table(`   ${name}: targets`, ['target', 'measured', 'result'], [
        [`import <= ${r.targetS} s (dry runs + applies)`, `${round(c.totalS, 1)} s (applies ${round(c.applyS, 1)} s), RSS ${round(c.rssBeforeMiB, 0)} → ${round(c.rssPeakMiB, 0)} MiB`, yes(c.met.time)],
        [`children p95 unchanged: after <= ${r.p95Tolerance} × before`, `${c.before.p95} → ${c.after.p95} ms (${round(c.ratio.p95, 2)} ×)`, yes(c.met.p95)],
        [`  the same against the control, same minutes`, `${c.controlAfter.p95} → ${c.after.p95} ms (${round(c.vsControl.p95, 2)} ×)`, yes(c.met.p95VsControl)],
        [`  both restarted (fresh processes, the data alone)`, `${c.controlAfterRestart.p95} → ${c.afterRestart.p95} ms (${round(c.restartVsControl.p95, 2)} ×)`, yes(c.met.p95AfterRestart)],
      ]),
    );
  }
  return lines.join('\n');
}

function printRecordsSync(r: RecordsSyncResult): string {
  return table(
    `11. Syncing ${r.records} queued field records (${r.withPhoto} with a photo) from the phone's queue code to the server, then the same ${r.records} again; medians of ${r.rounds} rounds (s)`,
    ['database', 'sync s', 'photos s', 'again s', 'again: alreadySynced', 'server count +', 'target', 'result'],
    r.cases.map((c) => [
      c.db === 'postgres' ? 'PostgreSQL' : 'PGlite',
      round(c.seconds, 2),
      round(median(c.runs.map((x) => x.uploadS)), 2),
      round(c.resyncS, 2),
      c.runs.map((x) => x.resyncAlready).join('/'),
      c.runs.map((x) => x.serverDelta).join('/'),
      '<= 10 s',
      yes(c.met),
    ]),
  );
}

function printRotation(r: RotationResult): string {
  return table(
    `10. Rotation solver through the API: 2027's pairing, season 1, then the whole year (towns in worker threads; medians of ${r.rounds} rounds)`,
    ['database', 'pairing s', 'season s', 'season: towns', 'max gap', 'slowest town s', 'year s', 'year: coverage', 'hard breaches', 'target', 'result'],
    r.cases.map((c) => {
      const last = c.runs.at(-1);
      return [
        c.db === 'postgres' ? 'PostgreSQL' : 'PGlite',
        round(c.pairingS, 1),
        round(c.seasonS, 1),
        last ? Object.entries(last.seasonStatuses).map(([k, v]) => `${v} ${k}`).join(', ') : '',
        last ? `${round(last.seasonMaxGap * 100, 2)} %` : '',
        last ? round(last.seasonTownMaxS, 1) : '',
        round(c.yearS, 1),
        last ? last.yearCoverage.join(' / ') : '',
        last ? last.yearHardBreaches : '',
        'season ≤ 30 s, gap ≤ 1 %; year ≤ 120 s',
        `${yes(c.met.season)} / ${yes(c.met.year)}`,
      ];
    }),
  );
}

function printAssessment(r: AssessmentResult): string {
  const lines: string[] = [];
  const name = (db: string) => (db === 'postgres' ? 'PostgreSQL' : 'PGlite');
  const ms = (x: number) => round(x, x < 1 ? 3 : 1);
  const verdict = (db: string, met: boolean) => (db === 'postgres' ? yes(met) : `${met ? 'met' : 'not met'} (info)`);
  lines.push(
    table(
      `12. Assessment (issue 18 §Speed): aggregating a round of ${r.pure.subjects} stations × ${r.pure.indicators} indicators × ${r.pure.evaluators} evaluators; medians of ${r.rounds} rounds (ms)`,
      ['case', 'median', 'p95', 'target', 'result'],
      [
        [`pure aggregate() (first call ${ms(r.pure.firstCallMs)} ms)`, ms(r.pure.median), ms(r.pure.p95), `<= ${r.targets.roundMs} ms`, yes(r.pure.met)],
        ...r.cases.flatMap((c) => [
          ...c.direct.map((d) => [`${name(c.db)}: computeRoundResults, ${d.tag}`, ms(d.median), ms(d.p95), `<= ${r.targets.roundMs} ms`, verdict(c.db, d.met)]),
          [`${name(c.db)}: GET …/results 2026 as admin (live), 1 connection`, ms(c.liveRequest.median), ms(c.liveRequest.p95), `<= ${r.targets.roundMs} ms`, verdict(c.db, c.liveRequest.p95 <= r.targets.roundMs)],
        ]),
      ],
    ),
  );
  lines.push(
    table(
      `   ranking ${r.cases[0]?.bids.subjects ?? 1000} bids × 5 experts: computeRoundResults(db, round, { tieBreak }) end to end, median of 5 per round, medians of ${r.rounds} rounds`,
      ['database', 'scores', 'written in', 'tied bids', 'median ms', 'max ms', 'target', 'result'],
      r.cases.map((c) => [name(c.db), c.bids.scores, `${round(c.bids.insertS, 1)} s`, c.bids.tiedSubjects, ms(c.bids.median), ms(c.bids.max), `<= ${r.targets.bidsMs} ms`, verdict(c.db, c.bids.met)]),
    ),
  );
  lines.push(
    table(
      `   GET /api/v1/assessment/rounds/{id}/results, ${r.connections} connections, ${r.durationS} s per round, medians of ${r.rounds} interleaved rounds (ms)`,
      ['case', 'req/s', 'p50', 'p95', 'p99', 'CPU µs/req', 'non-2xx', 'target', 'result'],
      r.cases.flatMap((c) =>
        c.load.map((l) => [`${name(c.db)}: ${l.tag}`, round(l.reqPerSec, 0), l.p50, l.p95, l.p99, round(l.cpuUsPerReq, 0), l.runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0), `p95 <= ${r.targets.p95Ms} ms`, l.valid ? verdict(c.db, l.met) : 'INVALID']),
      ),
    ),
  );
  for (const c of r.cases) lines.push(`   ${name(c.db)}: load average ${c.loadavg.before.join(' ')} → ${c.loadavg.after.join(' ')}`);
  return lines.join('\n');
}

function printImport(r: ImportResult): string {
  return table(
    '6. Excel import through the API (upload → validated → run validOnly → completed); RSS of the server process',
    ['case', 'rows', 'file MiB', 'upload s', 'validate s', 'import s', 'total s', 'imported', 'invalid', 'RSS before', 'RSS peak', 'target', 'result'],
    r.runs.map((x) => [
      `${x.db === 'postgres' ? 'PostgreSQL' : 'PGlite'}${x.heapCapMiB ? `, heap ≤ ${x.heapCapMiB} MiB` : ''}`,
      x.rows,
      round(x.fileMiB, 2),
      round(x.uploadS, 2),
      round(x.validateS, 1),
      round(x.importS, 1),
      round(x.totalS, 1),
      x.importedRows,
      x.invalidRows,
      `${round(x.rssBeforeMiB, 0)} MiB`,
      `${round(x.rssPeakMiB, 0)} MiB`,
      x.targetS === null ? '(info)' : `<= ${x.targetS} s`,
      yes(x.met),
    ]),
  );
}

async function main() {
  const { only, quick } = parseArgs(process.argv.slice(2));
  const started = new Date();
  const rebuilt = ensureBuilt();
  const pg = await pgVersion();
  if (!pg) log(`PostgreSQL at ${PG_ADMIN_URL} is not reachable: its parts are skipped`);
  const meta = {
    date: started.toISOString(),
    quick,
    suites: only,
    machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, memGiB: round(os.totalmem() / 2 ** 30, 1), loadavgAtStart: os.loadavg().map((x) => round(x, 2)), platform: `${os.type()} ${os.release()}` },
    node: process.version,
    postgres: pg,
    commit: gitCommit(),
    rebuiltServer: rebuilt,
  };
  log(`suites ${only.join(', ')}${quick ? ' (quick)' : ''}; node ${process.version}, PostgreSQL ${pg ?? 'n/a'}, ${meta.machine.nproc} cores`);

  const results: {
    meta: typeof meta;
    startup?: StartupResult;
    children?: ChildrenResult;
    login?: LoginResult;
    search?: SearchResult;
    transition?: TransitionResult;
    import?: ImportResult;
    projects?: ProjectsResult;
    workbench?: WorkbenchResult;
    regions?: RegionsResult;
    rotation?: RotationResult;
    recordsSync?: RecordsSyncResult;
    concerns?: ConcernsResult;
    assessment?: AssessmentResult;
    failures: Record<string, string>;
  } = { meta, failures: {} };
  const out: string[] = [];
  for (const suite of only) {
    try {
      if (suite === 'startup') {
        results.startup = await benchStartup({ quick, postgres: !!pg });
        out.push(printStartup(results.startup));
      } else if (suite === 'children') {
        if (!pg) throw new Error('needs the PostgreSQL server');
        results.children = await benchChildren({ quick, pglite: true });
        out.push(printChildren(results.children));
        for (const e of results.children.errors) out.push(`   ! ${e}`);
        for (const w of results.children.warnings) out.push(`   note: ${w}`);
      } else if (suite === 'login') {
        results.login = await benchLogin({ quick, postgres: !!pg, pglite: true });
        out.push(printLogin(results.login));
        for (const e of results.login.errors) out.push(`   ! ${e}`);
      } else if (suite === 'search') {
        results.search = await benchSearch({ quick, postgres: !!pg, pglite: true });
        out.push(printSearch(results.search));
        for (const e of results.search.errors) out.push(`   ! ${e}`);
      } else if (suite === 'transition') {
        if (!pg) throw new Error('needs the PostgreSQL server');
        results.transition = await benchTransition({ quick });
        out.push(printTransition(results.transition));
        for (const e of results.transition.errors) out.push(`   ! ${e}`);
      } else if (suite === 'projects') {
        if (!pg) throw new Error('needs the PostgreSQL server');
        results.projects = await benchProjects({ quick });
        out.push(printProjects(results.projects));
        for (const e of results.projects.errors) out.push(`   ! ${e}`);
      } else if (suite === 'workbench') {
        results.workbench = await benchWorkbench({ quick, postgres: !!pg, pglite: true });
        out.push(printWorkbench(results.workbench));
        for (const e of results.workbench.errors) out.push(`   ! ${e}`);
      } else if (suite === 'rotation') {
        results.rotation = await benchRotation({ quick, postgres: !!pg, pglite: true });
        out.push(printRotation(results.rotation));
        for (const e of results.rotation.errors) out.push(`   ! ${e}`);
      } else if (suite === 'records-sync') {
        results.recordsSync = await benchRecordsSync({ quick, postgres: !!pg, pglite: true });
        out.push(printRecordsSync(results.recordsSync));
        for (const e of results.recordsSync.errors) out.push(`   ! ${e}`);
      } else if (suite === 'concerns') {
        if (!pg) throw new Error('needs the PostgreSQL server');
        results.concerns = await benchConcerns({ quick });
        out.push(printConcerns(results.concerns));
        for (const e of results.concerns.errors) out.push(`   ! ${e}`);
      } else if (suite === 'assessment') {
        results.assessment = await benchAssessment({ quick, postgres: !!pg, pglite: true });
        out.push(printAssessment(results.assessment));
        for (const e of results.assessment.errors) out.push(`   ! ${e}`);
      } else if (suite === 'regions') {
        results.regions = await benchRegions({ quick, postgres: !!pg, pglite: true });
        out.push(printRegions(results.regions));
        for (const e of results.regions.errors) out.push(`   ! ${e}`);
      } else {
        results.import = await benchImport({ postgres: !!pg, pglite: true });
        out.push(printImport(results.import));
        for (const e of results.import.errors) out.push(`   ! ${e}`);
      }
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      results.failures[suite] = message;
      out.push(`\n${suite}: FAILED\n${message}`);
      log(`${suite} failed: ${message}`);
    } finally {
      await cleanupAll();
    }
  }

  const file = path.join(ROOT, 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(
    `\nShezhi benchmarks — ${meta.date}${quick ? ' (quick)' : ''} — node ${meta.node}, PostgreSQL ${pg ?? 'n/a'}, ${meta.machine.nproc} × ${meta.machine.cpu}\n` +
      out.join('\n') +
      `\n\nwritten ${path.relative(ROOT, file)}\n`,
  );
  if (Object.keys(results.failures).length) process.exitCode = 1;
}

// Ctrl-C reaches this process twice (from the terminal and relayed by npm/tsx): clean up once, ignore
// repeats, and give up only if cleaning up hangs.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up`);
    setTimeout(() => process.exit(130), 30_000).unref();
    void cleanupAll().finally(() => process.exit(130));
  });
}
process.on('exit', cleanupSync);

main()
  .catch((err) => {
    const usage = err instanceof Error && /^(--only|unknown option)/.test(err.message);
    process.stderr.write(`bench failed: ${err instanceof Error ? (usage ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
