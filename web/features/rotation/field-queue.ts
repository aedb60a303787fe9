import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/*
 * The phone's queue of field records and concerns (issue 17 §3), in IndexedDB: whatever a social worker records is
 * written here first, with a UUID made on the phone, and leaves only when the server has kept it. A reload, a dead
 * battery or a week without signal loses nothing; the server's clientKey (records, photos) and Idempotency-Key
 * (concerns) make a second sending count once.
 */

export interface QueuedPhoto {
  /** The phone's key for the upload: a retried upload answers the file kept the first time. */
  clientKey: string;
  name: string;
  type: string;
  blob: Blob;
  /** The server's file id once uploaded (the record names it). */
  fileId: string | null;
}

export interface QueueError {
  message: string;
  fields: { path: string; message: string }[];
}

export type QueueItemKind = 'record' | 'concern';

export interface QueueItem {
  clientKey: string;
  /** Whose queue: a shared phone keeps each account's items apart. */
  userId: string;
  kind: QueueItemKind;
  /** The record (ZFieldRecordInput without photoIds) or the concern (ZConcernRaiseInput without photoIds), as sent. */
  body: Record<string, unknown>;
  photos: QueuedPhoto[];
  /** What the 待同步 list shows: the community and a line about the item. */
  label: { place: string; title: string };
  createdAt: string;
  /** waiting: will be sent (again); refused: the server said no — the user edits or deletes it. */
  state: 'waiting' | 'refused';
  attempts: number;
  /** Not before this time (epoch ms): the backoff after a failed attempt. */
  nextAttemptAt: number;
  /** The last failure: the server's refusal, or why the last attempt did not get through. */
  lastError: QueueError | null;
}

export interface SyncReport {
  at: string;
  sent: number;
  kept: number;
  refused: number;
  waiting: number;
}

interface FieldDb extends DBSchema {
  queue: { key: string; value: QueueItem; indexes: { byUser: string } };
  meta: { key: string; value: SyncReport };
}

export interface FieldQueue {
  list(userId: string): Promise<QueueItem[]>;
  get(clientKey: string): Promise<QueueItem | undefined>;
  put(item: QueueItem): Promise<void>;
  remove(clientKey: string): Promise<void>;
  lastSync(userId: string): Promise<SyncReport | undefined>;
  setLastSync(userId: string, report: SyncReport): Promise<void>;
}

const DB_NAME = 'shezhi-field';

/** The queue in this browser's IndexedDB (fake-indexeddb in unit tests). */
export function openFieldQueue(name = DB_NAME): FieldQueue {
  let db: Promise<IDBPDatabase<FieldDb>> | null = null;
  const open = () =>
    (db ??= openDB<FieldDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('queue', { keyPath: 'clientKey' }).createIndex('byUser', 'userId');
        d.createObjectStore('meta');
      },
    }));
  return {
    async list(userId) {
      const items = await (await open()).getAllFromIndex('queue', 'byUser', userId);
      return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async get(clientKey) {
      return (await open()).get('queue', clientKey);
    },
    async put(item) {
      await (await open()).put('queue', item);
      notify();
    },
    async remove(clientKey) {
      await (await open()).delete('queue', clientKey);
      notify();
    },
    async lastSync(userId) {
      return (await open()).get('meta', `lastSync:${userId}`);
    },
    async setLastSync(userId, report) {
      await (await open()).put('meta', report, `lastSync:${userId}`);
      notify();
    },
  };
}

const listeners = new Set<() => void>();
/** Called after every change of the queue (this tab): the views read it again. */
export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function notify() {
  for (const l of listeners) l();
}

/** A new item for the queue, waiting to be sent now. */
export function newQueueItem(fields: Pick<QueueItem, 'clientKey' | 'userId' | 'kind' | 'body' | 'photos' | 'label'>, now = new Date()): QueueItem {
  return { ...fields, createdAt: now.toISOString(), state: 'waiting', attempts: 0, nextAttemptAt: 0, lastError: null };
}
