import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import type { z } from 'zod';
import type { ModuleContract } from '../../contracts/module.js';
import type { Role } from '../../contracts/roles.js';
import type { Actor } from './http/context.js';
import type { Db, Tx } from './db/client.js';
import type { FileStorage } from './files/storage.js';
import type { PiiCipher } from './pii/cipher.js';
import { registerCaseType, type CaseTypeDef } from './cases/define.js';
import { registerDailyTask, type DailyTask } from './jobs/daily-tasks.js';
import { registerRegionMoveHandler, type RegionMoveHandler } from './access/region-moves.js';
import { registerCityTemplate, type CityTemplatePart } from './city-templates.js';
import { registerFormula, type ComputedFormula } from './assessment-formulas.js';

/** What a module's case types may close over: the instance's services. */
export interface ModuleServices {
  pii: PiiCipher;
}

/** What a module's demo seed may use: the instance's personal-data cipher and, when files are kept, the storage. */
export interface DemoSeedServices {
  pii: PiiCipher;
  storage: FileStorage | null;
}

/**
 * How a module fills the demo city (server/seed/haining.ts runs every manifest's, in dependency order). Two parts,
 * because the demo is loaded in two steps: what the city starts with, in the one seeding transaction, and what
 * people then did, through the module's real use cases.
 */
export interface DemoSeed {
  /** Modules whose demo data this module's builds on (their `base` and `acts` run first). */
  after?: readonly string[];
  /**
   * Written in the city's seeding transaction, after the regions, departments and official calendar and before
   * the demo accounts: reference data, settings, a registry. What it returns is added to the `system.seed` audit.
   */
  base?: (tx: Tx, services: DemoSeedServices) => Promise<Record<string, number> | void>;
  /** Driven through the module's use cases once the base is committed (cases, bids, payments …), one act at a time. */
  acts?: (db: Db, services: DemoSeedServices) => Promise<void>;
}

/**
 * A setting the module keeps per city: what the office may change through the module's routes without a release.
 * Declared so a new city (and a reader) sees every knob in one place; the routes and the seed use the same schema.
 */
export interface ModuleSetting {
  /** Its name in the module: `applicationSettings`, `eligibilityRules` … */
  name: string;
  label: { zh: string; en: string };
  /** The table that keeps it. */
  table: PgTable;
  /** What one change carries (the body of the route that changes it). */
  input: z.ZodType;
  /** The route that changes it, `METHOD url` as in the route catalogue. */
  route: string;
}

/**
 * A figure a role looks at on its workbench (the home page): declared by the module that owns the data, which
 * counts it over the caller's reach with its own policy. Shown to holders of one of `roles`, not to everyone whose
 * permissions would allow it: an office administrator holds most permissions but does not look at an org's figures.
 */
export interface WorkbenchFigure {
  /** `<module>.<name>`, unique. */
  key: string;
  label: { zh: string; en: string };
  roles: readonly Role[];
  unit: 'count' | 'fen';
  /** The web page listing what is counted. */
  link: string;
  value: (db: Db, actor: Actor) => Promise<number>;
}

/**
 * A module, as the composition root (server/app.ts, the seed, the tests) sees it: one value exported from the
 * module's index.ts and listed once in server/modules/index.ts. The app registers what it lists; nothing else is
 * edited by hand when a module arrives. The platform defines this shape and never imports a module.
 */
export interface ModuleManifest {
  /** The module's folder under server/modules. */
  name: string;
  /** Its permissions and audit actions, shared with the web app (contracts/<module>.manifest.ts). */
  contract: ModuleContract;
  /** Fastify plugins holding its routes. */
  routes: readonly FastifyPluginAsync[];
  /** The tables it owns: no other module reads or writes them (modules/manifests.test.ts checks SQL too). */
  tables: readonly PgTable[];
  /**
   * Its case types, built with the instance's services. (`any`: a case type's callbacks take its own state
   * union, so CaseTypeDef is invariant in it and no narrower type admits every module's.)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  caseTypes?: (services: ModuleServices) => readonly CaseTypeDef<any>[];
  /** Work done daily after the platform's overdue check. */
  dailyTasks?: readonly DailyTask[];
  /** Rewrites the region paths and town ids the module keeps when a region moves (in the move's transaction). */
  onRegionMove?: RegionMoveHandler;
  /** How it fills the demo city. */
  demoSeed?: DemoSeed;
  /** What it keeps per city and lets the office change. */
  settings?: readonly ModuleSetting[];
  /** The figures it puts on the workbench of the roles that look at them. */
  workbench?: readonly WorkbenchFigure[];
  /** What a new city copies of it from an existing city (its departments, its catalog …). */
  cityTemplate?: CityTemplatePart;
  /** The computed indicators it offers the assessment engine, over the data it owns. */
  formulas?: readonly ComputedFormula[];
}

export function defineModule(manifest: ModuleManifest): ModuleManifest {
  return manifest;
}

/** The case types and daily tasks of every module, for the engine and the scheduler. */
export function registerModuleParts(modules: readonly ModuleManifest[], services: ModuleServices): void {
  for (const m of modules) {
    for (const def of m.caseTypes?.(services) ?? []) registerCaseType(def);
    for (const task of m.dailyTasks ?? []) registerDailyTask(task);
    if (m.onRegionMove) registerRegionMoveHandler(m.name, m.onRegionMove);
    if (m.cityTemplate) registerCityTemplate(m.name, m.cityTemplate);
    for (const f of m.formulas ?? []) {
      if (!f.name.startsWith(`${m.name}.`)) throw new Error(`module ${m.name} declares formula ${f.name}: a formula is named after its module`);
      registerFormula(f);
    }
  }
}

/**
 * Registers every module's routes, each module in its own plugin, and remembers which module each route came
 * from (for the route catalogue and the manifest tests).
 */
export async function registerModuleRoutes(app: FastifyInstance, modules: readonly ModuleManifest[], onRoute: (module: string, method: string | string[], url: string) => void): Promise<void> {
  for (const m of modules) {
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => onRoute(m.name, route.method, route.url));
      for (const routes of m.routes) await scope.register(routes);
    });
  }
}

/** The tables among a `*.tables.ts` file's exports (`import * as t from './x.tables.js'`): a new table cannot be left out. */
export function tablesIn(...files: readonly Record<string, unknown>[]): PgTable[] {
  return files.flatMap((f) => Object.values(f).filter((v): v is PgTable => is(v, PgTable)));
}

/**
 * The modules with a demo seed, each after those it names in `after` (otherwise in the list's order). An unknown
 * name or a circle is a programming error and throws.
 */
export function demoSeedOrder(modules: readonly ModuleManifest[]): ModuleManifest[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  const ordered: ModuleManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: ModuleManifest, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting') throw new Error(`demo seeds in a circle: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const name of m.demoSeed?.after ?? []) {
      const dep = byName.get(name);
      if (!dep) throw new Error(`${m.name}'s demo seed runs after ${name}, which is no module`);
      visit(dep, [...path, m.name]);
    }
    state.set(m.name, 'done');
    if (m.demoSeed) ordered.push(m);
  };
  for (const m of modules) visit(m, []);
  return ordered;
}
