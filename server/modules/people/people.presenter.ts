import type { User } from '../../../contracts/people.js';
import type { Actor, ResolvedGrant } from '../../platform/http/context.js';
import type { Lang } from '../../platform/errors/messages.js';
import { presentGrant } from '../../platform/auth/me.js';
import { userAbilities } from './people.policy.js';
import type { UserRow } from './people.queries.js';

export function presentUser(row: UserRow, grants: ResolvedGrant[], actor: Actor | null, lang: Lang): User {
  const locked = !!row.lockedUntil && row.lockedUntil.getTime() > Date.now();
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    status: row.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    mustChangePassword: row.mustChangePassword,
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    grants: grants.map((g) => presentGrant(g, lang)),
    version: row.version,
    abilities: userAbilities(actor, { id: row.id, status: row.status, locked }),
  };
}
