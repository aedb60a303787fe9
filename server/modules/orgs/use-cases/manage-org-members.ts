import { and, eq, sql } from 'drizzle-orm';
import type { MyOrg, OrgAccounts } from '../../../../contracts/orgs.js';
import { appendAudit } from '../../../platform/audit/audit.js';
import { roleGrants, users } from '../../../platform/auth/auth.tables.js';
import { invalidateAuth } from '../../../platform/auth/session-cache.js';
import { clockNow } from '../../../platform/clock.js';
import type { Db, DbOrTx, Tx } from '../../../platform/db/client.js';
import { AppError, conflict, fieldError, notFound } from '../../../platform/errors/app-error.js';
import type { RequestContext } from '../../../platform/http/context.js';
import { notifyUsers } from '../../../platform/notify/notify.js';
import type { PiiCipher } from '../../../platform/pii/cipher.js';
import { maskPhone } from '../../../platform/pii/mask.js';
import { orgAccounts } from '../org-accounts.tables.js';
import { orgAccountsAccess, requireOrgAccountsManage } from '../orgs.policy.js';
import { presentOrgAccounts } from '../orgs.presenter.js';
import { selectEarliestMembers, selectMemberOrgs, selectOrgAccounts, selectOrgForAccounts, selectOrgMembers, selectUserByPhoneHash, type OrgMemberRow } from '../orgs.queries.js';

/*
 * An organization's accounts (组织账号). Its members are orgMember role grants; its contact person and the list's
 * version are in org_accounts. Every change locks the org's row (not its record: FOR NO KEY UPDATE), checks the
 * version the caller saw, writes the grant, audits and tells the person concerned — one transaction. Adding is by
 * the phone a citizen registered with: accounts are never created here, and nobody picks a password for someone else.
 */

type LockedOrg = NonNullable<Awaited<ReturnType<typeof selectOrgForAccounts>>>;

/** The accounts as they stand: the stored row, or none yet (`stored: false`, version 0). */
interface Accounts {
  stored: boolean;
  contactUserId: string | null;
  version: number;
}

/**
 * The org's accounts. Members granted outside this module — the demo's seeded accounts, grants written before
 * org_accounts existed — have no row: their earliest member is the contact, as migration 0030 decided for the rows it
 * found, so an org with members always has one; the first change stores it.
 */
async function accountsOf(db: DbOrTx, orgId: string, members: OrgMemberRow[]): Promise<Accounts> {
  const row = await selectOrgAccounts(db, orgId);
  if (row) return { stored: true, contactUserId: row.contactUserId, version: row.version };
  return { stored: false, contactUserId: members[0]?.userId ?? null, version: 0 };
}

const inExistence = (status: string) => status === 'active' || status === 'changing';
const MY_ORG_LINK = '/my-org';

async function loadAccounts(db: DbOrTx, ctx: RequestContext, pii: PiiCipher, org: { id: string; name: string; status: string; regionPath: string }): Promise<OrgAccounts> {
  const members = await selectOrgMembers(db, org.id);
  const accounts = await accountsOf(db, org.id, members);
  const access = orgAccountsAccess(ctx.actor, org, accounts.contactUserId);
  return presentOrgAccounts(org, members, accounts.contactUserId ? { contactUserId: accounts.contactUserId, version: accounts.version } : null, access, inExistence(org.status), pii);
}

/** The org's members and contact person: its staff in reach and its own members see them; anyone else 404. */
export async function findOrgAccounts(db: Db, ctx: RequestContext, pii: PiiCipher, orgId: string): Promise<OrgAccounts> {
  const org = await selectOrgForAccounts(db, orgId);
  if (!org) throw notFound('org');
  const accounts = await accountsOf(db, orgId, await selectOrgMembers(db, orgId));
  if (!orgAccountsAccess(ctx.actor, org, accounts.contactUserId).read) throw new AppError('not_found', { entity: 'org' }, undefined, { denied: true });
  return loadAccounts(db, ctx, pii, org);
}

/** Locks the org, loads its accounts and checks the caller may change them and saw the current version. */
async function openForChange(tx: Tx, ctx: RequestContext, orgId: string, version: number) {
  const org = await selectOrgForAccounts(tx, orgId, true);
  if (!org) throw notFound('org');
  const members = await selectOrgMembers(tx, orgId);
  const accounts = await accountsOf(tx, orgId, members);
  const access = orgAccountsAccess(ctx.actor, org, accounts.contactUserId);
  requireOrgAccountsManage(access);
  if (version !== accounts.version) throw conflict(accounts.version);
  return { org, accounts, members, access };
}

/** Writes the accounts row: created with its first contact, or moved on one version (and to a new contact). */
async function bumpAccounts(tx: Tx, orgId: string, accounts: Accounts, contactUserId: string) {
  const now = clockNow();
  if (!accounts.stored) await tx.insert(orgAccounts).values({ orgId, contactUserId, version: 1, createdAt: now, updatedAt: now });
  else await tx.update(orgAccounts).set({ contactUserId, version: accounts.version + 1, updatedAt: now }).where(eq(orgAccounts.orgId, orgId));
}

/** A user's grants changed: their account's version moves on (as the people module's grants do) and sessions reload. */
async function touchUser(tx: Tx, ctx: RequestContext, userId: string) {
  await tx.update(users).set({ version: sql`${users.version} + 1`, updatedAt: clockNow() }).where(eq(users.id, userId));
  await invalidateAuth(tx, ctx);
}

/**
 * Makes the user a member of the org — its contact person too when the org has none yet (its accounts are opened).
 * The caller has locked the org and checked who may; this writes, audits and notifies.
 */
async function admitMember(
  tx: Tx,
  ctx: RequestContext,
  org: LockedOrg,
  accounts: Accounts,
  user: { id: string; displayName: string },
  how: { permission: 'org.members' | 'application.handle' | 'user.manage'; caseNumber?: string; phone?: string; field?: string },
): Promise<{ contact: boolean }> {
  const [already] = await tx
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.role, 'orgMember'), eq(roleGrants.orgId, org.id)));
  if (already) throw new AppError('duplicate', { field: '组织账号成员', value: user.displayName }, [{ path: how.field ?? 'phone', message: `${user.displayName} 已是“${org.name}”的账号成员。`, messageEn: `${user.displayName} is already a member of this organization.` }]);
  const contact = !accounts.contactUserId;
  const [grant] = await tx.insert(roleGrants).values({ userId: user.id, role: 'orgMember', orgId: org.id, createdBy: ctx.actor?.userId ?? null }).returning({ id: roleGrants.id });
  await bumpAccounts(tx, org.id, accounts, accounts.contactUserId ?? user.id);
  await touchUser(tx, ctx, user.id);
  await appendAudit(tx, ctx, {
    action: 'org.addMember',
    permission: how.permission,
    entityType: 'org',
    entityId: org.id,
    changes: { members: { before: null, after: user.displayName }, ...(contact ? { contact: { before: null, after: user.displayName } } : {}) },
    detail: { userId: user.id, grantId: grant.id, orgName: org.name, ...(how.phone ? { phone: maskPhone(how.phone) } : {}), ...(how.caseNumber ? { caseNumber: how.caseNumber } : {}) },
  });
  await notifyUsers(tx, [user.id], {
    kind: 'org.memberAdded',
    title: `您已开通“${org.name}”的组织账号`,
    body: contact
      ? `您已成为“${org.name}”的组织账号联系人，可以代表本组织办理年度报告、变更、注销登记和项目申报，并管理本组织的其他账号成员。`
      : `您已成为“${org.name}”的组织账号成员，可以代表本组织办理年度报告、变更、注销登记和项目申报。`,
    link: MY_ORG_LINK,
  });
  return { contact };
}

/** 开通组织账号 / adds a member: an existing citizen account found by the phone it registered with. */
export async function addOrgMember(db: Db, ctx: RequestContext, pii: PiiCipher, orgId: string, input: { phone: string; version: number }): Promise<OrgAccounts> {
  return db.transaction(async (tx) => {
    const { org, accounts } = await openForChange(tx, ctx, orgId, input.version);
    if (!inExistence(org.status)) throw new AppError('invalid_state', { reason: '该组织已注销或被撤销登记，不能开通组织账号。', reasonEn: 'The organization is deregistered or revoked; no accounts can be opened for it.' });
    const user = await selectUserByPhoneHash(tx, pii.lookupHash(input.phone));
    if (!user) {
      throw fieldError('phone', `手机号 ${maskPhone(input.phone)} 尚未注册账号：请其本人先用该手机号在“申请人注册”页面注册，再来添加。`, `No account is registered with ${maskPhone(input.phone)}: ask the person to register with it first.`);
    }
    if (user.status !== 'active') throw fieldError('phone', `${user.displayName} 的账号已停用，不能加入组织。`, `${user.displayName}'s account is disabled.`);
    await admitMember(tx, ctx, org, accounts, user, { permission: 'org.members', phone: input.phone });
    return loadAccounts(tx, ctx, pii, org);
  });
}

/**
 * Takes a member's account away. The contact person is never removed — an org whose accounts are open always keeps
 * one — so the contact role is handed to another member first (transferOrgContact), as the refusal says.
 */
async function dismissMember(
  tx: Tx,
  ctx: RequestContext,
  org: LockedOrg,
  accounts: Accounts,
  members: OrgMemberRow[],
  member: OrgMemberRow,
  permission: 'org.members' | 'user.manage',
): Promise<void> {
  if (accounts.contactUserId === member.userId) {
    throw new AppError(
      'invalid_state',
      members.length > 1
        ? { reason: `${member.displayName} 是“${org.name}”的联系人，不能移除：组织须始终保留一名联系人。请先把联系人转交给其他成员，再移除。`, reasonEn: `${member.displayName} is the contact person of ${org.name} and cannot be removed: hand the contact role to another member first.` }
        : { reason: `${member.displayName} 是“${org.name}”唯一的联系人，不能移除：组织须始终保留一名联系人。请先添加新的成员并把联系人转交给他。`, reasonEn: `${member.displayName} is the only contact person of ${org.name} and cannot be removed: add another member and hand the contact role over first.` },
    );
  }
  await tx.delete(roleGrants).where(eq(roleGrants.id, member.grantId));
  await bumpAccounts(tx, org.id, accounts, accounts.contactUserId ?? member.userId);
  await touchUser(tx, ctx, member.userId);
  await appendAudit(tx, ctx, {
    action: 'org.removeMember',
    permission,
    entityType: 'org',
    entityId: org.id,
    changes: { members: { before: member.displayName, after: null } },
    detail: { userId: member.userId, grantId: member.grantId, orgName: org.name },
  });
  await notifyUsers(tx, [member.userId], {
    kind: 'org.memberRemoved',
    title: `您的“${org.name}”组织账号已收回`,
    body: `您已不再是“${org.name}”的组织账号成员，不能再代表该组织办理业务。如有疑问，请联系该组织的联系人或登记管理机关。`,
    link: null,
  });
}

/** Removes a member (not the contact person: see dismissMember). */
export async function removeOrgMember(db: Db, ctx: RequestContext, pii: PiiCipher, orgId: string, userId: string, input: { version: number }): Promise<OrgAccounts> {
  return db.transaction(async (tx) => {
    const { org, accounts, members } = await openForChange(tx, ctx, orgId, input.version);
    const member = members.find((m) => m.userId === userId);
    if (!member) throw notFound('user');
    await dismissMember(tx, ctx, org, accounts, members, member, 'org.members');
    return loadAccounts(tx, ctx, pii, org);
  });
}

/*
 * The same acts reached from user administration (POST /users/{id}/grants with an orgId, DELETE …/grants/{grantId}):
 * an office administrator grants or revokes 社会组织成员 on an org in their org.members reach, under the same rules.
 */

async function orgInReach(tx: Tx, ctx: RequestContext, orgId: string) {
  const org = await selectOrgForAccounts(tx, orgId, true);
  return org && orgAccountsAccess(ctx.actor, org, null).staff ? org : null;
}

/** Grants the org's membership to an account (people's addGrant); an org without a contact gets this one. */
export async function grantOrgMembership(tx: Tx, ctx: RequestContext, orgId: string, userId: string, field: string): Promise<{ label: string; grantId: string }> {
  const org = await orgInReach(tx, ctx, orgId);
  if (!org) throw fieldError(field, '社会组织不存在或不在您的管辖范围内。', 'Unknown organization or outside your reach.');
  if (!inExistence(org.status)) throw fieldError(field, `“${org.name}”已注销或被撤销登记，不能开通组织账号。`, `${org.name} is deregistered or revoked.`);
  const [user] = await tx.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('user');
  await admitMember(tx, ctx, org, await accountsOf(tx, orgId, await selectOrgMembers(tx, orgId)), user, { permission: 'user.manage', field });
  const [grant] = await tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'orgMember'), eq(roleGrants.orgId, orgId)));
  return { label: `社会组织成员@${org.name}`, grantId: grant.id };
}

/** Revokes an org's membership (people's removeGrant): out of reach looks missing; the contact person is kept. */
export async function revokeOrgMembership(tx: Tx, ctx: RequestContext, orgId: string, userId: string): Promise<void> {
  const org = await orgInReach(tx, ctx, orgId);
  if (!org) throw notFound('grant');
  const members = await selectOrgMembers(tx, orgId);
  const member = members.find((m) => m.userId === userId);
  if (!member) throw notFound('grant');
  await dismissMember(tx, ctx, org, await accountsOf(tx, orgId, members), members, member, 'user.manage');
}

/** Hands the contact role to another member (or names the first contact of an org whose members had none). */
export async function transferOrgContact(db: Db, ctx: RequestContext, pii: PiiCipher, orgId: string, input: { userId: string; version: number }): Promise<OrgAccounts> {
  return db.transaction(async (tx) => {
    const { org, accounts, members } = await openForChange(tx, ctx, orgId, input.version);
    const to = members.find((m) => m.userId === input.userId);
    if (!to) throw fieldError('userId', '只能把联系人转交给本组织的账号成员。', 'The contact role goes only to a member of the organization.');
    if (to.status !== 'active') throw fieldError('userId', `${to.displayName} 的账号已停用，不能担任联系人。`, `${to.displayName}'s account is disabled.`);
    if (accounts.contactUserId === to.userId) throw new AppError('invalid_state', { reason: `${to.displayName} 已是本组织的联系人。`, reasonEn: `${to.displayName} is already the contact person.` });
    const from = members.find((m) => m.userId === accounts.contactUserId);
    await bumpAccounts(tx, orgId, accounts, to.userId);
    await invalidateAuth(tx, ctx);
    await appendAudit(tx, ctx, {
      action: 'org.transferContact',
      permission: 'org.members',
      entityType: 'org',
      entityId: orgId,
      changes: { contact: { before: from?.displayName ?? null, after: to.displayName } },
      detail: { fromUserId: accounts.contactUserId, toUserId: to.userId, orgName: org.name },
    });
    await notifyUsers(tx, [to.userId], {
      kind: 'org.contactTransferred',
      title: `您已成为“${org.name}”的联系人`,
      body: `您现在是“${org.name}”的组织账号联系人，可以添加、移除本组织的账号成员，并可把联系人转交给其他成员。`,
      link: MY_ORG_LINK,
    });
    if (from && from.userId !== ctx.actor?.userId) {
      await notifyUsers(tx, [from.userId], { kind: 'org.contactTransferred', title: `“${org.name}”的联系人已转交`, body: `“${org.name}”的联系人已由您转交给 ${to.displayName}，您仍是本组织的账号成员。`, link: MY_ORG_LINK });
    }
    return loadAccounts(tx, ctx, pii, org);
  });
}

/**
 * An approved establishment (or filing) opens the new org's accounts: the applicant who filed it online becomes its
 * member and contact person, in the approval's transaction. Called by the applications module's effect.
 */
export async function grantOrgAccount(tx: Tx, ctx: RequestContext, orgId: string, userId: string, source: { caseNumber: string }): Promise<void> {
  const org = await selectOrgForAccounts(tx, orgId, true);
  if (!org) throw notFound('org');
  const [user] = await tx.select({ id: users.id, displayName: users.displayName, status: users.status }).from(users).where(eq(users.id, userId));
  if (!user || user.status !== 'active') return;
  await admitMember(tx, ctx, org, await accountsOf(tx, orgId, await selectOrgMembers(tx, orgId)), user, { permission: 'application.handle', caseNumber: source.caseNumber });
}

/** The organizations the caller acts for, for the header and the 本组织 page. */
export async function findMyOrgs(db: Db, ctx: RequestContext): Promise<{ items: MyOrg[] }> {
  if (!ctx.actor) throw new AppError('unauthenticated');
  const found = await selectMemberOrgs(db, ctx.actor.userId);
  // An org without a stored contact has its earliest member as one (accountsOf).
  const earliest = await selectEarliestMembers(db, found.filter((o) => !o.contactUserId).map((o) => o.id));
  return { items: found.map((o) => ({ id: o.id, name: o.name, status: o.status, isContact: (o.contactUserId ?? earliest.get(o.id)) === ctx.actor!.userId })) };
}
