import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/harness.js';
import { securityHeaders } from './security-headers.js';

describe('security headers', () => {
  it('are helmet’s for the options, worked out once', () => {
    const h = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], objectSrc: ["'none'"], upgradeInsecureRequests: null } }, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } });
    expect(h['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(h['content-security-policy']).toContain("object-src 'none'");
    expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['strict-transport-security']).toBeUndefined();
    expect(Object.isFrozen(h)).toBe(true);
    // A directive helmet refuses stops the start instead of failing every request.
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], 'bad;directive': ["'self'"] } } })).toThrow();
  });

  const ctx = useTestApp();
  it('go with every answer — an API route, a missing route, the app page', async () => {
    for (const url of ['/api/health', '/api/v1/nowhere', '/']) {
      const res = await ctx.t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });
});
