import type { Database } from '../../server/platform/db/client.js';
import type { FileStorage } from '../../server/platform/files/storage.js';
import type { PiiCipher } from '../../server/platform/pii/cipher.js';

/** What every generator gets: the open database, the app's personal-data cipher and file storage. */
export interface GenContext {
  database: Database;
  pii: PiiCipher;
  storage: FileStorage;
  log: (message: string) => void;
}

/**
 * A generator brings one kind of data up to a target count and says what it did. Generators run in
 * the order they are registered in scripts/gen.ts (applications need orgs' names, projects will need
 * orgs and applications).
 */
export interface Generator {
  /** The command-line flag: `--<flag> N`. */
  flag: string;
  /** One line for --help: what N counts. */
  help: string;
  run(ctx: GenContext, target: number): Promise<string>;
}

/** Rows as JSON, one parameter per batch: `insert … select … from json_to_recordset($1)`, COPY-like. */
export const BATCH_ROWS = 2000;

export function batches<T>(items: T[], size = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
