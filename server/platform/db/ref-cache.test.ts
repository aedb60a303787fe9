import { describe, expect, it } from 'vitest';
import { RefCache } from './ref-cache.js';

describe('the reference cache', () => {
  it('serves nothing until its invalidation listener is connected, and forgets everything when it drops', () => {
    const cache = new RefCache(60_000);
    cache.set('calendar', 1, cache.generation('calendar'));
    expect(cache.get('calendar')).toBeUndefined();
    cache.setListening(true);
    cache.set('calendar', 1, cache.generation('calendar'));
    expect(cache.get('calendar')).toBe(1);
    cache.setListening(false);
    expect(cache.get('calendar')).toBeUndefined();
  });

  it('does not keep what a load read before the key was dropped', () => {
    const cache = new RefCache(60_000);
    cache.setListening(true);
    const started = cache.generation('calendar');
    cache.drop('calendar');
    cache.set('calendar', 'stale', started);
    expect(cache.get('calendar')).toBeUndefined();
  });

  it('keeps a key being written out until the commit is announced, so uncommitted rows are never kept', () => {
    const cache = new RefCache(60_000);
    cache.setListening(true);
    const now = 1_000_000;
    cache.set('calendar', 'old', cache.generation('calendar'), now);
    cache.writing('calendar', now);
    expect(cache.get('calendar', now)).toBeUndefined();
    cache.set('calendar', 'uncommitted', cache.generation('calendar'), now + 100);
    expect(cache.get('calendar', now + 100)).toBeUndefined();
    // A rollback announces nothing: after a few seconds the key is kept again.
    cache.set('calendar', 'reloaded', cache.generation('calendar'), now + 6_000);
    expect(cache.get('calendar', now + 6_000)).toBe('reloaded');
    cache.writing('calendar', now + 7_000);
    cache.announced('calendar');
    cache.set('calendar', 'committed', cache.generation('calendar'), now + 7_100);
    expect(cache.get('calendar', now + 7_100)).toBe('committed');
  });

  it('expires entries after its time to live', () => {
    const cache = new RefCache(1_000);
    cache.setListening(true);
    cache.set('names', 'x', cache.generation('names'), 0);
    expect(cache.get('names', 999)).toBe('x');
    expect(cache.get('names', 1_001)).toBeUndefined();
  });
});
