import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import type { ModuleContract } from '../../contracts/module.js';
import type { PiiCipher } from './pii/cipher.js';
import { registerCaseType, type CaseTypeDef } from './cases/define.js';
import { registerDailyTask, type DailyTask } from './jobs/daily-tasks.js';
import { registerRegionMoveHandler, type RegionMoveHandler } from './access/region-moves.js';

/** What a module's case types may close over: the instance's services. */
export interface ModuleServices {
  pii: PiiCipher;
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
