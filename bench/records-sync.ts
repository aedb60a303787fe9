// Issue 17 §3's speed target: "Syncing 500 queued field records: ≤ 10 s end to end", through the API of a built
// server on the Haining demo. The phone's own queue code (web/features/rotation/field-queue.ts and field-sync.ts,
// IndexedDB given by fake-indexeddb) holds 500 records of shegong's assignments this season, 50 of them with a photo;
// the clock runs from the first photo upload to the last record kept and the queue empty. The same 500 are then
// synced again (as a phone that never heard the answer would): every one answers alreadySynced and the server's
// count does not move.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { newQueueItem, openFieldQueue, type QueuedPhoto } from '../web/features/rotation/field-queue.js';
import { syncQueue, type RecordSyncResult, type SyncTransport } from '../web/features/rotation/field-sync.js';
import { onDemoServers } from './lib/demo-servers.js';
import { signIn, type Running } from './lib/server.js';
import { log, median, round } from './lib/stats.js';

const RECORDS = 500;
const WITH_PHOTO = 50;
const TARGET_S = 10;
// The smallest PNG (1×1); the server checks the bytes, not the name.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface RecordsSyncRun {
  seconds: number;
  uploadS: number;
  kept: number;
  resyncS: number;
  resyncAlready: number;
  serverDelta: number;
}
export interface RecordsSyncCase {
  db: 'postgres' | 'pglite';
  runs: RecordsSyncRun[];
  seconds: number;
  resyncS: number;
  met: boolean;
}
export interface RecordsSyncResult {
  records: number;
  withPhoto: number;
  rounds: number;
  cases: RecordsSyncCase[];
  errors: string[];
}

interface Assignment {
  id: string;
  role: string;
  records: number;
}

function httpTransport(server: Running, auth: { cookie: string; csrf: string }, timing: { uploadMs: number }): SyncTransport {
  const headers = { cookie: auth.cookie, 'x-csrf-token': auth.csrf };
  const answer = async <T>(res: Response): Promise<T> => {
    const text = await res.text();
    if (res.status >= 300) throw Object.assign(new Error(text.slice(0, 300)), { status: res.status });
    return JSON.parse(text) as T;
  };
  return {
    async uploadPhoto(photo: QueuedPhoto) {
      const t = performance.now();
      const form = new FormData();
      form.append('clientKey', photo.clientKey);
      form.append('file', photo.blob, photo.name);
      const out = await answer<{ id: string }>(await fetch(`${server.base}/api/v1/rotation/records/photos`, { method: 'POST', headers, body: form }));
      timing.uploadMs += performance.now() - t;
      return out.id;
    },
    async syncRecords(records) {
      return answer<RecordSyncResult>(await fetch(`${server.base}/api/v1/rotation/records/sync`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ records }) }));
    },
    async raiseConcern() {
      throw new Error('no concerns in this bench');
    },
  };
}

async function assignments(server: Running, auth: { cookie: string }, year: number, season: number): Promise<Assignment[]> {
  const res = await fetch(`${server.base}/api/v1/rotation/mine/assignments?year=${year}&season=${season}`, { headers: { cookie: auth.cookie } });
  if (res.status !== 200) throw new Error(`mine/assignments answered ${res.status}`);
  return ((await res.json()) as { items: Assignment[] }).items;
}

async function measure(server: Running, db: RecordsSyncCase['db'], rounds: number, errors: string[]): Promise<RecordsSyncCase> {
  const auth = await signIn(server.base, 'shegong');
  const now = new Date();
  const year = now.getFullYear();
  const season = Math.floor(now.getMonth() / 3) + 1;
  const runs: RecordsSyncRun[] = [];
  for (let round_ = 0; round_ < rounds; round_++) {
    try {
      const mine = await assignments(server, auth, year, season);
      if (mine.length === 0) throw new Error(`shegong has no assignment in ${year} Q${season}`);
      const before = mine.reduce((n, a) => n + a.records, 0);
      const queue = openFieldQueue(`bench-${randomUUID()}`);
      const userId = 'shegong';
      for (let i = 0; i < RECORDS; i++) {
        const a = mine[i % mine.length];
        const photos: QueuedPhoto[] = i < WITH_PHOTO ? [{ clientKey: randomUUID(), name: `visit-${i}.png`, type: 'image/png', blob: new Blob([PNG], { type: 'image/png' }), fileId: null }] : [];
        await queue.put(
          newQueueItem({
            clientKey: randomUUID(),
            userId,
            kind: 'record',
            body: {
              assignmentId: a.id,
              checkedInAt: new Date(now.getTime() - (i + 1) * 60_000).toISOString(),
              location: { lat: 30.47, lng: 120.56, accuracy: 20 },
              gridId: null,
              role: a.role,
              kind: 'concernVisit',
              minutes: 30 + (i % 90),
              participants: i % 20,
              beneficiaries: { elderly: i % 5, women: 1, childrenYouth: 0, newResidents: 2, disabled: 0, hardship: i % 3, centralTask: 0 },
              note: `基准测试走访记录 ${i}`,
            },
            photos,
            label: { place: 'bench', title: 'bench' },
          }),
        );
      }
      // What the phone held, kept to send again below (fileIds still unknown: the photos go up again and answer the same files).
      const snapshot = await queue.list(userId);
      const timing = { uploadMs: 0 };
      const transport = httpTransport(server, auth, timing);
      let t = performance.now();
      const report = await syncQueue(queue, userId, transport);
      const seconds = (performance.now() - t) / 1000;
      // The replay below uploads the photos again (each answers the file kept the first time): count the first pass only.
      const uploadS = timing.uploadMs / 1000;
      const left = await queue.list(userId);
      if (report.kept !== RECORDS || left.length !== 0) throw new Error(`kept ${report.kept} of ${RECORDS}, refused ${report.refused}, waiting ${report.waiting}: ${JSON.stringify(left[0]?.lastError)}`);
      // The same records again, as a phone that lost the answers would send them: each answered alreadySynced.
      const again = openFieldQueue(`bench-${randomUUID()}`);
      t = performance.now();
      let already = 0;
      const replay: SyncTransport = {
        ...transport,
        async syncRecords(records) {
          const out = await transport.syncRecords(records);
          already += out.items.filter((x) => x.status === 'alreadySynced').length;
          return out;
        },
      };
      for (const item of snapshot) await again.put(item);
      await syncQueue(again, userId, replay);
      const resyncS = (performance.now() - t) / 1000;
      const after = (await assignments(server, auth, year, season)).reduce((n, a) => n + a.records, 0);
      const run = { seconds, uploadS, kept: report.kept, resyncS, resyncAlready: already, serverDelta: after - before };
      log(`records-sync ${db} round ${round_ + 1}: ${RECORDS} records (${WITH_PHOTO} photos) in ${round(seconds, 2)} s (photos ${round(run.uploadS, 2)} s); again: ${already} alreadySynced in ${round(resyncS, 2)} s; server +${run.serverDelta}`);
      if (run.serverDelta !== RECORDS) errors.push(`${db} round ${round_ + 1}: the server's count moved by ${run.serverDelta}, not ${RECORDS}`);
      runs.push(run);
    } catch (err) {
      errors.push(`${db} round ${round_ + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const seconds = median(runs.map((r) => r.seconds));
  const resyncS = median(runs.map((r) => r.resyncS));
  return { db, runs, seconds, resyncS, met: runs.length > 0 && seconds <= TARGET_S && runs.every((r) => r.serverDelta === RECORDS && r.resyncAlready === RECORDS) };
}

export async function benchRecordsSync(opts: { quick: boolean; postgres: boolean; pglite: boolean }): Promise<RecordsSyncResult> {
  const rounds = opts.quick ? 1 : 3;
  const cases: RecordsSyncCase[] = [];
  const errors: string[] = [];
  await onDemoServers('records-sync', opts, errors, async (server, db) => {
    cases.push(await measure(server, db, rounds, errors));
  });
  return { records: RECORDS, withPhoto: WITH_PHOTO, rounds, cases, errors };
}
