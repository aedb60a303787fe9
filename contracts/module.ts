/**
 * The shared half of a module's manifest: what the server and the web app both need to know about a module —
 * the permissions its routes name (with the roles that hold each) and the audit actions it writes. Each module
 * declares its own in `contracts/<module>.manifest.ts`; contracts/modules.ts lists the modules once, and the
 * permission registry (roles.ts) and the audit catalogue (audit-actions.ts) are collected from them, so a new
 * module adds its file and one line instead of editing the registries.
 */
import type { Role } from './role-kinds.js';

export interface Label {
  zh: string;
  en: string;
}

/**
 * Where a role holds a permission: `scope` — within the region, department or organization its grant is anchored
 * to; `city` — within the whole city the grant lies in (a department's staff read their city's region tree and
 * registry, not another city's); `global` — wherever, even though the grant is anchored elsewhere (reference data
 * across cities, or work that assignments rather than scope limit, such as an expert's reviews).
 */
export type Holding = 'scope' | 'city' | 'global';

export interface PermissionDecl {
  /** What the permission allows, in both languages (the roles page and the docs show it). */
  label: Label;
  /**
   * A write changes data. Read-only roles (the auditor) may never hold one, and a permission that is neither
   * `*.read` nor `*.verify` must say it is a write (contracts/roles.test.ts).
   */
  write: boolean;
  /** Which roles hold it, and where. A role not named does not hold it. */
  holders: Partial<Record<Role, Holding>>;
}

export interface ModuleContract<P extends string = string, A extends string = string> {
  /** The module's folder under server/modules (or `platform` for the kernel). */
  module: string;
  permissions: Record<P, PermissionDecl>;
  auditActions: Record<A, Label>;
}

export function defineModuleContract<const P extends string, const A extends string>(contract: ModuleContract<P, A>): ModuleContract<P, A> {
  return contract;
}
