// `npm run restore -- <archive>`: a backup into a new DATA_DIR / a new empty database (server/platform/backup).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { restoreBackup, RestoreRefused } from '../server/platform/backup/restore.js';
import { seconds } from '../server/platform/backup/backup.js';

const HELP = `npm run restore -- <archive.tar> [--data-dir <folder>] [--database-url <url>] [--key-file <file>] [--force]

把 npm run backup 的备份恢复到新的 DATA_DIR 或新的空数据库。Restores a backup made by npm run backup into a
new DATA_DIR, or a new empty database.

  目标 / target      DATABASE_URL (or --database-url) set: that PostgreSQL database — created when missing, refused
                     when it holds tables; the files go to DATA_DIR/files. Otherwise PGlite into DATA_DIR/pgdata
                     (DATA_DIR or --data-dir), with the files in DATA_DIR/files. A PGlite archive restores into
                     PGlite, a server archive into a server.
  --key-file         the <archive>.pii.key written by backup --with-key: checked against the backup's key
                     fingerprint, then installed as DATA_DIR/pii.key (0600). Or set PII_KEY to the original key.
  --force            restore over a target that holds data: PGlite's pgdata, files and pii.key are moved aside
                     (<name>.replaced-<time>); on a server the public and drizzle schemas are DROPPED.
  --help             this text

Before changing anything it checks the target, every checksum in the archive, the migration level and the key
(a configured key that is not the backup's is refused). After loading it compares every table's row count and
content digest with the manifest and verifies the audit chain. Then: npm start — the server checks the key
again and refuses to start without the right one.
`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'key-file': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(HELP);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const env = { ...process.env, ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}), ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}) };
  const config = loadConfig(env);
  const archive = path.resolve(positionals[0]);
  const target = config.DATABASE_URL ? ({ kind: 'postgres', url: config.DATABASE_URL, dataDir: config.dataDir } as const) : ({ kind: 'pglite', dataDir: config.dataDir } as const);
  process.stdout.write(`恢复 / restoring ${archive}\n  → ${target.kind === 'pglite' ? `PGlite in ${config.dataDir}/pgdata` : 'PostgreSQL (DATABASE_URL)'}, files in ${config.dataDir}/files\n`);
  const result = await restoreBackup({
    archive,
    target,
    keyFile: values['key-file'] ? path.resolve(values['key-file']) : undefined,
    envKey: config.PII_KEY,
    force: values.force ?? false,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const keyLine =
    result.key === 'matches' ? '密钥与备份一致 / the configured key matches the backup' : result.key === 'none-needed' ? '备份中没有加密数据 / no sealed data in the backup' : result.keyHint!;
  process.stdout.write(`  ${keyLine}\n完成 / done in ${seconds(result.ms)}. 启动 / start: npm start\n`);
  if (!result.audit.ok) {
    process.stderr.write(`审计链断裂 / the audit chain in this backup is broken at event #${result.audit.firstBroken?.seq}: ${result.audit.firstBroken?.reason}\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  const told = err instanceof RestoreRefused || (err instanceof Error && err.name === 'PgliteInUse');
  process.stderr.write(`恢复失败 / restore failed: ${err instanceof Error ? (told ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
  process.exit(1);
});
