import { MAX_SYNC_BATCH } from '../../../contracts/rotation-records';
import type { FieldQueue, QueueError, QueueItem, QueuedPhoto, SyncReport } from './field-queue';

/*
 * Sending the phone's queue (field-queue.ts): photos first (each with its own key), then the records in batches of
 * 500 (each with its clientKey), then the concerns one by one (with an Idempotency-Key). What the server keeps
 * leaves the queue; what it refuses stays, marked with the server's reasons, until the user edits or deletes it; what
 * did not get through (no signal, a server error, an ended session) waits and is tried again later, each time later
 * (the backoff), or at once when the signal returns or the user asks.
 */

/** Why one call failed, as the transport reports it (web/app/api.ts's ProblemError has these members). */
export interface TransportFailure {
  status: number;
  detail?: string;
  title?: string;
  errors?: { path: string; message: string }[];
}

export interface RecordSyncResult {
  items: { index: number; clientKey: string | null; status: 'created' | 'alreadySynced' | 'refused'; errors: { path: string; message: string }[] }[];
}

export interface SyncTransport {
  /** Uploads one photo under its clientKey; answers the server's file id. */
  uploadPhoto(photo: QueuedPhoto): Promise<string>;
  syncRecords(records: Record<string, unknown>[]): Promise<RecordSyncResult>;
  /** Raises one concern (no photos: the concern's photos are added to it after it exists); a retry sends the same key. */
  raiseConcern(body: Record<string, unknown>, idempotencyKey: string): Promise<void>;
}

/** Records per request: the sync route's whole batch (its input guard is raised to take 500 full records). */
export const SYNC_BATCH = MAX_SYNC_BATCH;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 30 * 60_000;

/** How long to wait after the n-th failed attempt: 30 s, 1 min, 2 min … at most 30 min. */
export function backoffMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * A refusal is the server judging the item itself (bad input, a photo that is not an image, an assignment not
 * found): sending it again will not help. Anything else — no answer, 401 (signed out), 403, 408, 429, 5xx — may pass
 * later unchanged.
 */
export function isRefusal(failure: TransportFailure): boolean {
  return failure.status >= 400 && failure.status < 500 && ![401, 403, 408, 429].includes(failure.status);
}

function asFailure(error: unknown): TransportFailure {
  if (typeof error === 'object' && error !== null && typeof (error as TransportFailure).status === 'number') return error as TransportFailure;
  return { status: 0 };
}

/** The words to keep with the item: the server's zh-CN detail, else a sentence of ours for what did not get through. */
function failureError(failure: TransportFailure): QueueError {
  const message =
    failure.status === 0
      ? '网络不通，恢复信号后自动重试'
      : failure.status === 401
        ? '登录已过期，请重新登录后同步'
        : failure.detail || failure.title || `服务器暂时无法处理（${failure.status}），稍后自动重试`;
  return { message, fields: failure.errors ?? [] };
}

export interface SyncOptions {
  now?: number;
  /** Ignore the backoff (the signal just returned, the user pressed 立即同步). */
  force?: boolean;
  batchSize?: number;
}

/** Sends what is due in one account's queue; answers what happened (also kept as the account's last sync). */
export async function syncQueue(queue: FieldQueue, userId: string, transport: SyncTransport, options: SyncOptions = {}): Promise<SyncReport> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? SYNC_BATCH;
  const due = (await queue.list(userId)).filter((i) => i.state === 'waiting' && (options.force || i.nextAttemptAt <= now));
  let kept = 0;
  let refused = 0;

  const retryLater = async (item: QueueItem, failure: TransportFailure) => {
    const attempts = item.attempts + 1;
    await queue.put({ ...item, attempts, nextAttemptAt: now + backoffMs(attempts), lastError: failureError(failure) });
  };
  const refuse = async (item: QueueItem, error: QueueError) => {
    refused++;
    await queue.put({ ...item, state: 'refused', attempts: item.attempts + 1, lastError: error });
  };
  const keep = async (item: QueueItem) => {
    kept++;
    await queue.remove(item.clientKey);
  };

  // 1. Photos, one after another (a phone's upload is the narrow pipe); each id is saved as soon as it is known.
  const ready: QueueItem[] = [];
  for (const original of due) {
    let item = original;
    let blocked = false;
    for (const [k, photo] of item.photos.entries()) {
      if (photo.fileId) continue;
      try {
        const fileId = await transport.uploadPhoto(photo);
        item = { ...item, photos: item.photos.map((p, j) => (j === k ? { ...p, fileId } : p)) };
        await queue.put(item);
      } catch (error) {
        const failure = asFailure(error);
        if (isRefusal(failure)) await refuse(item, { message: `照片「${photo.name}」未被接受：${failureError(failure).message}`, fields: failure.errors ?? [] });
        else await retryLater(item, failure);
        blocked = true;
        break;
      }
    }
    if (!blocked) ready.push(item);
  }

  // 2. Records in batches: each kept, kept before (the same clientKey) or refused on its own.
  const records = ready.filter((i) => i.kind === 'record');
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    try {
      const result = await transport.syncRecords(batch.map((i) => ({ ...i.body, clientKey: i.clientKey, photoIds: i.photos.map((p) => p.fileId) })));
      for (const answer of result.items) {
        const item = batch[answer.index];
        if (!item) continue;
        if (answer.status === 'refused') await refuse(item, { message: '服务器未接受这条记录，请修改后重新提交', fields: answer.errors });
        else await keep(item);
      }
    } catch (error) {
      const failure = asFailure(error);
      for (const item of batch) await retryLater(item, failure);
    }
  }

  // 3. Concerns, one by one.
  for (const item of ready.filter((i) => i.kind === 'concern')) {
    try {
      await transport.raiseConcern(item.body, item.clientKey);
      await keep(item);
    } catch (error) {
      const failure = asFailure(error);
      if (isRefusal(failure)) await refuse(item, failureError(failure));
      else await retryLater(item, failure);
    }
  }

  const waiting = (await queue.list(userId)).filter((i) => i.state === 'waiting').length;
  const report: SyncReport = { at: new Date(now).toISOString(), sent: due.length, kept, refused, waiting };
  if (due.length > 0) await queue.setLastSync(userId, report);
  return report;
}

/** One sync at a time per tab: the online event, the app's start and the button may all fire at once. */
let running: Promise<SyncReport> | null = null;
export function syncOnce(run: () => Promise<SyncReport>): Promise<SyncReport> {
  running ??= run().finally(() => {
    running = null;
  });
  return running;
}
