import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { todayInChina } from '../platform/calendar/calendar.js';

/**
 * The seeded demo template handed from the unit/API suite to the browser journeys on the same PostgreSQL server.
 *
 * `.ci/run` runs both suites on the server, one after the other, and each used to seed the Haining demo for itself
 * (two to three minutes each under CI's load). With TEST_TEMPLATE_HANDOFF naming a file, the unit suite's global
 * setup seeds its template with the demo's uploaded files too, keeps it when the suite ends, and writes here what a
 * journey's store needs — the database, the files folder and the personal-data key it was sealed with; the
 * journeys' global setup takes it if it is current and drops it when they end. Without the variable nothing is kept.
 *
 * Current means seeded from the same server sources, migrations, seed data and packages, on the same China date
 * (the demo's dates are counted from the day it was seeded). The journeys run the build of those sources; CI builds
 * it from the same tree in its first leg.
 */
export interface TemplateHandoff {
  database: string;
  /** A DATA_DIR holding the demo's uploaded files (`files/`), copied into each journey's data folder. */
  dataDir: string;
  piiKey: string;
  /** sourceFingerprint() and the China date when the template was seeded. */
  fingerprint: string;
  seededOn: string;
}

export const handoffFile = (): string | null => process.env.TEST_TEMPLATE_HANDOFF || null;

/** What the seeded demo depends on: the server's sources (its tests left out), the contracts and the locked packages. */
export function sourceFingerprint(root = process.cwd()): string {
  const hash = createHash('sha256');
  const files: string[] = ['package-lock.json'];
  for (const dir of ['server', 'contracts']) {
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.relative(root, path.join(entry.parentPath, entry.name));
      if (/\.test\.ts$/.test(file) || file.startsWith(`server${path.sep}test${path.sep}`)) continue;
      files.push(file);
    }
  }
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readHandoff(file: string): TemplateHandoff | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TemplateHandoff;
}

export const isCurrent = (handoff: TemplateHandoff, fingerprint: string) => handoff.fingerprint === fingerprint && handoff.seededOn === todayInChina();

/** Drops a handed-off template and its files, and removes the note (a leftover of a run whose journeys never ran). */
export async function discardHandoff(file: string, admin: pg.Client): Promise<void> {
  const handoff = readHandoff(file);
  if (!handoff) return;
  await admin.query(`drop database if exists ${handoff.database} with (force)`);
  fs.rmSync(handoff.dataDir, { recursive: true, force: true });
  fs.rmSync(file, { force: true });
}
