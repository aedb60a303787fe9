// `npm start`: build what is missing or stale, then run the server. Rebuilding is skipped when the
// build is newer than every source file, so a second start is fast.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newestMtime(dirs) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach(walk);
  return newest;
}
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => {
  const r = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (mtime('dist/web/index.html') < newestMtime(['web', 'contracts', 'index.html', 'vite.config.ts'])) run('build:web');
if (mtime('dist/server/main.mjs') < newestMtime(['server', 'contracts'])) run('build:server');
// The prebuilt demo database (server/seed/demo-image.ts), rebuilt after the server only when this start will load
// it: PGlite, demo wanted, empty data folder. Otherwise the server seeds through the use cases, as it always can.
const wantsDemoImage =
  !process.env.DATABASE_URL &&
  !['false', '0', 'no'].includes(process.env.SEED_DEMO ?? '') &&
  !fs.existsSync(path.join(path.resolve(process.env.DATA_DIR ?? './.data'), 'pgdata', 'PG_VERSION'));
if (wantsDemoImage && mtime('dist/demo/manifest.json') < mtime('dist/server/main.mjs')) run('build:demo');

// The quick start is for a person at a terminal: a line per request would scroll the banner away. Warnings and
// errors still show; LOG_LEVEL=info (or debug) brings the request log back, and a deployment sets its own level.
process.env.LOG_LEVEL ??= 'warn';

// The server runs in this process: a second Node process would cost its own start-up (~50 ms) for nothing.
process.setSourceMapsEnabled(true);
await import(new URL('../dist/server/main.mjs', import.meta.url).href);
