import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres, pgliteClient } from '../platform/db/client.js';
import { runMigrations } from '../platform/db/migrate.js';
import { seedDemoIfEmpty } from '../seed/haining.js';
import { randomBytes } from 'node:crypto';
import { createPiiCipher } from '../platform/pii/cipher.js';
import { localStorage } from '../platform/files/storage.js';
import { todayInChina } from '../platform/calendar/calendar.js';
import { discardHandoff, handoffFile, sourceFingerprint, type TemplateHandoff } from './template-handoff.js';

/**
 * Migrates and seeds one template database for the whole run; each test file then gets its own copy
 * (a PGlite data dump loaded in memory, or CREATE DATABASE … TEMPLATE on the server).
 */
export default async function setup(project: TestProject) {
  // One personal-data key per run: the template is sealed with it and every test app opens with it.
  const piiKey = randomBytes(32).toString('base64');
  project.provide('piiKey', piiKey);
  const pii = createPiiCipher(Buffer.from(piiKey, 'base64'));
  // What the seed said as it went: demo-image.test.ts checks these lines when it takes the build's image (built-demo-image.ts).
  const seedProgress: string[] = [];
  const progress = (line: string) => void seedProgress.push(line);
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `shezhi_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    // Handed on to the browser journeys (template-handoff.ts): then the demo's uploaded files are kept as well.
    const handoff = handoffFile();
    if (handoff) await discardHandoff(handoff, admin);
    const filesDir = handoff ? fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-tpl-files-')) : null;
    const fingerprint = handoff ? sourceFingerprint() : '';
    await admin.query(`create database ${name}`);
    const seededOn = todayInChina();
    try {
      const database = await openPostgres(withDatabase(serverUrl, name), 2);
      try {
        await runMigrations(database);
        await seedDemoIfEmpty(database.db, pii, filesDir ? localStorage(path.join(filesDir, 'files')) : null, progress);
      } finally {
        await database.close();
      }
    } catch (err) {
      // No teardown runs after a failed setup: what it made goes now.
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
      if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
      throw err;
    }
    project.provide('testDb', { kind: 'postgres', serverUrl, template: name });
    project.provide('seedProgress', seedProgress);
    project.provide('sideDemoImage', null);
    return async () => {
      const res = await admin.query(`select datname from pg_database where datname like $1`, [`shezhi_t_${process.pid}_%`]);
      for (const row of res.rows as { datname: string }[]) await admin.query(`drop database if exists ${row.datname} with (force)`);
      if (handoff && filesDir) {
        fs.rmSync(path.join(filesDir, 'files', '.tmp'), { recursive: true, force: true });
        const note: TemplateHandoff = { database: name, dataDir: filesDir, piiKey, fingerprint, seededOn };
        fs.writeFileSync(handoff, JSON.stringify(note, null, 2));
      } else {
        await admin.query(`drop database if exists ${name} with (force)`);
      }
      await admin.end();
    };
  }
  const sideImage = buildSideDemoImage();
  const database = await openPglite();
  await runMigrations(database);
  await seedDemoIfEmpty(database.db, pii, null, progress);
  // Dumped after a checkpoint, a copy starts without replaying the seed's WAL: ~0.4 s less CPU for each of the
  // ~100 test files that open one (1.4 -> 1.0 s measured), the data unchanged.
  await database.exec('checkpoint');
  const dump = await pgliteClient(database).dumpDataDir('none');
  const file = path.join(os.tmpdir(), `shezhi-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDb', { kind: 'pglite', dumpFile: file });
  project.provide('seedProgress', seedProgress);
  const image = await sideImage;
  project.provide('sideDemoImage', image && { dir: image.dir, progress: image.progress });
  return () => {
    fs.rmSync(file, { force: true });
    if (image) fs.rmSync(image.work, { recursive: true, force: true });
  };
}

/**
 * On PGlite, a demo image for demo-image.test.ts built from the sources in a second process while the template is
 * seeded here: each seed keeps one core busy, and this one would otherwise run later inside the suite. Null if it
 * failed (said on stderr): the test then builds its own and meets the same failure there.
 */
async function buildSideDemoImage(): Promise<{ work: string; dir: string; progress: string[] } | null> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shezhi-side-image-'));
  const dir = path.join(work, 'image');
  const progressFile = path.join(work, 'progress.json');
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-demo-image.ts');
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, dir, progressFile], { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) {
        process.stderr.write(`the side demo image was not built (demo-image.test.ts builds its own): ${err.message}\n${stderr}\n`);
        fs.rmSync(work, { recursive: true, force: true });
        return resolve(null);
      }
      resolve({ work, dir, progress: JSON.parse(fs.readFileSync(progressFile, 'utf8')) as string[] });
    });
  });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; dumpFile: string } | { kind: 'postgres'; serverUrl: string; template: string };
    piiKey: string;
    seedProgress: string[];
    /** PGlite only: a demo image built from the sources beside the template's seed (buildSideDemoImage). */
    sideDemoImage: { dir: string; progress: string[] } | null;
  }
}
