// The module manifests are the one list the app is built from: every module folder is in it, every table is
// owned by exactly one module, every route is registered by a module (or is the kernel's) and names a
// permission its module or the kernel declares, and no module's code names another module's table in SQL — only
// the views its owner exports from index.ts.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableName, getViewName, is } from 'drizzle-orm';
import { isPgView, PgTable } from 'drizzle-orm/pg-core';
import { MODULES } from './index.js';
import { demoSeedOrder } from '../platform/module.js';
import { MODULE_CONTRACTS } from '../../contracts/modules.js';
import { PERMISSION_DECLS, type Permission } from '../../contracts/roles.js';
import { createTestApp, type TestApp } from '../test/harness.js';

const modulesDir = path.dirname(new URL(import.meta.url).pathname);
const folders = fs.readdirSync(modulesDir).filter((f) => fs.existsSync(path.join(modulesDir, f, 'index.ts')));

describe('module manifests', () => {
  it('list every module folder once, each with its shared half in contracts/modules.ts', () => {
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders.sort());
    for (const m of MODULES) expect(m.contract.module).toBe(m.name);
    expect(MODULE_CONTRACTS.map((c) => c.module).sort()).toEqual(['platform', ...folders].sort());
  });

  it('give every table of a module folder to that module and to no other', () => {
    const owner = new Map<string, string>();
    for (const m of MODULES) {
      for (const t of m.tables) {
        const name = getTableName(t);
        expect(owner.get(name), `table ${name}`).toBeUndefined();
        owner.set(name, m.name);
      }
    }
    // Every pgTable declared under a module's folder is in its manifest (tablesIn takes them from the files).
    for (const folder of folders) {
      for (const file of fs.readdirSync(path.join(modulesDir, folder)).filter((f) => f.endsWith('.tables.ts'))) {
        const text = fs.readFileSync(path.join(modulesDir, folder, file), 'utf8');
        for (const [, table] of text.matchAll(/pgTable\(\s*'(\w+)'/g)) expect(owner.get(table), `${folder}/${file}: ${table}`).toBe(folder);
      }
    }
  });

  it("hand their tables to no other module's code: index.ts exports none, and tables.ts — for foreign keys in other modules' table files — only tables", async () => {
    // With index.ts (the one door) exporting no table and deep imports refused, another module's query builder
    // cannot reach a table object: the only way in is tables.ts, which .dependency-cruiser.cjs opens to *.tables.ts
    // files alone (rule foreign-table-outside-table-file; test support is exempt from the boundary rules).
    const handedOut: string[] = [];
    for (const folder of folders) {
      const index = (await import(/* @vite-ignore */ pathToFileURL(path.join(modulesDir, folder, 'index.ts')).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(index)) if (is(value, PgTable)) handedOut.push(`${folder}/index.ts exports the table ${name}: export a read function or a view instead`);
      const door = path.join(modulesDir, folder, 'tables.ts');
      if (!fs.existsSync(door)) continue;
      const tables = (await import(/* @vite-ignore */ pathToFileURL(door).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(tables)) if (!is(value, PgTable)) handedOut.push(`${folder}/tables.ts exports ${name}, which is not a table`);
    }
    expect(handedOut).toEqual([]);
  });

  describe('routes', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => t?.close());

    it('come from a manifest and name a permission of their module or the kernel', () => {
      const catalog = t.app.routeCatalog;
      for (const m of MODULES) expect(catalog.some((r) => r.module === m.name), `${m.name} registers routes`).toBe(true);
      const foreign = catalog
        .filter((r) => r.permission !== 'public' && r.permission !== 'authenticated')
        .filter((r) => {
          const declaredBy = PERMISSION_DECLS[r.permission as Permission].module;
          return declaredBy !== r.module && declaredBy !== 'platform' && !ALLOWED_FOREIGN_PERMISSIONS[r.module]?.includes(declaredBy);
        })
        .map((r) => `${r.module}: ${r.method} ${r.url} → ${r.permission}`);
      expect(foreign).toEqual([]);
    });
  });

  it("name no other module's table in SQL, and of its views only those the owner's index.ts exports (known cases listed, each to be removed)", async () => {
    const owner = new Map<string, string>();
    for (const m of MODULES) for (const t of m.tables) owner.set(getTableName(t), m.name);
    // Views: owned by the module whose folder declares them (pgView('name' in any of its files); others may name
    // one only when the owner's index.ts exports it — the view is then part of the owner's public surface.
    const viewOwner = new Map<string, string>();
    for (const folder of folders) {
      for (const file of sourceFiles(path.join(modulesDir, folder))) {
        for (const [, view] of fs.readFileSync(file, 'utf8').matchAll(/pgView\(\s*'(\w+)'/g)) {
          expect(viewOwner.get(view) ?? owner.get(view), `view ${view} declared twice, or named like a table`).toBeUndefined();
          // drizzle-kit generates migrations from these files only (drizzle.config.ts)
          expect(file, `view ${view}: declare it in a *.views.ts or *.tables.ts file`).toMatch(/\.(views|tables)\.ts$/);
          viewOwner.set(view, folder);
        }
      }
    }
    const exported = new Set<string>();
    for (const folder of folders) {
      const index = (await import(/* @vite-ignore */ pathToFileURL(path.join(modulesDir, folder, 'index.ts')).href)) as Record<string, unknown>;
      for (const value of Object.values(index)) if (isPgView(value)) exported.add(getViewName(value));
    }
    const names = (name: string, text: string) => new RegExp(`\\b(from|join|into|update|references|exists \\(select [^)]*? from)\\s+${name}\\b`, 'i').test(text);
    const found: string[] = [];
    for (const folder of folders) {
      for (const file of sourceFiles(path.join(modulesDir, folder))) {
        const text = fs.readFileSync(file, 'utf8');
        for (const [table, module] of owner) {
          if (module !== folder && names(table, text)) found.push(`${path.relative(modulesDir, file)} → ${table}`);
        }
        for (const [view, module] of viewOwner) {
          if (module !== folder && !exported.has(view) && names(view, text)) found.push(`${path.relative(modulesDir, file)} → ${view} (a view ${module}'s index.ts does not export)`);
        }
      }
    }
    expect(found.filter((f) => !DEMO_SEED_FOREIGN_SQL.includes(f)).sort()).toEqual([...KNOWN_FOREIGN_SQL].sort());
    // The demo seeds' exceptions are listed one by one: a new one fails too, and a stale one must be deleted.
    expect(DEMO_SEED_FOREIGN_SQL.filter((f) => !found.includes(f))).toEqual([]);
  });

  it('declare their demo seed in an order that resolves, and their settings on routes and tables of their own', async () => {
    expect(() => demoSeedOrder(MODULES)).not.toThrow();
    const order = demoSeedOrder(MODULES).map((m) => m.name);
    for (const m of MODULES) for (const before of m.demoSeed?.after ?? []) expect(order.indexOf(before), `${m.name} after ${before}`).toBeLessThan(order.indexOf(m.name));
    // Every module folder with demo data seeds it through its manifest (server/seed keeps only the city's skeleton).
    for (const folder of folders) {
      const hasSeedFile = fs.readdirSync(path.join(modulesDir, folder)).some((f) => f.endsWith('.demo-seed.ts'));
      expect(!!MODULES.find((m) => m.name === folder)?.demoSeed, `${folder}: a *.demo-seed.ts file and demoSeed on the manifest go together`).toBe(hasSeedFile);
    }
    const t = await createTestApp();
    try {
      const served = new Set(t.app.routeCatalog.map((r) => `${r.method} ${r.url}`));
      for (const m of MODULES) {
        for (const setting of m.settings ?? []) {
          expect(m.tables, `${m.name}.${setting.name}: its table is the module's own`).toContain(setting.table);
          expect(served.has(setting.route), `${m.name}.${setting.name}: ${setting.route} is served`).toBe(true);
          expect(t.app.routeCatalog.find((r) => `${r.method} ${r.url}` === setting.route)?.module).toBe(m.name);
        }
      }
    } finally {
      await t.close();
    }
  });
  it('keep the regions/orgs layout: every module folder has a *.policy.ts, *.presenter.ts and *.queries.ts (those not converted yet listed, each with its reason)', () => {
    const lacking = (folder: string) => {
      const files = fs.readdirSync(path.join(modulesDir, folder));
      return LAYOUT_FILES.filter((kind) => !files.some((f) => f.endsWith(`.${kind}.ts`)));
    };
    for (const folder of folders) {
      if (folder in NOT_YET_IN_LAYOUT) expect(lacking(folder), `${folder} has the layout now: delete it from NOT_YET_IN_LAYOUT`).not.toEqual([]);
      else expect(lacking(folder), `${folder}: a module keeps its reads, DTOs and access rules in these files`).toEqual([]);
    }
    // The list only shrinks: an entry for a folder that is gone must go too.
    expect(Object.keys(NOT_YET_IN_LAYOUT).filter((m) => !folders.includes(m))).toEqual([]);
  });
});

describe('cases', () => {
  it('change only through the engine: no module writes the cases table (openCase, fireTransition, editCaseDetails do)', () => {
    const writes: string[] = [];
    for (const folder of folders) {
      for (const file of sourceFiles(path.join(modulesDir, folder))) {
        const text = fs.readFileSync(file, 'utf8');
        if (/\.(update|insert|delete)\((cases|caseSteps|caseAssignments)\)|\b(update|insert into|delete from)\s+(cases|case_steps|case_assignments)\b/i.test(text)) writes.push(path.relative(modulesDir, file));
      }
    }
    // The demo seeds too: they date their cases back and load the archive's through the engine's
    // backdateCase and importArchivedCases (platform/cases/history.ts).
    expect(writes).toEqual([]);
  });
});

describe('reads', () => {
  it('type their rows from the query builder: raw SQL with a cast row type (rows<T>, preparedRows<T>) only where listed, and each count only goes down', () => {
    const counts: Record<string, number> = {};
    for (const folder of folders) {
      for (const file of sourceFiles(path.join(modulesDir, folder))) {
        // Tests, demo seeds and factories read raw to check or build data; the rule is for the code that serves requests.
        if (/\.test\.ts$|\.demo-seed\.ts$|-factories\.ts$/.test(file)) continue;
        const n = (fs.readFileSync(file, 'utf8').match(/\b(preparedRows|rows)</g) ?? []).length;
        if (n) counts[path.relative(modulesDir, file)] = n;
      }
    }
    const grown = Object.entries(counts).filter(([f, n]) => n > (RAW_ROW_READS[f] ?? 0));
    expect(grown, 'a new raw read with a cast row type: use the query builder (or, on a measured hot path, list it here with its figure)').toEqual([]);
    const shrunk = Object.entries(RAW_ROW_READS).filter(([f, n]) => (counts[f] ?? 0) < n);
    expect(shrunk, 'fewer raw reads than listed: lower the count here').toEqual([]);
  });
});

describe('projects', () => {
  it("keeps its seams apart: a seam's folder imports no other seam's files (what two seams share sits at the module root)", () => {
    const root = path.join(modulesDir, 'projects');
    const seams = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(seams.length).toBeGreaterThanOrEqual(9);
    const crossings: string[] = [];
    for (const seam of seams) {
      for (const file of sourceFiles(path.join(root, seam))) {
        if (file.endsWith('.test.ts')) continue;
        for (const [, other] of fs.readFileSync(file, 'utf8').matchAll(/from '\.\.\/([\w-]+)\//g)) {
          if (seams.includes(other) && other !== seam) crossings.push(`${seam}/${path.basename(file)} → ${other}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});

/**
 * Raw reads whose row type is asserted, not derived (issue 14 §1: "the query builder by default, raw SQL only on
 * a measured hot path"). Every other read of the modules is on the builder since issue 14; these four are the
 * measured hot paths of docs/PERFORMANCE.md: the project list's and the org list's prepared pages, the name
 * search's pg_stats read (a system view Drizzle has no table for), and the children endpoint's page, whose SQL
 * text bench/yardstick.ts compares. Their row types are checked by hot-path-rows.test.ts: a zod schema per row whose
 * inferred type must equal the declared one, parsed against the rows both databases really return.
 */
const RAW_ROW_READS: Record<string, number> = {
  // The assessment results page (the round, its rubric's names and snapshot in one statement), a round's rows for the
  // aggregation in one, and the rubric and the snapshot alone (the portal, the reports) — docs/PERFORMANCE.md, "Assessment".
  'assessment/round-results.ts': 4,
  'orgs/name-search.ts': 1,
  'orgs/orgs.queries.ts': 1,
  'projects/initiation/find-projects.ts': 1,
  'regions/regions.queries.ts': 1,
};

/**
 * A module whose routes may name another module's permissions, because its data is that module's business:
 * meetings are held on projects, so the project permissions govern them.
 */
const ALLOWED_FOREIGN_PERMISSIONS: Record<string, string[]> = {
  meetings: ['projects'],
};

/**
 * SQL that names another module's table. Empty since issue 14 (41 places when the check arrived): the owner
 * exports a read function or a view instead. It stays empty; an exception needs an ADR.
 */
const KNOWN_FOREIGN_SQL: string[] = [];

/**
 * The demo seeds (`*.demo-seed.ts`, run once to build the demo city, never on a request) that name another module's
 * table. None since issue 14: they read through the owners' views (org_directory, fund_line_directory,
 * project_directory, …) and the history's money goes in through the funds module's importLedgerHistory. A new one
 * fails; an exception is listed here with its reason.
 */
const DEMO_SEED_FOREIGN_SQL: string[] = [];

/** The files of the regions/orgs layout (issue 14 §1): reads, rows → DTOs, and the module's access rules on the platform's. */
const LAYOUT_FILES = ['policy', 'presenter', 'queries'] as const;

/**
 * The modules not in that layout yet, each with what is missing and why. A converted module fails the test until it
 * is deleted here, so the list only shrinks.
 */
const NOT_YET_IN_LAYOUT: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('factories') ? [p] : [];
  });
}
