import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { idempotencyRecords } from './idempotency.tables.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route honours an Idempotency-Key header: a retry with the same key gets the first answer. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyRecordId?: string;
  }
}

const KEY = /^[\x21-\x7e]{8,128}$/;
/** A pending record this old belongs to a request that died; its key may be used again. */
const STALE_PENDING = "interval '2 minutes'";

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) for routes that move money or otherwise must
 * not act twice when a client retries after a timeout. The first request with a key runs and its answer
 * (any status below 500) is kept; a retry with the same key and the same request gets that answer again,
 * marked `Idempotent-Replayed: true`; the same key with a different request is refused (422); a retry while
 * the first is still running gets 409. The business rules (a milestone is paid once) hold with or without
 * a key — the key only makes a retry safe to read.
 */
export function installIdempotency(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config?.idempotent) return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) throw new AppError('bad_request', { reason: 'Idempotency-Key 须为 8–128 个可见 ASCII 字符。', reasonEn: 'Idempotency-Key must be 8–128 visible ASCII characters.' });
    const actor = request.ctx.actor;
    if (!actor) return;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const db = app.database.db;
    await db.execute(sql`delete from idempotency_records where user_id = ${actor.userId} and key = ${key} and state = 'pending' and created_at < now() - ${sql.raw(STALE_PENDING)}`);
    const inserted = await db.insert(idempotencyRecords).values({ userId: actor.userId, key, requestHash }).onConflictDoNothing().returning({ id: idempotencyRecords.id });
    if (inserted.length) {
      request.idempotencyRecordId = inserted[0].id;
      return;
    }
    const [rec] = await db.select().from(idempotencyRecords).where(and(eq(idempotencyRecords.userId, actor.userId), eq(idempotencyRecords.key, key)));
    if (!rec) throw new AppError('request_in_progress');
    if (rec.requestHash !== requestHash) throw new AppError('idempotency_mismatch');
    if (rec.state === 'pending') throw new AppError('request_in_progress');
    return reply
      .code(rec.statusCode ?? 200)
      .header('content-type', rec.contentType ?? 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(rec.body ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRecordId;
    if (!id) return payload;
    request.idempotencyRecordId = undefined;
    const db = app.database.db;
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && payload !== null && payload !== undefined)) {
      // A server failure (or a streamed body) is not an answer worth replaying: let the client retry for real.
      await db.delete(idempotencyRecords).where(eq(idempotencyRecords.id, id));
      return payload;
    }
    await db
      .update(idempotencyRecords)
      .set({ state: 'done', statusCode: reply.statusCode, contentType: String(reply.getHeader('content-type') ?? ''), body: payload ?? '' })
      .where(eq(idempotencyRecords.id, id));
    return payload;
  });
}
