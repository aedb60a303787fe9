import type { Transporter } from 'nodemailer';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { rows } from '../db/sql.js';
import { notificationOutbox, notifications } from './notify.tables.js';

export type Channel = 'email' | 'sms' | 'dingtalk';

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  caseId?: string | null;
}

/** External channels switched on for this deployment (set at start from the configuration). */
const enabled = new Set<Channel>();
export function enabledChannels(): Channel[] {
  return [...enabled];
}
export function setEnabledChannels(channels: Channel[]): void {
  enabled.clear();
  for (const c of channels) enabled.add(c);
}

/**
 * Puts a message in each recipient's inbox and, for every enabled external channel, in the outbox —
 * all in the caller's transaction, so a rolled-back act notifies nobody.
 */
export async function notifyUsers(tx: DbOrTx, userIds: Iterable<string>, input: NotificationInput): Promise<number> {
  return notifyMany(tx, [{ userIds, input }]);
}

/** Several messages to several groups in one insert (a transition tells the next owners and the applicant). */
export async function notifyMany(tx: DbOrTx, messages: { userIds: Iterable<string>; input: NotificationInput }[]): Promise<number> {
  const values = messages.flatMap(({ userIds, input }) =>
    [...new Set(userIds)].map((userId) => ({ userId, kind: input.kind, title: input.title, body: input.body, link: input.link ?? null, caseId: input.caseId ?? null })),
  );
  if (values.length === 0) return 0;
  const inserted = await tx.insert(notifications).values(values).returning({ id: notifications.id });
  if (enabled.size > 0) {
    const out = inserted.flatMap((n) => [...enabled].map((channel) => ({ notificationId: n.id, channel })));
    await tx.insert(notificationOutbox).values(out);
  }
  return values.length;
}

export interface OutboxMessage {
  id: string;
  channel: Channel;
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  phoneSealed: string | null;
  title: string;
  body: string;
  link: string | null;
}

/** A delivery adapter sends one message; it throws to ask for a retry. */
export interface DeliveryAdapter {
  channel: Channel;
  send(message: OutboxMessage): Promise<void>;
}

const MAX_ATTEMPTS = 8;

/** A message that can never be delivered (no address): failed at once instead of retried. */
export class UndeliverableError extends Error {}

/**
 * Sends due outbox rows. Each row is claimed with FOR UPDATE SKIP LOCKED and marked in the same
 * transaction, so two workers never send one message; the row id travels as the idempotency key so
 * a receiver can drop the rare repeat after a crash between send and commit.
 */
export async function deliverOutbox(db: Db, adapters: DeliveryAdapter[], batch = 20): Promise<{ delivered: number; failed: number }> {
  const byChannel = new Map(adapters.map((a) => [a.channel, a]));
  return db.transaction(async (tx) => {
    const due = await rows<OutboxMessage & { attempts: number }>(
      tx,
      sql`select o.id, o.channel, o.attempts, n.user_id as "userId", u.username, u.display_name as "displayName", u.email, u.phone_sealed as "phoneSealed", n.title, n.body, n.link
          from notification_outbox o join notifications n on n.id = o.notification_id join users u on u.id = n.user_id
          where o.delivered_at is null and o.failed_at is null and o.next_attempt_at <= now()
          order by o.next_attempt_at limit ${batch} for update of o skip locked`,
    );
    let delivered = 0;
    let failed = 0;
    for (const m of due) {
      const adapter = byChannel.get(m.channel);
      try {
        if (!adapter) throw new Error(`no adapter for ${m.channel}`);
        await adapter.send(m);
        await tx.execute(sql`update notification_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null where id = ${m.id}`);
        delivered += 1;
      } catch (err) {
        failed += 1;
        const attempts = err instanceof UndeliverableError ? MAX_ATTEMPTS : m.attempts + 1;
        const message = err instanceof Error ? err.message.slice(0, 500) : String(err);
        // Back off 1, 2, 4 … minutes; give up after MAX_ATTEMPTS and leave the row for the administrator.
        await tx.execute(
          sql`update notification_outbox set attempts = ${attempts}, last_error = ${message},
              next_attempt_at = now() + make_interval(mins => ${2 ** Math.min(attempts - 1, 10)}),
              failed_at = case when ${attempts} >= ${MAX_ATTEMPTS} then now() else null end
              where id = ${m.id}`,
        );
      }
    }
    return { delivered, failed };
  });
}

/** SMS and DingTalk gateways differ per city: both are a JSON POST to a configured webhook. */
export function webhookAdapter(channel: Channel, url: string, reveal: (sealed: string) => string, fetchImpl: typeof fetch = fetch): DeliveryAdapter {
  return {
    channel,
    async send(m) {
      const to = channel === 'sms' ? (m.phoneSealed ? reveal(m.phoneSealed) : null) : m.username;
      if (channel === 'sms' && !to) throw new UndeliverableError('recipient has no phone number');
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.id },
        body: JSON.stringify({ to, title: m.title, text: m.body, link: m.link }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

/** Email through any SMTP server (SMTP_URL, e.g. smtps://user:pass@mail.example.gov.cn:465). */
export function emailAdapter(smtpUrl: string, from: string, origin: string | null, createTransport?: (url: string) => Transporter): DeliveryAdapter {
  // nodemailer is loaded with the first mail, not at every server start (issue 14 §4).
  let transport: Promise<Transporter> | null = null;
  const transportOf = () => (transport ??= createTransport ? Promise.resolve(createTransport(smtpUrl)) : import('nodemailer').then((m) => m.default.createTransport(smtpUrl)));
  return {
    channel: 'email',
    async send(m) {
      if (!m.email) throw new UndeliverableError('recipient has no email address');
      const link = m.link ? `${origin ?? ''}${m.link}` : null;
      await (await transportOf()).sendMail({
        from,
        to: m.email,
        subject: `【社治通】${m.title}`,
        text: link ? `${m.body}\n\n${link}` : m.body,
        // The outbox id as Message-ID: a receiving system can drop the rare repeat after a crash.
        messageId: `<${m.id}@shezhi.local>`,
      });
    },
  };
}
