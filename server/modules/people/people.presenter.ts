import type { User } from '../../../contracts/people.js';
import type { Actor, ResolvedGrant } from '../../platform/http/context.js';
import type { Lang } from '../../platform/errors/messages.js';
import { presentGrant } from '../../platform/auth/me.js';
import { userAbilities } from './people.policy.js';
import type { UserRow } from './people.queries.js';

/** `orgNames`: the organizations its 社会组织成员 grants name (the kernel's grant knows only the id). */
export function presentUser(row: UserRow, grants: ResolvedGrant[], actor: Actor | null, lang: Lang, orgNames: ReadonlyMap<string, string> = new Map()): User {
  const locked = !!row.lockedUntil && row.lockedUntil.getTime() > Date.now();
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    status: row.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    mustChangePassword: row.mustChangePassword,
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    grants: grants.map((g) => {
      const grant = presentGrant(g, lang);
      return g.orgId ? { ...grant, scopeName: orgNames.get(g.orgId) ?? null } : grant;
    }),
    version: row.version,
    abilities: userAbilities(actor, { id: row.id, status: row.status, locked }),
  };
}
