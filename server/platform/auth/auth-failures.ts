import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { rows } from '../db/sql.js';

/** Failures older than this are forgotten: a captcha asked for today is not asked for tomorrow. */
export const FAILURE_WINDOW_MINUTES = 30;

/** A captcha is asked for after this many failed sign-ins for one username or from one address (浙里办 asks after 3). */
export const CAPTCHA_AFTER_FAILURES = 3;

export const failureKey = {
  user: (username: string) => `user:${username.trim().toLowerCase().slice(0, 64)}`,
  ip: (ip: string | null) => `ip:${ip ?? 'unknown'}`,
  /** Wrong SMS codes typed from an address: apart from sign-ins, so a mistyped password asks no captcha for a code. */
  smsIp: (ip: string | null) => `sms-ip:${ip ?? 'unknown'}`,
  phone: (phoneDigest: string) => `phone:${phoneDigest}`,
};

export interface FailureCount {
  failures: number;
  lastFailedAt: Date;
}

/** Recent failures of each key (a key with none is absent). */
export async function recentFailures(db: DbOrTx, keys: string[]): Promise<Map<string, FailureCount>> {
  const found = await rows<{ key: string; failures: number; last_failed_at: string | Date }>(
    db,
    sql`select key, failures, last_failed_at from auth_failures
        where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) and last_failed_at > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES})`,
  );
  return new Map(found.map((r) => [r.key, { failures: r.failures, lastFailedAt: new Date(r.last_failed_at) }]));
}

/** One more failure for each key, in the caller's transaction; a count older than the window starts again. */
export async function recordFailure(tx: DbOrTx, keys: string[]): Promise<Map<string, number>> {
  const found = await rows<{ key: string; failures: number }>(
    tx,
    sql`insert into auth_failures (key, failures, last_failed_at)
        values ${sql.join([...new Set(keys)].map((k) => sql`(${k}, 1, now())`), sql`, `)}
        on conflict (key) do update set
          failures = case when auth_failures.last_failed_at > now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}) then auth_failures.failures + 1 else 1 end,
          last_failed_at = now()
        returning key, failures`,
  );
  return new Map(found.map((r) => [r.key, r.failures]));
}

export async function clearFailures(tx: DbOrTx, keys: string[]): Promise<void> {
  await tx.execute(sql`delete from auth_failures where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`);
}
