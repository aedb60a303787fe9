import fs from 'node:fs';
import path from 'node:path';

/** One text message to one mobile number; `id` travels as the idempotency key. */
export interface SmsMessage {
  id: string;
  phone: string;
  text: string;
}

/**
 * Where one-time codes go. They are sent at once, not through the notification outbox: they go to numbers that
 * may have no account yet, and a code that arrives after its 5 minutes is worth nothing.
 */
export interface SmsSender {
  readonly kind: 'outbox' | 'webhook';
  send(message: SmsMessage): Promise<void>;
}

export const SMS_OUTBOX_FILE = 'sms-outbox.jsonl';

/**
 * Development: nothing leaves the machine. Each message is appended to DATA_DIR/sms-outbox.jsonl (what tests
 * and browser journeys read the code from) and logged, so a developer sees it in the console.
 */
export function outboxSmsSender(dataDir: string, log?: (line: string) => void): SmsSender {
  const file = path.join(dataDir, SMS_OUTBOX_FILE);
  return {
    kind: 'outbox',
    async send(m) {
      await fs.promises.mkdir(dataDir, { recursive: true });
      await fs.promises.appendFile(file, `${JSON.stringify({ ...m, at: new Date().toISOString() })}\n`, { mode: 0o600 });
      log?.(`短信（开发发件箱，未发出）→ ${m.phone}：${m.text}`);
    },
  };
}

/** A city's SMS gateway: a JSON POST of { to, text } with the message id as Idempotency-Key (as notify.ts sends). */
export function webhookSmsSender(url: string, fetchImpl: typeof fetch = fetch): SmsSender {
  return {
    kind: 'webhook',
    async send(m) {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.id },
        body: JSON.stringify({ to: m.phone, text: m.text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

export function smsSenderFrom(config: { SMS_ADAPTER?: 'outbox' | 'webhook'; SMS_WEBHOOK_URL?: string; dataDir: string }, log?: (line: string) => void): SmsSender {
  const kind = config.SMS_ADAPTER ?? (config.SMS_WEBHOOK_URL ? 'webhook' : 'outbox');
  if (kind === 'webhook') {
    if (!config.SMS_WEBHOOK_URL) throw new Error('配置错误：SMS_ADAPTER=webhook 需要同时设置 SMS_WEBHOOK_URL (SMS_ADAPTER=webhook needs SMS_WEBHOOK_URL)');
    return webhookSmsSender(config.SMS_WEBHOOK_URL);
  }
  return outboxSmsSender(config.dataDir, log);
}

/** The development outbox's messages, oldest first (tests, browser journeys, a developer's script). */
export function readSmsOutbox(dataDir: string): (SmsMessage & { at: string })[] {
  const file = path.join(dataDir, SMS_OUTBOX_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SmsMessage & { at: string });
}

/** The six digits of the latest code sent to `phone` in the development outbox, or null. */
export function latestSmsCode(dataDir: string, phone: string): string | null {
  const last = readSmsOutbox(dataDir)
    .filter((m) => m.phone === phone)
    .at(-1);
  return last?.text.match(/\d{6}/)?.[0] ?? null;
}
