import { sql, type SQL } from 'drizzle-orm';
import { cityReach, holdsPermission, reachesRegion, regionReach, requirePermission } from '../../platform/access/policy.js';
import { inSubtree } from '../../platform/db/sql.js';
import { users } from '../../platform/auth/auth.tables.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Actor } from '../../platform/http/context.js';
import type { User } from '../../../contracts/people.js';

/*
 * Only the office administers accounts (user.manage); it and the auditors read them (user.read). A region-scoped
 * role grant is bounded by the administrator's own region: nobody hands out, or takes back, a region they do not
 * reach themselves. Nobody administers their own account's roles, status or password: an administrator who could
 * would need no one else to widen their own powers. A city's office reads and keeps the accounts of its city —
 * those with a grant in it (a region, a department or an organization of the city) — and the accounts bound to no
 * city (applicants, experts, supervisors, who work for whichever city asks) unless another city's office made them or
 * first granted them a staff role (users.home_city_id: revoking every grant does not hand an account to every city);
 * another city's staff answer 404.
 */

/** The accounts the caller reaches with `permission`, as SQL over `users`. */
export function userScopeWhere(actor: Actor | null, permission: 'user.read' | 'user.manage'): SQL {
  const reach = regionReach(actor, permission);
  if (reach.all) return sql`true`;
  const cities = cityReach(actor, permission);
  const under = (path: SQL) => (reach.paths.length ? sql`(${sql.join(reach.paths.map((p) => inSubtree(path, p)), sql` or `)})` : sql`false`);
  const ofCity = cities.all || !cities.cityIds.length ? sql`false` : sql`d.city_id in (${sql.join(cities.cityIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  return sql`(exists (select 1 from role_grants g left join regions r on r.id = g.region_id left join departments d on d.id = g.department_id
      left join org_directory o on o.id = g.org_id
      where g.user_id = ${users.id} and (${under(sql`r.path`)} or ${ofCity} or ${under(sql`o.region_path`)}))
    or (not exists (select 1 from role_grants g where g.user_id = ${users.id}
      and (g.region_id is not null or g.department_id is not null or g.org_id is not null or g.role = 'platformAdmin'))
      and ${homeCityIn(cities)}))`;
}

/** An account bound to no city by its grants: every city's, unless a city's office made it (its home city). */
function homeCityIn(cities: ReturnType<typeof cityReach>): SQL {
  if (cities.all) return sql`true`;
  if (!cities.cityIds.length) return sql`${users.homeCityId} is null`;
  return sql`(${users.homeCityId} is null or ${users.homeCityId} in (${sql.join(cities.cityIds.map((id) => sql`${id}::uuid`), sql`, `)}))`;
}

/** A department grant may name only a department of a city the administrator manages. */
export function mayGrantInCity(actor: Actor | null, cityId: string): boolean {
  const reach = cityReach(actor, 'user.manage');
  return reach.all || reach.cityIds.includes(cityId);
}

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
