// Bundles the server into dist/server/main.mjs so `npm start` runs plain Node, not a TypeScript loader; the rotation
// solver's worker thread is bundled beside it (dist/server/rotation-solver.mjs, loaded by solver/pool.ts).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'server/main.ts', 'rotation-solver': 'server/modules/rotation/solver/solve-worker.ts' },
  outdir: 'dist/server',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
