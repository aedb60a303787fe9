import { clockNow } from '../../../platform/clock.js';
import { containing } from '../../../platform/db/like.js';
import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/client.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { departments, regions } from '../../../platform/access/scope.tables.js';
import { AppError, conflict, fieldError, notFound } from '../../../platform/errors/app-error.js';
import { z } from 'zod';
import { appendAudit, diff } from '../../../platform/audit/audit.js';
import { hashPassword } from '../../../platform/auth/password.js';
import { checkPasswordPolicy } from '../../../platform/auth/password-policy.js';
import { revokeUserSessions } from '../../../platform/auth/sessions.js';
import { invalidateAuth } from '../../../platform/auth/session-cache.js';
import { ROLE_DEFINITIONS, ROLE_NAMES } from '../../../../contracts/roles.js';
import { cursorPart, encodeCursor } from '../../../../contracts/common.js';
import { readCursor } from '../../../platform/http/cursor.js';
import type { GrantInput, User } from '../../../../contracts/people.js';
import { findGrantsOf, phoneSearch } from '../people.queries.js';
import { maskPhone } from '../../../platform/pii/mask.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { grantOrgMembership, orgNamesOf, revokeOrgMembership } from '../../orgs/index.js';
import { presentUser } from '../people.presenter.js';
import { mayGrantInCity, mayGrantOnRegion, mayGrantPlatformAdmin, mayRevokeGrant, requireGrantsManage, requirePasswordReset, requireStatusChange, requireUsersManage, requireUsersRead, userScopeWhere } from '../people.policy.js';
import { cityReach } from '../../../platform/access/policy.js';

/**
 * The staff user list. An applicant (registered by SMS) is known by the phone they registered with, so each row that
 * holds one shows it masked (138****0001) — the list's rows are decrypted one by one, the clear number never leaves
 * the server (as the org registry's personal data: the clear value only comes from an audited reveal). A full number
 * typed into the search finds its account by the keyed hash (phoneSearch): nothing is decrypted to search.
 */
export async function findUsers(db: Db, ctx: RequestContext, input: { q?: string; status?: 'active' | 'disabled'; limit: number; cursor?: string }, pii: Pick<PiiCipher, 'decrypt' | 'lookupHash'>) {
  requireUsersRead(ctx.actor);
  const where: SQL[] = [];
  const byPhone = input.q ? phoneSearch(input.q, (value) => pii.lookupHash(value)) : null;
  if (input.q) {
    const like = containing(input.q);
    where.push(or(ilike(users.username, like), ilike(users.displayName, like), ...(byPhone ? [byPhone] : []))!);
  }
  if (input.status) where.push(eq(users.status, input.status));
  where.push(userScopeWhere(ctx.actor, 'user.read'));
  const after = readCursor(input.cursor, z.tuple([cursorPart.text]));
  if (after) where.push(gt(sql`lower(${users.username})`, after[0]));
  const rows = await db
    .select()
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(sql`lower(${users.username})`))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const grants = await findGrantsOf(db, items.map((u) => u.id));
  const orgNames = await orgNamesOf(db, [...grants.values()].flat().flatMap((g) => (g.orgId ? [g.orgId] : [])));
  return {
    items: items.map((u) => ({ ...presentUser(u, grants.get(u.id) ?? [], ctx.actor, ctx.lang, orgNames), ...(u.phoneSealed ? { phoneMasked: maskPhone(pii.decrypt(u.phoneSealed)) } : {}) })),
    nextCursor: rows.length > input.limit ? encodeCursor([items[items.length - 1].username.toLowerCase()]) : null,
  };
}

async function presentById(db: Db | Tx, ctx: RequestContext, id: string): Promise<User> {
  const [row] = await db.select().from(users).where(and(eq(users.id, id), userScopeWhere(ctx.actor, 'user.read')));
  if (!row) throw notFound('user');
  const grants = (await findGrantsOf(db, [id])).get(id) ?? [];
  const orgNames = await orgNamesOf(db, grants.flatMap((g) => (g.orgId ? [g.orgId] : [])));
  return presentUser(row, grants, ctx.actor, ctx.lang, orgNames);
}

export async function getUser(db: Db, ctx: RequestContext, id: string): Promise<User> {
  requireUsersRead(ctx.actor);
  return presentById(db, ctx, id);
}

async function loadForUpdate(tx: Tx, ctx: RequestContext, id: string, version?: number) {
  const [row] = await tx.select().from(users).where(and(eq(users.id, id), userScopeWhere(ctx.actor, 'user.manage'))).for('update');
  if (!row) throw notFound('user');
  // A platform administrator's account is changed only by another: a city's office resetting its password would own it.
  if (!mayGrantPlatformAdmin(ctx.actor)) {
    const [above] = await tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.userId, id), eq(roleGrants.role, 'platformAdmin'))).limit(1);
    if (above) throw new AppError('forbidden', {}, undefined, { denied: true });
  }
  if (version !== undefined && row.version !== version) throw conflict(row.version);
  return row;
}

function policyOrThrow(password: string, username: string, field: string) {
  const weak = checkPasswordPolicy(password, username);
  if (weak) throw new AppError('validation', {}, [{ path: field, message: weak.zh, messageEn: weak.en }]);
}

/** A grant must name the kind of scope its role needs, inside the granting administrator's reach. */
async function resolveGrant(tx: Tx, ctx: RequestContext, g: GrantInput, path: string) {
  const def = ROLE_DEFINITIONS[g.role];
  const roleName = ROLE_NAMES[g.role].zh;
  // `grants.0.regionId` in a new account's list; plain `regionId` in a grant's own body.
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (def.scopeType === 'region') {
    if (!g.regionId || g.departmentId) throw fieldError(at('regionId'), `“${roleName}”须指定所辖区域。`, `${ROLE_NAMES[g.role].en} needs a region.`);
    const [region] = await tx.select().from(regions).where(eq(regions.id, g.regionId));
    if (!region || !mayGrantOnRegion(ctx.actor, region.path)) throw fieldError(at('regionId'), '区域不存在或不在您的管辖范围内。', 'Unknown region or outside your reach.');
    if (region.retiredAt) throw fieldError(at('regionId'), '该区域已撤销。', 'This region is retired.');
    if (def.regionLevels && !def.regionLevels.includes(region.level)) {
      const levels = { province: '省', prefecture: '地级市', city: '市（县、区）', town: '镇（街道）', community: '村（社区）', grid: '网格' } as const;
      throw fieldError(at('regionId'), `“${roleName}”只能授予在：${def.regionLevels.map((l) => levels[l]).join('、')}级区域。`, `${ROLE_NAMES[g.role].en} can only be granted on: ${def.regionLevels.join(', ')}.`);
    }
    return { role: g.role, regionId: region.id, departmentId: null, orgId: null, label: `${roleName}@${region.name}` };
  }
  if (def.scopeType === 'department') {
    if (!g.departmentId || g.regionId) throw fieldError(at('departmentId'), `“${roleName}”须指定所属部门。`, `${ROLE_NAMES[g.role].en} needs a department.`);
    const [dept] = await tx.select().from(departments).where(eq(departments.id, g.departmentId));
    if (!dept || dept.retiredAt || !mayGrantInCity(ctx.actor, dept.cityId)) throw fieldError(at('departmentId'), '部门不存在或不在您管理的城市。', 'Unknown department, or one outside your city.');
    return { role: g.role, regionId: null, departmentId: dept.id, orgId: null, label: `${roleName}@${dept.name}` };
  }
  if (def.scopeType === 'org') {
    // The membership itself is the orgs module's act (its reach, its contact person, its audit): see addGrant.
    if (!g.orgId || g.regionId || g.departmentId) throw fieldError(at('orgId'), `“${roleName}”须指定所属社会组织。`, `${ROLE_NAMES[g.role].en} needs an organization.`);
    return { role: g.role, regionId: null, departmentId: null, orgId: g.orgId, label: roleName };
  }
  if (g.regionId || g.departmentId || g.orgId) throw fieldError(at('role'), `“${roleName}”为全局角色，不需指定范围。`, `${ROLE_NAMES[g.role].en} is global and takes no scope.`);
  if (g.role === 'platformAdmin' && !mayGrantPlatformAdmin(ctx.actor)) throw fieldError(at('role'), '只有平台管理员能授予“平台管理员”。', 'Only a platform administrator may grant the platform administrator role.');
  return { role: g.role, regionId: null, departmentId: null, orgId: null, label: roleName };
}

export async function createUser(db: Db, ctx: RequestContext, input: { username: string; displayName: string; password: string; grants: GrantInput[] }): Promise<User> {
  requireUsersManage(ctx.actor);
  policyOrThrow(input.password, input.username, 'password');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
    if (clash) throw new AppError('duplicate', { field: '用户名', value: input.username }, [{ path: 'username', message: '该用户名已被使用。', messageEn: 'This username is taken.' }]);
    const resolved = [];
    for (const [i, g] of input.grants.entries()) resolved.push(await resolveGrant(tx, ctx, g, `grants.${i}`));
    const [created] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, passwordHash, mustChangePassword: true })
      .returning();
    for (const [i, g] of resolved.entries()) {
      if (g.orgId) g.label = (await grantOrgMembership(tx, ctx, g.orgId, created.id, `grants.${i}.orgId`)).label;
      else await tx.insert(roleGrants).values({ userId: created.id, role: g.role, regionId: g.regionId, departmentId: g.departmentId, createdBy: ctx.actor!.userId });
    }
    // Its home city: its first staff grant's, else — an account made with no such grant — the maker's only city.
    const maker = cityReach(ctx.actor, 'user.manage');
    await settleHomeCity(tx, created.id, !maker.all && maker.cityIds.length === 1 ? maker.cityIds[0] : null);
    await appendAudit(tx, ctx, {
      action: 'user.create',
      permission: 'user.manage',
      entityType: 'user',
      entityId: created.id,
      changes: diff(null, { ...created, grants: resolved.map((g) => g.label) }, ['username', 'displayName', 'status', 'grants']),
    });
    return presentById(tx, ctx, created.id);
  });
}

/**
 * Sets an account's home city once: the city of its earliest staff grant (a region's or a department's), else
 * `fallback`. Organizations' members and global roles bind it to no city.
 */
async function settleHomeCity(tx: Tx, userId: string, fallback: string | null): Promise<void> {
  await tx.execute(sql`update users u set home_city_id = coalesce((
      select c.id from role_grants g
        left join regions r on r.id = g.region_id
        left join departments d on d.id = g.department_id
        join regions c on c.level = 'city' and (c.id = d.city_id or r.path like c.path || '%')
      where g.user_id = u.id order by g.created_at, g.id limit 1), ${fallback}::uuid)
    where u.id = ${userId} and u.home_city_id is null`);
}

export async function updateUser(db: Db, ctx: RequestContext, id: string, input: { version: number; displayName: string }): Promise<User> {
  requireUsersManage(ctx.actor);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id, input.version);
    const [updated] = await tx.update(users).set({ displayName: input.displayName, updatedAt: clockNow(), version: row.version + 1 }).where(eq(users.id, id)).returning();
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: 'user.update', permission: 'user.manage', entityType: 'user', entityId: id, changes: diff(row, updated, ['displayName']) });
    return presentById(tx, ctx, id);
  });
}

export async function addGrant(db: Db, ctx: RequestContext, id: string, input: GrantInput): Promise<User> {
  requireGrantsManage(ctx.actor, id);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    const g = await resolveGrant(tx, ctx, input, '');
    const existing = await findGrantsOf(tx, [id]);
    if ((existing.get(id) ?? []).some((e) => e.role === g.role && e.regionId === g.regionId && e.departmentId === g.departmentId && e.orgId === g.orgId)) {
      throw new AppError('duplicate', { field: '授权', value: g.label });
    }
    const grant = g.orgId
      ? await grantOrgMembership(tx, ctx, g.orgId, id, 'orgId').then((m) => ((g.label = m.label), { id: m.grantId }))
      : (await tx.insert(roleGrants).values({ userId: id, role: g.role, regionId: g.regionId, departmentId: g.departmentId, createdBy: ctx.actor!.userId }).returning())[0];
    await tx.update(users).set({ version: row.version + 1, updatedAt: clockNow() }).where(eq(users.id, id));
    if (!row.homeCityId) await settleHomeCity(tx, id, null);
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: 'user.grantRole', permission: 'user.manage', entityType: 'user', entityId: id, changes: { grants: { before: null, after: g.label } }, detail: { grantId: grant.id } });
    return presentById(tx, ctx, id);
  });
}

export async function removeGrant(db: Db, ctx: RequestContext, id: string, grantId: string): Promise<User> {
  requireGrantsManage(ctx.actor, id);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    const grants = (await findGrantsOf(tx, [id])).get(id) ?? [];
    const grant = grants.find((g) => g.id === grantId);
    if (!grant) throw notFound('grant');
    if (!mayRevokeGrant(ctx.actor, grant)) throw notFound('grant');
    // An org's membership leaves through the orgs module: its reach, and the contact person it never loses.
    if (grant.orgId) await revokeOrgMembership(tx, ctx, grant.orgId, id);
    else await tx.delete(roleGrants).where(eq(roleGrants.id, grantId));
    await tx.update(users).set({ version: row.version + 1, updatedAt: clockNow() }).where(eq(users.id, id));
    const scopeName = grant.regionName ?? grant.departmentName ?? (grant.orgId ? (await orgNamesOf(tx, [grant.orgId])).get(grant.orgId) : null);
    const label = `${ROLE_NAMES[grant.role].zh}${scopeName ? `@${scopeName}` : ''}`;
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: 'user.revokeRole', permission: 'user.manage', entityType: 'user', entityId: id, changes: { grants: { before: label, after: null } }, detail: { grantId } });
    return presentById(tx, ctx, id);
  });
}

export async function setUserStatus(db: Db, ctx: RequestContext, id: string, input: { version: number }, status: 'active' | 'disabled'): Promise<User> {
  requireStatusChange(ctx.actor, id, status);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id, input.version);
    const [updated] = await tx
      .update(users)
      .set({ status, failedLoginCount: 0, lockedUntil: null, updatedAt: clockNow(), version: row.version + 1 })
      .where(eq(users.id, id))
      .returning();
    if (status === 'disabled') await revokeUserSessions(tx, id, 'disabled');
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: status === 'disabled' ? 'user.disable' : 'user.enable', permission: 'user.manage', entityType: 'user', entityId: id, changes: diff(row, updated, ['status', 'lockedUntil']) });
    return presentById(tx, ctx, id);
  });
}

/** The user must choose a new password at next sign-in; every open session ends now. */
export async function resetPassword(db: Db, ctx: RequestContext, id: string, input: { password: string }): Promise<User> {
  requirePasswordReset(ctx.actor, id);
  const [target] = await db.select().from(users).where(eq(users.id, id));
  if (!target) throw notFound('user');
  policyOrThrow(input.password, target.username, 'password');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, ctx, id);
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: clockNow(), version: row.version + 1 })
      .where(eq(users.id, id));
    await revokeUserSessions(tx, id, 'passwordReset');
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, { action: 'user.resetPassword', permission: 'user.manage', entityType: 'user', entityId: id, changes: { password: { before: '******', after: '******' } } });
    return presentById(tx, ctx, id);
  });
}
