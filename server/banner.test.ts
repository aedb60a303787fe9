// The start banner names the demo accounts and their fixed password only where the demo data is (issue 14 §3).
import { describe, expect, it } from 'vitest';
import { bannerLines, holdsDemoData } from './banner.js';
import { openPglite } from './platform/db/client.js';
import { runMigrations } from './platform/db/migrate.js';
import { DEMO_PASSWORD } from './seed/haining.js';
import { openTestDatabase } from './test/harness.js';

const lines = (demo: boolean) => bannerLines({ url: 'http://localhost:3000', database: 'PGlite', demo, notes: [], startedMs: 1 }).join('\n');

describe('the start banner', () => {
  it('prints the demo password only with the demo data', () => {
    expect(lines(true)).toContain(DEMO_PASSWORD);
    expect(lines(true)).toContain('admin');
    expect(lines(false)).not.toContain(DEMO_PASSWORD);
    expect(lines(false)).not.toContain('演示账号');
  });

  it('knows a database that holds the demo from one that does not', async () => {
    const demo = await openTestDatabase();
    const empty = await openPglite();
    try {
      await runMigrations(empty);
      expect(await holdsDemoData(demo.db)).toBe(true);
      expect(await holdsDemoData(empty.db)).toBe(false);
    } finally {
      await demo.close();
      await empty.close();
    }
  });
});
