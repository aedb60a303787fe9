import { ROLE_DEFINITIONS, ROLE_NAMES } from '../../../contracts/roles.js';
import type { Me, Grant } from '../../../contracts/auth.js';
import type { Actor, ResolvedGrant } from '../http/context.js';
import type { Lang } from '../errors/messages.js';
import { permissionsOf, reachesWholeCity } from '../access/policy.js';

export function presentGrant(g: ResolvedGrant, lang: Lang): Grant {
  const scopeType = ROLE_DEFINITIONS[g.role].scopeType;
  return {
    id: g.id,
    role: g.role,
    roleName: ROLE_NAMES[g.role][lang],
    scopeType,
    scopeId: g.regionId ?? g.departmentId ?? g.orgId ?? null,
    scopeName: g.regionName ?? g.departmentName ?? null,
  };
}

export function presentMe(actor: Actor, lang: Lang): Me {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    mustChangePassword: actor.mustChangePassword,
    csrfToken: actor.csrfToken,
    grants: actor.grants.map((g) => presentGrant(g, lang)),
    permissions: permissionsOf(actor),
    wholeCity: permissionsOf(actor).filter((p) => reachesWholeCity(actor, p)),
  };
}
