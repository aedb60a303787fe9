import { sql } from 'drizzle-orm';
import type { Db } from './platform/db/client.js';
import { rows } from './platform/db/sql.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/haining.js';
import type { FirstAdmin } from './platform/auth/first-admin.js';

/** The demo was loaded into this database, on this start or an earlier one (the seed's audit event says so). */
export async function holdsDemoData(db: Db): Promise<boolean> {
  const [found] = await rows<{ one: number }>(db, sql`select 1 as one from audit_events where action = 'system.seed' limit 1`);
  return !!found;
}

/**
 * What `npm start` prints for people. The demo accounts and their fixed password appear only where the demo data
 * is: a real deployment's banner never advertises a password that would let anyone in.
 */
export function bannerLines(input: { url: string; database: string; demo: boolean; notes: string[]; startedMs: number }): string[] {
  return [
    '',
    `社治通 Shezhi 已启动 / is running: ${input.url}`,
    `  数据库 / database: ${input.database}`,
    ...input.notes,
    `  API 文档 / API docs: ${input.url}/api/docs`,
    ...(input.demo ? [`  演示账号 / demo accounts (密码 / password: ${DEMO_PASSWORD}):`, ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(8)} ${a.note}`)] : []),
    `  启动耗时 / started in ${input.startedMs} ms. Ctrl-C 停止 / to stop.`,
    '',
  ];
}

/** What the start did about the first platform administrator (its password is never printed). */
export function firstAdminLines(admin: FirstAdmin): string[] {
  if (admin.kind !== 'created') return [];
  return [
    `  平台管理员 / platform administrator: ${admin.username}（已创建 / created${admin.mustChangePassword ? '，首次登录须修改密码 / must change the password at first sign-in' : ''}）`,
    ...(admin.weak ? [`  注意 / note: 初始密码不符合密码策略（${admin.weak}），登录后须改为合规密码`] : []),
  ];
}
