// `npm run backup`: the database, the uploaded files and a manifest in one archive (server/platform/backup).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/platform/db/open.js';
import { readPiiKey } from '../server/platform/pii/cipher.js';
import { createBackup, mib, seconds, type BackupSource } from '../server/platform/backup/backup.js';

const HELP = `npm run backup -- [--out <file.tar | folder>] [--with-key]

备份社治通：数据库、上传的文件（DATA_DIR/files）和清单（版本、迁移级别、各表行数与内容摘要、密钥指纹、校验和）
打进一个 tar 文件。Backs up Shezhi: the database, the uploaded files (DATA_DIR/files) and a manifest
(version, migration level, each table's rows and content digest, the key fingerprint, checksums) in one tar.

  数据库 / database   DATABASE_URL set: that PostgreSQL server, with pg_dump (custom format) in one snapshot —
                     the server may keep running. Otherwise the PGlite in DATA_DIR/pgdata, with PGlite's own
                     data-folder dump — stop the server first (the folder is locked while it runs).
  --out              where to write (default: backups/shezhi-backup-<kind>-<time>.tar). Mode 0600.
  --with-key         also write the personal-data key to <archive>.pii.key (mode 0600), apart from the archive.
                     Without the key the sealed ID numbers and phones cannot be read after a restore: keep it,
                     but NOT beside the archive — whoever holds both holds the personal data.
  --help             this text

Restore with: npm run restore -- <archive> [--key-file <archive>.pii.key]   (see npm run restore -- --help)
`;

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'with-key': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const config = loadConfig();
  const kind = config.DATABASE_URL ? 'postgres' : 'pglite';
  const time = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = `shezhi-backup-${kind}-${time}.tar`;
  let out = values.out ?? path.join('backups', name);
  if (values.out && (values.out.endsWith('/') || (fs.existsSync(values.out) && fs.statSync(values.out).isDirectory()))) out = path.join(values.out, name);
  out = path.resolve(out);

  const pgdata = path.join(config.dataDir, 'pgdata');
  if (kind === 'pglite' && !fs.existsSync(path.join(pgdata, 'PG_VERSION'))) throw new Error(`${pgdata} 里没有数据库 / there is no database in ${pgdata} (set DATA_DIR, or DATABASE_URL for a server)`);
  const database = kind === 'pglite' ? await openDatabase(config) : null;
  const source: BackupSource = database ? { kind: 'pglite', database } : { kind: 'postgres', url: config.DATABASE_URL! };
  process.stdout.write(`备份 / backing up ${kind === 'pglite' ? `PGlite (${pgdata})` : 'PostgreSQL (DATABASE_URL)'} and ${path.join(config.dataDir, 'files')}\n  → ${out}\n`);
  try {
    const result = await createBackup({
      source,
      filesDir: path.join(config.dataDir, 'files'),
      out,
      key: readPiiKey({ envKey: config.PII_KEY, dataDir: config.dataDir }),
      withKey: values['with-key'] ?? false,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const m = result.manifest;
    process.stdout.write(
      [
        `  迁移级别 / migration level: ${m.migrations.latest ?? m.migrations.latestWhen} (${m.migrations.applied} applied)`,
        `  密钥指纹 / key fingerprint: ${m.keyFingerprint ? `${m.keyFingerprint.slice(0, 16)}…` : '— (no sealed data yet)'}`,
        `完成 / done: ${result.archive} — ${mib(result.bytes)} in ${seconds(result.ms)}`,
        '',
      ].join('\n'),
    );
    if (result.keyWarning) process.stderr.write(`警告 / WARNING: ${result.keyWarning}\n`);
    if (result.keyFile) {
      process.stderr.write(
        [
          `警告 / WARNING: 个人信息密钥已写入 / the personal-data key was written to ${result.keyFile} (0600).`,
          '  它能解开这份备份中所有的身份证号和电话：与备份分开保管（不要放在同一个位置或同一封邮件里）。',
          '  It opens every sealed ID number and phone in the backup: keep it apart from the archive (never in the same place or message).',
          '',
        ].join('\n'),
      );
    } else if (m.keyFingerprint) {
      process.stdout.write('  密钥不在备份里：请另行保管 PII_KEY 或 DATA_DIR/pii.key（或用 --with-key 另存）。\n  The key is not in the archive: keep PII_KEY or DATA_DIR/pii.key safe elsewhere (or write it with --with-key).\n');
    }
  } finally {
    await database?.close();
  }
}

main().catch((err) => {
  process.stderr.write(`备份失败 / backup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
