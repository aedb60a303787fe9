// Summarizes a .cpuprofile (self time by package and by function): npx tsx bench/profile-summary.ts FILE
import fs from 'node:fs';
import { summarizeProfile } from './profile.js';
const s = summarizeProfile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Parameters<typeof summarizeProfile>[0]);
console.log(`busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)}`);
for (const p of s.packages) console.log(`${p.pctOfBusy.toFixed(1).padStart(5)}%  ${p.name}`);
console.log('---');
for (const f of s.functions) console.log(`${f.pctOfBusy.toFixed(1).padStart(5)}%  ${f.name}`);
