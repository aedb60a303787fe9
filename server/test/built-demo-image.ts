import { createHash } from 'node:crypto';
import path from 'node:path';
import { build } from 'esbuild';
import { todayInChina } from '../platform/calendar/calendar.js';
import { findDemoImage, type DemoImage } from '../seed/demo-image.js';

/**
 * The demo image `npm run build` left in dist/demo, if it is exactly what these sources build today: the server
 * bundle is built again in memory with scripts/build-server.mjs's options (about a second) and must hash to the
 * bundle the image names, and the image must have been seeded on this China date (its relative dates count from it).
 * Otherwise null, and the caller builds its own image. CI's PostgreSQL leg runs on the dist/ its first leg built from
 * the same tree, so there a test takes the image instead of seeding the demo a third time.
 */
export async function currentBuiltDemoImage(root = process.cwd()): Promise<DemoImage | null> {
  const dir = path.join(root, 'dist', 'demo');
  // Must stay the options of scripts/build-server.mjs: if they part, the hashes differ and callers build their own.
  const bundle = await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts', 'rotation-solver': 'server/modules/rotation/solver/solve-worker.ts' },
    outdir: 'dist/server',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    write: false,
  }).catch(() => null);
  const main = bundle?.outputFiles.find((f) => path.basename(f.path) === 'main.mjs');
  if (!main) return null;
  const found = findDemoImage(dir, createHash('sha256').update(main.contents).digest('hex'));
  if (!found.image || found.image.manifest.builtOn !== todayInChina()) return null;
  return found.image;
}
