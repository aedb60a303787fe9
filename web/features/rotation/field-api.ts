import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ZConcernCategory } from '../../../contracts/concerns';
import type { ZFieldRecord, ZMyAssignments, ZRecordPhoto, ZResourceRecordTotals, ZSyncResult } from '../../../contracts/rotation-records';
import { api, formWith } from '../../app/api';
import { useCurrentUser } from '../../app/auth';
import { onQueueChange, openFieldQueue, type QueueItem, type SyncReport } from './field-queue';
import { syncOnce, syncQueue, type SyncTransport } from './field-sync';

export type MyAssignments = z.infer<typeof ZMyAssignments>;
export type Assignment = MyAssignments['items'][number];
export type FieldRecord = z.infer<typeof ZFieldRecord>;
export type ResourceRecordTotals = z.infer<typeof ZResourceRecordTotals>;
export type ConcernCategory = z.infer<typeof ZConcernCategory>;

/** The season a date falls in (1–4) and its year, by the China calendar the plans use. */
export function seasonOf(date = new Date()): { year: number; season: number } {
  return { year: date.getFullYear(), season: Math.floor(date.getMonth() / 3) + 1 };
}

/** This season's assignments; the service worker keeps the last answer, so they show with no signal. */
export const useMyAssignments = (year: number, season: number) =>
  useQuery({
    queryKey: ['rotation', 'mine', 'assignments', year, season],
    queryFn: () => api.get<MyAssignments>('/rotation/mine/assignments', { year, season }),
    staleTime: 5 * 60_000,
    // No signal and nothing cached: say so at once instead of trying three times.
    retry: (count) => navigator.onLine && count < 2,
  });

export const useConcernCategories = () =>
  useQuery({ queryKey: ['rotation', 'concern-categories'], queryFn: () => api.get<{ items: ConcernCategory[] }>('/concern-categories').then((r) => r.items.filter((c) => !c.retired)), staleTime: 60 * 60_000, retry: false });

export const useResourceRecordTotals = (kind: string, id: string, year: number) =>
  useQuery({ queryKey: ['rotation', 'record-totals', kind, id, year], queryFn: () => api.get<ResourceRecordTotals>(`/rotation/resources/${kind}/${id}/records/totals`, { year }), enabled: Boolean(id), retry: false });

/** The server side of the queue: the API routes of issue 17 §3. */
export const httpTransport: SyncTransport = {
  async uploadPhoto(photo) {
    const file = new File([photo.blob], photo.name, { type: photo.type });
    const out = await api.upload<z.infer<typeof ZRecordPhoto>>('/rotation/records/photos', formWith(file, { clientKey: photo.clientKey }));
    return out.id;
  },
  syncRecords: (records) => api.post<z.infer<typeof ZSyncResult>>('/rotation/records/sync', { records }),
  async raiseConcern(body, key) {
    // Honoured where the route declares itself idempotent; a record's own key makes the record safe either way.
    await api.post('/concerns', body, { 'Idempotency-Key': key });
  },
};

export const fieldQueue = openFieldQueue();

/** Sends the queue now (one run at a time in this tab). */
export function syncFieldQueue(userId: string, force: boolean): Promise<SyncReport> {
  return syncOnce(() => syncQueue(fieldQueue, userId, httpTransport, { force }));
}

/** The signed-in account's queue, read again whenever it changes, with the last sync and a sync button's state. */
export function useFieldQueue() {
  const me = useCurrentUser();
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [lastSync, setLastSync] = useState<SyncReport | undefined>();
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      void Promise.all([fieldQueue.list(me.id), fieldQueue.lastSync(me.id)]).then(([list, last]) => {
        if (!alive) return;
        setItems(list);
        setLastSync(last);
      });
    load();
    const stop = onQueueChange(load);
    return () => {
      alive = false;
      stop();
    };
  }, [me.id]);
  const syncNow = useCallback(async () => {
    setSyncing(true);
    setSyncError(null);
    try {
      return await syncFieldQueue(me.id, true);
    } catch (error) {
      setSyncError(error instanceof Error ? error.message : String(error));
      return null;
    } finally {
      setSyncing(false);
    }
  }, [me.id]);
  return { userId: me.id, items, lastSync, syncing, syncError, syncNow };
}

/**
 * Sync on its own: when the page opens (the app's start), when the signal returns (`online`), and every half
 * minute for what waits out its backoff. Mounted by the field pages a social worker opens.
 */
export function useAutoSync(userId: string) {
  useEffect(() => {
    const run = (force: boolean) => {
      if (navigator.onLine) void syncFieldQueue(userId, force).catch(() => undefined);
    };
    run(false);
    const onOnline = () => run(true);
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => run(false), 30_000);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [userId]);
}

/** Whether the browser thinks it has a network, kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
