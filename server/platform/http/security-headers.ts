import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet sends for these options, worked out once. @fastify/helmet ran helmet's whole
 * middleware on every request — re-reading the options and re-serialising the CSP each time — though the headers
 * never change between requests (we use no CSP nonces). The app sets this fixed set on every answer instead.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet 8 throws on options it refuses (a bad directive), so a mistake stops the start, as it did per request.
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}
