import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('TRUST_PROXY', () => {
  const trust = (value: string | undefined) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  it('takes off/on, a hop count, or the proxies’ addresses and networks', () => {
    expect(trust(undefined)).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(trust('10.0.0.5, 10.1.0.0/16,::1,fd00::/8')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8']);
  });

  it('refuses what it cannot read, naming it, instead of trusting everybody', () => {
    expect(() => trust('10.0.0.300')).toThrow(/TRUST_PROXY.*10\.0\.0\.300/s);
    expect(() => trust('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => trust('proxy.local')).toThrow(/proxy\.local/);
  });
});

describe('TRUST_PROXY in a running app', () => {
  // The address the audit trail records for a failed sign-in is the one the app believed.
  async function recordedAddress(trustProxy: string, forwardedFor: string): Promise<string | null> {
    const { createTestApp } = await import('./test/harness.js');
    const { sql } = await import('drizzle-orm');
    const { rows } = await import('./platform/db/sql.js');
    const t = await createTestApp({ TRUST_PROXY: trustProxy });
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'wrong-Password-1' }, headers: { 'x-forwarded-for': forwardedFor } });
      expect(res.statusCode).toBe(401);
      const [row] = await rows<{ ip: string | null }>(t.app.database.db, sql`select ip from audit_events order by seq desc limit 1`);
      return row?.ip ?? null;
    } finally {
      await t.close();
    }
  }

  it('believes as many hops as it is told, and only the named proxies', async () => {
    // inject's socket peer is 127.0.0.1; the client claims 6.6.6.6 in front of a proxy at 10.0.0.9.
    expect(await recordedAddress('false', '6.6.6.6, 10.0.0.9')).toBe('127.0.0.1');
    expect(await recordedAddress('1', '6.6.6.6, 10.0.0.9')).toBe('10.0.0.9');
    expect(await recordedAddress('127.0.0.1,10.0.0.9', '6.6.6.6, 10.0.0.9')).toBe('6.6.6.6');
    expect(await recordedAddress('127.0.0.1', '6.6.6.6, 10.0.0.9')).toBe('10.0.0.9');
  }, 120_000);
});
