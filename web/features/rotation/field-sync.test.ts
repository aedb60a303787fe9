import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newQueueItem, openFieldQueue, type QueuedPhoto } from './field-queue';
import { backoffMs, isRefusal, syncQueue, type RecordSyncResult, type SyncTransport } from './field-sync';

/**
 * The phone's queue against a server that behaves as /api/v1/rotation/records/sync does: a clientKey kept once, a
 * photo key answering the same file, refusals per record. Nothing is lost (a failure keeps the item), nothing counts
 * twice (a resend after a lost answer is answered as alreadySynced), refusals stay for the user to fix.
 */
/** A failed call as web/app/api.ts's ProblemError carries it. */
const failure = (status: number, detail = '', errors: { path: string; message: string }[] = []) => Object.assign(new Error(detail), { status, detail, errors });

function fakeServer() {
  const records = new Map<string, Record<string, unknown>>();
  const photos = new Map<string, string>();
  const concerns = new Map<string, Record<string, unknown>>();
  const state = { offline: false, loseNextAnswer: false, calls: 0, uploads: 0 };
  const down = () => {
    if (state.offline) throw failure(0);
  };
  const transport: SyncTransport = {
    async uploadPhoto(photo: QueuedPhoto) {
      down();
      state.uploads++;
      if (!photo.type.startsWith('image/')) throw failure(422, '只接受 JPEG 或 PNG 图片', [{ path: 'file', message: '不是图片' }]);
      if (!photos.has(photo.clientKey)) photos.set(photo.clientKey, `file-${photos.size + 1}`);
      return photos.get(photo.clientKey)!;
    },
    async syncRecords(batch) {
      down();
      state.calls++;
      const items: RecordSyncResult['items'] = batch.map((r, index) => {
        const key = String(r.clientKey);
        if (Number(r.minutes) < 1) return { index, clientKey: key, status: 'refused', errors: [{ path: 'minutes', message: '时长至少 1 分钟' }] };
        if (records.has(key)) return { index, clientKey: key, status: 'alreadySynced', errors: [] };
        records.set(key, r);
        return { index, clientKey: key, status: 'created', errors: [] };
      });
      // The server kept them, but the answer never reached the phone.
      if (state.loseNextAnswer) {
        state.loseNextAnswer = false;
        throw failure(0);
      }
      return { items };
    },
    async raiseConcern(body, key) {
      down();
      if (String(body.description).length < 5) throw failure(422, '请至少用 5 个字说明情况', [{ path: 'description', message: '请至少用 5 个字说明情况' }]);
      if (!concerns.has(key)) concerns.set(key, body);
    },
  };
  return { records, photos, concerns, state, transport };
}

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const png = (): QueuedPhoto => ({ clientKey: uuid(), name: 'a.png', type: 'image/png', blob: new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), fileId: null });
const record = (userId: string, minutes = 60, photos: QueuedPhoto[] = []) =>
  newQueueItem({ clientKey: uuid(), userId, kind: 'record', body: { assignmentId: 'a1', minutes }, photos, label: { place: '许村社区', title: '宣讲' } });

describe('the field queue', () => {
  it('sends photos first, then the records naming them, and empties the queue', async () => {
    const queue = openFieldQueue(`t-${uuid()}`);
    const server = fakeServer();
    const item = record('u1', 60, [png(), png()]);
    await queue.put(item);
    const report = await syncQueue(queue, 'u1', server.transport);
    expect(report).toMatchObject({ sent: 1, kept: 1, refused: 0, waiting: 0 });
    expect(server.records.get(item.clientKey)?.photoIds).toEqual(['file-1', 'file-2']);
    expect(await queue.list('u1')).toEqual([]);
    expect((await queue.lastSync('u1'))?.kept).toBe(1);
  });

  it('keeps everything when there is no signal, backs off, and sends it all once the signal returns', async () => {
    const queue = openFieldQueue(`t-${uuid()}`);
    const server = fakeServer();
    server.state.offline = true;
    for (let i = 0; i < 3; i++) await queue.put(record('u1'));
    await syncQueue(queue, 'u1', server.transport, { now: 1_000 });
    let items = await queue.list('u1');
    expect(items.map((i) => [i.state, i.attempts, i.nextAttemptAt])).toEqual(Array(3).fill(['waiting', 1, 1_000 + backoffMs(1)]));
    expect(items[0].lastError?.message).toContain('网络不通');
    // Before the backoff ends nothing is tried; a forced sync (online event, 立即同步) tries at once.
    server.state.offline = false;
    expect((await syncQueue(queue, 'u1', server.transport, { now: 2_000 })).sent).toBe(0);
    expect(server.state.calls).toBe(0);
    expect((await syncQueue(queue, 'u1', server.transport, { now: 2_000, force: true })).kept).toBe(3);
    items = await queue.list('u1');
    expect(items).toEqual([]);
    expect(server.records.size).toBe(3);
    expect([1, 2, 3, 4, 8, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_800_000, 1_800_000]);
  });

  it('counts a record once when the answer was lost and the phone sends it again', async () => {
    const queue = openFieldQueue(`t-${uuid()}`);
    const server = fakeServer();
    const photo = png();
    await queue.put(record('u1', 30, [photo]));
    server.state.loseNextAnswer = true;
    await syncQueue(queue, 'u1', server.transport);
    // still queued (the phone never heard), its photo id remembered: not uploaded again
    const [waiting] = await queue.list('u1');
    expect(waiting.photos[0].fileId).toBe('file-1');
    const report = await syncQueue(queue, 'u1', server.transport, { force: true });
    expect(report.kept).toBe(1);
    expect(server.records.size).toBe(1);
    expect(server.state.uploads).toBe(1);
  });

  it('keeps a refused record with the server’s reasons until the user edits or deletes it; others go through', async () => {
    const queue = openFieldQueue(`t-${uuid()}`);
    const server = fakeServer();
    const bad = record('u1', 0);
    const good = record('u1', 45);
    const notImage = record('u1', 45, [{ ...png(), name: 'x.pdf', type: 'application/pdf' }]);
    for (const i of [bad, good, notImage]) await queue.put(i);
    const report = await syncQueue(queue, 'u1', server.transport);
    expect(report).toMatchObject({ sent: 3, kept: 1, refused: 2, waiting: 0 });
    const left = new Map((await queue.list('u1')).map((i) => [i.clientKey, i]));
    expect(left.get(bad.clientKey)).toMatchObject({ state: 'refused', lastError: { fields: [{ path: 'minutes', message: '时长至少 1 分钟' }] } });
    expect(left.get(notImage.clientKey)?.lastError?.message).toContain('照片「x.pdf」未被接受');
    // refused items are not sent again, even when forced
    expect((await syncQueue(queue, 'u1', server.transport, { force: true })).sent).toBe(0);
    // the user fixes it: waiting again under the same key, and it is kept once
    await queue.put({ ...left.get(bad.clientKey)!, body: { ...bad.body, minutes: 20 }, state: 'waiting', lastError: null, attempts: 0 });
    expect((await syncQueue(queue, 'u1', server.transport)).kept).toBe(1);
    expect(server.records.get(bad.clientKey)?.minutes).toBe(20);
  });

  it('raises a queued concern once with its key, refuses a bad one, and keeps accounts apart', async () => {
    const queue = openFieldQueue(`t-${uuid()}`);
    const server = fakeServer();
    const concern = newQueueItem({ clientKey: uuid(), userId: 'u1', kind: 'concern', body: { description: '路灯坏了三盏，夜里很暗' }, photos: [], label: { place: '许村社区', title: '公共设施' } });
    const short = newQueueItem({ clientKey: uuid(), userId: 'u1', kind: 'concern', body: { description: '灯' }, photos: [], label: { place: '许村社区', title: '公共设施' } });
    const otherUser = record('u2');
    for (const i of [concern, short, otherUser]) await queue.put(i);
    expect(await syncQueue(queue, 'u1', server.transport)).toMatchObject({ kept: 1, refused: 1 });
    expect([...server.concerns.keys()]).toEqual([concern.clientKey]);
    expect((await queue.get(short.clientKey))?.lastError?.message).toBe('请至少用 5 个字说明情况');
    expect(await queue.get(otherUser.clientKey)).toBeDefined();
    expect(server.records.size).toBe(0);
  });

  it('tells a refusal from a failure worth retrying', () => {
    expect([400, 404, 409, 413, 415, 422].every((status) => isRefusal({ status }))).toBe(true);
    expect([0, 401, 403, 408, 429, 500, 502, 503].some((status) => isRefusal({ status }))).toBe(false);
  });
});
