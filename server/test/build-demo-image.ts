// `node --import tsx server/test/build-demo-image.ts <dir> <progress.json>`: the unit suite's global setup builds a
// demo image from the sources with this, in a process of its own, while it seeds the template on PGlite — each seed is
// one thread, so the two share the run's two cores instead of one after the other (demo-image.test.ts compares them).
import fs from 'node:fs';
import { buildDemoImage } from '../seed/demo-image.js';

const [outDir, progressFile] = process.argv.slice(2);
const progress: string[] = [];
await buildDemoImage(outDir, { bundleSha256: null, progress: (line) => progress.push(line) });
fs.writeFileSync(progressFile, JSON.stringify(progress));
process.exit(0);
