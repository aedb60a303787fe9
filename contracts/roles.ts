/**
 * The permission registry: every route names one of these `resource.action` strings (or says it is
 * public / any signed-in user), and each role holds a fixed set. Scope decides *where* a grant applies.
 *
 * Collected, not written here: each module declares its permissions, and which roles hold each, in its
 * manifest (contracts/<module>.manifest.ts, listed in contracts/modules.ts). The roles themselves and where
 * their grants are anchored are in role-kinds.ts.
 */
import { MODULE_CONTRACTS, type DeclaredPermission } from './modules.js';
import type { Holding, PermissionDecl } from './module.js';
import { ROLE_KINDS, ROLES, type Role, type RoleKind } from './role-kinds.js';

export { ROLES, ROLE_NAMES, ROLE_KINDS, type Role, type ScopeType } from './role-kinds.js';

export type Permission = DeclaredPermission;

const DECLARED: [Permission, PermissionDecl, string][] = MODULE_CONTRACTS.flatMap((c) =>
  Object.entries(c.permissions as Record<string, PermissionDecl>).map(([p, d]) => [p as Permission, d, c.module] as [Permission, PermissionDecl, string]),
);
{
  const seen = new Map<string, string>();
  for (const [p, , module] of DECLARED) {
    if (seen.has(p)) throw new Error(`permission ${p} is declared by both ${seen.get(p)} and ${module}`);
    seen.set(p, module);
  }
}

export const PERMISSIONS: readonly Permission[] = DECLARED.map(([p]) => p);
/** Each permission's declaration and the module that declares it. */
export const PERMISSION_DECLS: Record<Permission, PermissionDecl & { module: string }> = Object.fromEntries(DECLARED.map(([p, d, module]) => [p, { ...d, module }])) as never;
export const WRITE_PERMISSIONS: readonly Permission[] = DECLARED.filter(([, d]) => d.write).map(([p]) => p);

export interface RoleDefinition extends RoleKind {
  /** Held within the grant's scope. */
  permissions: readonly Permission[];
  /** Held wherever, even though the grant is anchored elsewhere (reference data, assignment-limited work). */
  globalPermissions?: readonly Permission[];
  /** Held over the whole city the grant lies in (its region's city, its department's city). */
  cityPermissions?: readonly Permission[];
}

const held = (role: Role, holding: Holding) => DECLARED.filter(([, d]) => d.holders[role] === holding).map(([p]) => p);

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = Object.fromEntries(
  ROLES.map((role) => [role, { ...ROLE_KINDS[role], permissions: held(role, 'scope'), globalPermissions: held(role, 'global'), cityPermissions: held(role, 'city') }]),
) as unknown as Record<Role, RoleDefinition>;
