import type { User } from '../../../contracts/people.js';
import type { Actor, ResolvedGrant } from '../../platform/http/context.js';
import type { Lang } from '../../platform/errors/messages.js';
import { presentGrant } from '../../platform/auth/me.js';
import { holdsPermission } from '../../platform/access/policy.js';
import type { UserRow } from './people.queries.js';

export function presentUser(row: UserRow, grants: ResolvedGrant[], actor: Actor | null, lang: Lang): User {
  const locked = !!row.lockedUntil && row.lockedUntil.getTime() > Date.now();
  const manage = holdsPermission(actor, 'user.manage');
  const self = actor?.userId === row.id;
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
    abilities: {
      update: manage,
      disable: manage && !self && row.status === 'active',
      enable: manage && (row.status === 'disabled' || locked),
      resetPassword: manage && !self,
      grant: manage && !self,
    },
  };
}
