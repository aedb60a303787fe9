import { holdsPermission, reachesRegion, requirePermission } from '../../platform/access/policy.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';
import type { User } from '../../../contracts/people.js';

/*
 * Only the office administers accounts (user.manage); it and the auditors read them (user.read). A region-scoped
 * role grant is bounded by the administrator's own region: nobody hands out, or takes back, a region they do not
 * reach themselves. Nobody administers their own account's roles, status or password: an administrator who could
 * would need no one else to widen their own powers. The accounts themselves are not narrowed by region — only
 * their grants are; that is a known gap left to a later issue, not a decision.
 */

/** Reading the account list or one account: user.read (the office, and the auditors, who check who held what). */
export function requireUsersRead(actor: Actor | null): Actor {
  return requirePermission(actor, 'user.read');
}

/** Creating an account or renaming one: user.manage, the office's — accounts carry powers, so only it opens them. */
export function requireUsersManage(actor: Actor | null): Actor {
  return requirePermission(actor, 'user.manage');
}

/**
 * The platform's own administrators are made only by one of them: a city's office administrator reaches every
 * account in its city, but handing out a role above the city would let it reach every other city.
 */
export function mayGrantPlatformAdmin(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => g.role === 'platformAdmin');
}

/** A region-scoped grant may name only a region in the administrator's own user.manage subtree. */
export function mayGrantOnRegion(actor: Actor | null, regionPath: string): boolean {
  return reachesRegion(actor, 'user.manage', regionPath);
}

/**
 * Granting or revoking another account's roles. One's own roles are refused (403): an administrator who could
 * grant themselves roles could reach any region or permission alone.
 */
export function requireGrantsManage(actor: Actor | null, userId: string): Actor {
  const admin = requireUsersManage(actor);
  if (admin.userId === userId) throw new AppError('forbidden');
  return admin;
}

/**
 * Revoking a region-scoped grant outside the administrator's own reach looks like revoking one that does not
 * exist (404): the same bound as granting, and it does not tell them what other regions hand out.
 */
export function mayRevokeGrant(actor: Actor | null, grant: { regionPath: string | null }): boolean {
  return !grant.regionPath || mayGrantOnRegion(actor, grant.regionPath);
}

/** Disabling or enabling an account. Disabling one's own is refused: it would end the administrator's own sessions and lock them out. */
export function requireStatusChange(actor: Actor | null, userId: string, status: 'active' | 'disabled'): Actor {
  const admin = requireUsersManage(actor);
  if (admin.userId === userId && status === 'disabled') throw new AppError('invalid_state', { reason: '不能停用自己的账号。', reasonEn: 'You cannot disable your own account.' });
  return admin;
}

/**
 * Setting a new password for someone. One's own goes through "change password", which asks for the current one;
 * a reset does not, so on one's own account it would let anyone at an open session take the account over.
 */
export function requirePasswordReset(actor: Actor | null, userId: string): Actor {
  const admin = requireUsersManage(actor);
  if (admin.userId === userId) throw new AppError('invalid_state', { reason: '请在“修改密码”中修改自己的密码。', reasonEn: 'Change your own password under "Change password".' });
  return admin;
}

/**
 * What the caller may do to this account now — the predicates the writes above enforce plus the account's state
 * (only an active account can be disabled; a disabled or locked one can be enabled), so the page shows only the
 * buttons that would work.
 */
export function userAbilities(actor: Actor | null, account: { id: string; status: string; locked: boolean }): User['abilities'] {
  const manage = holdsPermission(actor, 'user.manage');
  const self = actor?.userId === account.id;
  return {
    update: manage,
    disable: manage && !self && account.status === 'active',
    enable: manage && (account.status === 'disabled' || account.locked),
    resetPassword: manage && !self,
    grant: manage && !self,
  };
}
