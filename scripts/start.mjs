// `npm start`: build what is missing or stale, then run the server. Rebuilding is skipped when the
// build is newer than every source file, so a second start is fast.
import { spawnSync, spawn } from 'node:child_process';
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

const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.mjs'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
