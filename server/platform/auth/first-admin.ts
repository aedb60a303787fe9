import fs from 'node:fs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { appendAudit } from '../audit/audit.js';
import { systemContext } from '../http/context.js';
import { hashPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { roleGrants, users } from './auth.tables.js';

export interface FirstAdminConfig {
  ADMIN_USERNAME?: string;
  ADMIN_PASSWORD?: string;
  ADMIN_PASSWORD_FILE?: string;
  ADMIN_PASSWORD_CHANGE: boolean;
}

/** What the start did about the first administrator, for the banner. */
export type FirstAdmin = { kind: 'created'; username: string; mustChangePassword: boolean; weak: string | null } | { kind: 'exists'; username: string } | { kind: 'none' };

/** Why a start cannot go on: said once, in Chinese and English, with what to set. */
export class StartRefused extends Error {}

export function passwordFrom(config: FirstAdminConfig): string {
  if (config.ADMIN_PASSWORD_FILE) {
    let text: string;
    try {
      text = fs.readFileSync(config.ADMIN_PASSWORD_FILE, 'utf8');
    } catch (err) {
      throw new StartRefused(`无法读取 ADMIN_PASSWORD_FILE（${config.ADMIN_PASSWORD_FILE}）/ cannot read ADMIN_PASSWORD_FILE: ${(err as Error).message}`);
    }
    // A secret file usually ends with a newline its writer did not mean as part of the password.
    return text.replace(/\r?\n$/, '');
  }
  return config.ADMIN_PASSWORD ?? '';
}

/** Accounts that can administer something (the platform or a city's office), active. */
async function administrators(db: Db): Promise<number> {
  const [found] = await db
    .select({ n: sql<number>`count(distinct ${users.id})::int` })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(users.status, 'active'), inArray(roleGrants.role, ['platformAdmin', 'officeAdmin'])));
  return found?.n ?? 0;
}

/**
 * The deployment's first platform administrator, from ADMIN_USERNAME and ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE),
 * created when no account bears that name — with or without the demo. An existing account is never touched: a
 * start must not reset a password someone has since changed. Without the variables, a database with no
 * administrator at all (a deployment's first start without the demo) refuses to start, saying what to set,
 * rather than serving a system nobody can sign in to.
 */
export async function ensureFirstAdmin(db: Db, config: FirstAdminConfig): Promise<FirstAdmin> {
  if (!config.ADMIN_USERNAME) {
    if ((await administrators(db)) > 0) return { kind: 'none' };
    throw new StartRefused(
      [
        '数据库中还没有管理员账号，无法启动。首次部署请设置：',
        '  ADMIN_USERNAME=<平台管理员用户名>  ADMIN_PASSWORD_FILE=<存放初始密码的文件>（或 ADMIN_PASSWORD=<初始密码>）',
        '  —— 启动时将创建该平台管理员，首次登录须修改密码；或设置 SEED_DEMO=true 载入海宁演示数据。',
        'There is no administrator account in this database. For a first deployment set ADMIN_USERNAME and',
        'ADMIN_PASSWORD_FILE (or ADMIN_PASSWORD): the start creates that platform administrator, who changes the',
        'password at first sign-in; or set SEED_DEMO=true for the Haining demo.',
      ].join('\n'),
    );
  }
  const username = config.ADMIN_USERNAME;
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (existing) return { kind: 'exists', username };
  const password = passwordFrom(config);
  if (!password) throw new StartRefused('设置了 ADMIN_USERNAME 但没有初始密码：请设置 ADMIN_PASSWORD_FILE 或 ADMIN_PASSWORD / ADMIN_USERNAME is set without a password: set ADMIN_PASSWORD_FILE or ADMIN_PASSWORD');
  if (password.length < 8) throw new StartRefused('ADMIN_PASSWORD 至少 8 位 / ADMIN_PASSWORD needs at least 8 characters');
  const weak = checkPasswordPolicy(password, username);
  // A password that fails the policy still lets the administrator in once, to choose one that passes.
  const mustChangePassword = config.ADMIN_PASSWORD_CHANGE || weak !== null;
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [created] = await tx.insert(users).values({ username, displayName: '平台管理员', passwordHash, mustChangePassword }).returning({ id: users.id });
    await tx.insert(roleGrants).values({ userId: created.id, role: 'platformAdmin' });
    await appendAudit(tx, systemContext('start:first-admin'), {
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      detail: { username, role: 'platformAdmin', mustChangePassword, source: config.ADMIN_PASSWORD_FILE ? 'ADMIN_PASSWORD_FILE' : 'ADMIN_PASSWORD' },
    });
  });
  return { kind: 'created', username, mustChangePassword, weak: weak?.zh ?? null };
}
