import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { OCDS_PLACEHOLDER_PREFIX } from '../contracts/opendata.js';

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Shezhi reads, with its default. README.md lists the same table. */
const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: ZBool.default(true),
  /**
   * The first platform administrator of a deployment, created at start when no account has this name (never
   * changed afterwards: a later start with another password leaves the account alone). The password comes from
   * ADMIN_PASSWORD or, better, a file (ADMIN_PASSWORD_FILE: a secret mounted by the orchestrator).
   */
  ADMIN_USERNAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, 'ADMIN_USERNAME 应为 3–32 位字母、数字、下划线、点或短横线')
    .optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_PASSWORD_FILE: z.string().optional(),
  /** false: no forced change at first sign-in, only when the password already meets the policy. */
  ADMIN_PASSWORD_CHANGE: ZBool.default(true),
  /**
   * Whom to believe about the client's address and scheme (X-Forwarded-*): `false`, `true` (every hop — only
   * when nothing but the proxy can reach the instances), a hop count (`1`: the nearest proxy), or the proxies'
   * addresses and networks (`10.0.0.5,10.1.0.0/16`), which is safest.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      const t = v.trim();
      if (/^(true|yes)$/i.test(t)) return true;
      if (/^(false|no|0)$/i.test(t) || t === '') return false;
      if (/^[1-9]\d?$/.test(t)) return Number(t);
      const parts = t.split(',').map((p) => p.trim());
      const bad = parts.filter((p) => !isAddressOrNetwork(p));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `TRUST_PROXY 应为 true、false、跳数（1–99）或代理的地址/网段，逗号分隔；无法识别：${bad.join(', ')}` });
        return z.NEVER;
      }
      return parts;
    }),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Seconds a resolved session may be reused from memory (0 = always read it from the database). */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(15),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** base64 of 32 bytes; unset → a key generated once in DATA_DIR/pii.key (set it when instances share a server). */
  PII_KEY: z.string().optional(),
  PII_CIPHER: z.enum(['aes-256-gcm', 'sm4']).default('aes-256-gcm'),
  /** The address people reach the app at (https://shezhi.example.gov.cn): links in messages and QR codes. */
  PUBLIC_ORIGIN: z.url().optional(),
  /**
   * Open311 api_keys accepted for POST requests.json besides those the offices issue in the app (issue 17 §4):
   * comma-separated, for deployments and tests. Each is good for every city; jurisdiction_id names the city.
   */
  OPEN311_API_KEYS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter((k) => k.length > 0)),
  /** Scheduled jobs (overdue cases, notification delivery) in this instance; several instances may all say on. */
  JOBS: z.enum(['on', 'off']).default('on'),
  /** croner pattern for the overdue check. */
  OVERDUE_CRON: z.string().default('*/10 * * * *'),
  /** SMS gateway and DingTalk robot: a JSON POST per message, with an Idempotency-Key header. Unset = off. */
  SMS_WEBHOOK_URL: z.url().optional(),
  /**
   * Where one-time SMS codes go: `webhook` (SMS_WEBHOOK_URL, a city's gateway) or `outbox` — development: each
   * message appended to DATA_DIR/sms-outbox.jsonl and logged, nothing sent. Unset: webhook when SMS_WEBHOOK_URL
   * is set, else outbox.
   */
  SMS_ADAPTER: z.enum(['outbox', 'webhook']).optional(),
  /** One-time codes a phone number, and a client address, may be sent per day (China time). */
  SMS_DAILY_PER_PHONE: z.coerce.number().int().min(1).default(10),
  SMS_DAILY_PER_IP: z.coerce.number().int().min(1).default(50),
  /** Seconds before another code may be sent to the same number (the button's countdown). */
  SMS_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** Email notifications: an SMTP URL (smtp:// or smtps://, credentials in it) and the sender. Unset = off. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL 应以 smtp:// 或 smtps:// 开头').optional(),
  SMTP_FROM: z.string().default('社治通 <noreply@shezhi.local>'),
  DINGTALK_WEBHOOK_URL: z.url().optional(),
  /**
   * OCDS open data: the ocid prefix ("ocds-" and 6 characters) a publisher registers with the Open Contracting
   * Partnership. The default is a placeholder that marks the data as not yet registered.
   */
  OCDS_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, 'OCDS_PREFIX 应为 ocds- 加 6 位小写字母或数字（在 Open Contracting Partnership 登记）')
    .default(OCDS_PLACEHOLDER_PREFIX),
  /** The licence of the open data (its canonical URI). */
  OCDS_LICENSE: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
});

function isAddressOrNetwork(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

export type Config = z.infer<typeof ZConfig> & { dataDir: string; webDir: string };

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const base = parsed.data;
  return {
    ...base,
    dataDir: path.resolve(base.DATA_DIR),
    webDir: path.resolve('dist/web'),
    ...overrides,
  };
}

export const APP_VERSION = process.env.npm_package_version ?? '0.1.0';
