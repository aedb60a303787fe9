// Issue 3, speed: import 10,000 organizations from Excel in <= 30 s with bounded memory (streamed).
// Writes a realistic .xlsx in the import template's layout (names, codes and people from the same
// generator as `npm run gen`), then goes through the real endpoints as the web wizard does: upload
// (POST /api/v1/org-imports, multipart), poll until validated, run in "import valid rows" mode, poll
// until completed. Times each phase and samples the server process's resident memory every 50 ms;
// files of 1,000 and 30,000 rows around the 10,000 of the target show how the peak grows with the
// file (it would grow in step with it if the file were read whole). On PostgreSQL and PGlite.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { makeCreditCode } from '../contracts/identifiers.js';
import { ORG_TYPE_NAMES } from '../contracts/org-kinds.js';
import { IMPORT_COLUMNS, SERVICE_FIELD_WORDS } from '../server/modules/orgs/use-cases/import-rows.js';
import { SUPERVISORS, creditCategoryOf, pickWith, prng, randomGrade, randomPerson, type Places } from '../server/modules/orgs/orgs.demo-seed.js';
import { draftOrg } from '../scripts/gen/orgs.js';
import { createBenchDb } from './lib/pg.js';
import { getJson, SERVER_ENTRY, signIn, startServer, tempDir, type Running } from './lib/server.js';
import { memoryMiB, sampleRss } from './lib/mem.js';
import { log, round } from './lib/stats.js';

export const IMPORT_ROWS = [1_000, 10_000, 30_000];

/** The largest file again on a server whose V8 heap is capped: it can only pass if the import streams. */
export const HEAP_CAP_MIB = 128;

export interface ImportRun {
  db: 'postgres' | 'pglite';
  /** Set when the server ran with --max-old-space-size. */
  heapCapMiB: number | null;
  rows: number;
  fileMiB: number;
  uploadS: number;
  validateS: number;
  importS: number;
  totalS: number;
  validRows: number;
  invalidRows: number;
  importedRows: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  targetS: number | null;
  met: boolean | null;
}

export interface ImportResult {
  runs: ImportRun[];
  errors: string[];
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

async function all<T>(base: string, cookie: string, p: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await getJson<Page<T>>(`${base}${p}${p.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`, cookie);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** A file of `n` new organizations in the template's layout, none of them already registered. */
async function writeFile(file: string, n: number, seed: number, places: Places, taken: Set<string>): Promise<void> {
  const rnd = prng(seed);
  const pick = pickWith(rnd);
  const words = new Map<string, string>();
  for (const [word, code] of Object.entries(SERVICE_FIELD_WORDS)) if (!words.has(code)) words.set(code, word);
  // Written in one piece like a spreadsheet program does ([Content_Types].xml first, shared strings):
  // ExcelJS's streaming writer puts the sheet first, and a large one pushes the parts that identify the
  // file as .xlsx past what the upload's content check reads, so it is refused as "not a spreadsheet".
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('社会组织');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
  for (let i = 0; i < n; i++) {
    const d = draftOrg(rnd, places, taken);
    if (!d) throw new Error('import bench: ran out of new names');
    taken.add(d.name);
    const rep = randomPerson(rnd, i);
    const contact = randomPerson(rnd, i + 500);
    const g = d.type === 'communityOrg' ? { grade: null, until: null } : randomGrade(rnd);
    const year = 2000 + Math.floor(rnd() * 26);
    const row: Record<string, string> = {
      name: d.name,
      creditCode: d.type === 'communityOrg' ? '' : makeCreditCode(creditCategoryOf(d.type), '330481', 70_000_000 + seed * 100_000 + i),
      type: ORG_TYPE_NAMES[d.type].zh,
      town: d.town.name,
      community: d.type === 'foundation' ? '' : d.community.name,
      address: `浙江省海宁市${d.town.name}${d.community.name}${1 + Math.floor(rnd() * 300)}号`,
      businessScope: `开展${d.topic}相关公益服务、宣传倡导与志愿活动`,
      serviceFields: d.fields.map((f) => words.get(f)!).join('、'),
      supervisingUnit: d.type === 'association' || d.type === 'foundation' ? pick(SUPERVISORS) : '',
      registeredCapitalYuan: d.type === 'foundation' ? '2000000' : d.type === 'communityOrg' ? '0' : '30000',
      legalRepName: rep.name,
      legalRepIdNumber: rep.id,
      legalRepPhone: rep.phone,
      contactName: contact.name,
      contactPhone: contact.phone,
      foundedOn: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
      grade: g.grade ?? '',
      gradeValidUntil: g.until ?? '',
      hasPartyOrg: rnd() < 0.15 ? '是' : '否',
      socialWorkerCount: d.type === 'serviceAgency' ? String(Math.floor(rnd() * 12)) : '0',
    };
    ws.addRow(IMPORT_COLUMNS.map((c) => row[c.key] ?? ''));
  }
  await wb.xlsx.writeFile(file);
}

interface Job {
  id: string;
  status: string;
  version: number;
  validRows: number;
  invalidRows: number;
  importedRows: number;
  error: string | null;
  report: { row: number; issues: { column: string; message: string }[] }[];
}

async function settle(base: string, cookie: string, id: string, from: string): Promise<Job> {
  for (;;) {
    const job = await getJson<Job>(`${base}/api/v1/org-imports/${id}`, cookie);
    if (job.status !== from) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function importOnce(server: Running, db: ImportRun['db'], session: { cookie: string; csrf: string }, file: string, rows: number): Promise<ImportRun> {
  const rssBefore = memoryMiB(server.pid).rss;
  const sampler = sampleRss(server.pid, 50);
  try {
    return await timedImport(server, db, session, file, rows, rssBefore, sampler);
  } finally {
    sampler.stop();
  }
}

async function timedImport(server: Running, db: ImportRun['db'], session: { cookie: string; csrf: string }, file: string, rows: number, rssBefore: number, sampler: ReturnType<typeof sampleRss>): Promise<ImportRun> {
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), path.basename(file));
  const res = await fetch(`${server.base}/api/v1/org-imports`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
  const t1 = performance.now();
  const validated = await settle(server.base, session.cookie, (JSON.parse(text) as Job).id, 'validating');
  if (validated.status !== 'validated') throw new Error(`validation ended ${validated.status}: ${validated.error}`);
  const t2 = performance.now();
  const run = await fetch(`${server.base}/api/v1/org-imports/${validated.id}/run`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'validOnly', version: validated.version }),
  });
  if (run.status !== 202) throw new Error(`run answered ${run.status}: ${(await run.text()).slice(0, 300)}`);
  await run.arrayBuffer();
  const done = await settle(server.base, session.cookie, validated.id, 'importing');
  const t3 = performance.now();
  const { peak } = sampler.stop();
  if (done.status !== 'completed') throw new Error(`import ended ${done.status}: ${done.error}`);
  const out: ImportRun = {
    db,
    heapCapMiB: null,
    rows,
    fileMiB: fs.statSync(file).size / 2 ** 20,
    uploadS: (t1 - t0) / 1000,
    validateS: (t2 - t1) / 1000,
    importS: (t3 - t2) / 1000,
    totalS: (t3 - t0) / 1000,
    validRows: validated.validRows,
    invalidRows: validated.invalidRows,
    importedRows: done.importedRows,
    rssBeforeMiB: rssBefore,
    rssPeakMiB: peak,
    targetS: rows === 10_000 ? 30 : null,
    met: null,
  };
  // The target holds only when every row was a good one and got in.
  if (out.targetS !== null) out.met = out.totalS <= out.targetS && out.importedRows === rows && out.invalidRows === 0;
  log(
    `import ${db} ${rows} rows (${round(out.fileMiB, 2)} MiB): upload ${round(out.uploadS, 2)} s, validate ${round(out.validateS, 1)} s, import ${round(out.importS, 1)} s, total ${round(out.totalS, 1)} s; ` +
      `valid ${out.validRows}, invalid ${out.invalidRows}, imported ${out.importedRows}; RSS ${round(rssBefore, 0)} → peak ${round(peak, 0)} MiB` +
      (validated.report.length ? `; first problem: row ${validated.report[0].row} ${JSON.stringify(validated.report[0].issues)}` : ''),
  );
  return out;
}

async function suite(server: Running, db: ImportRun['db'], dir: string, sizes = IMPORT_ROWS): Promise<ImportRun[]> {
  const session = await signIn(server.base);
  const towns = await all<{ id: string; name: string }>(server.base, session.cookie, '/api/v1/regions?level=town');
  const communities = await all<{ id: string; name: string; parentId: string }>(server.base, session.cookie, '/api/v1/regions?level=community');
  const places: Places = {
    towns: towns.map((t) => ({ id: t.id, name: t.name, path: '' })),
    communities: communities.map((c) => ({ id: c.id, name: c.name, path: '', parent_id: c.parentId })),
    departments: new Map(),
    cityPath: '',
  };
  const taken = new Set((await all<{ name: string }>(server.base, session.cookie, '/api/v1/orgs?includeInactive=true')).map((o) => o.name));
  const runs: ImportRun[] = [];
  for (const [i, rows] of sizes.entries()) {
    const file = path.join(dir, `orgs-${rows}.xlsx`);
    await writeFile(file, rows, 7 + i + (sizes === IMPORT_ROWS ? 0 : 10), places, taken);
    runs.push(await importOnce(server, db, session, file, rows));
  }
  return runs;
}

export async function benchImport(opts: { postgres: boolean; pglite: boolean }): Promise<ImportResult> {
  const runs: ImportRun[] = [];
  const errors: string[] = [];
  if (opts.postgres) {
    try {
      const db = await createBenchDb('import');
      const dir = tempDir('import');
      const server = await startServer('server', { DATABASE_URL: db.url, DATA_DIR: path.join(dir, 'data') });
      runs.push(...(await suite(server, 'postgres', dir)));
      await server.stop();
      await db.drop();
      // The largest file once more, on a fresh server with the V8 heap capped.
      const capped = await createBenchDb('import_capped');
      const cdir = tempDir('import-capped');
      const small = await startServer('server (heap capped)', { DATABASE_URL: capped.url, DATA_DIR: path.join(cdir, 'data') }, { args: [`--max-old-space-size=${HEAP_CAP_MIB}`, SERVER_ENTRY] });
      const last = IMPORT_ROWS[IMPORT_ROWS.length - 1];
      runs.push(...(await suite(small, 'postgres', cdir, [last])).map((r) => ({ ...r, heapCapMiB: HEAP_CAP_MIB })));
      await small.stop();
      await capped.drop();
    } catch (err) {
      errors.push(`PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (opts.pglite) {
    try {
      const dir = tempDir('import-pglite');
      const server = await startServer('server (PGlite)', { DATA_DIR: path.join(dir, 'data') });
      runs.push(...(await suite(server, 'pglite', dir)));
      await server.stop();
    } catch (err) {
      errors.push(`PGlite: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { runs, errors };
}
