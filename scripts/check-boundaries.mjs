// npm run check:boundaries — the import boundaries (docs/adr/0005-boundary-check.md), run by `npm test` right after the typecheck.
// 1. dependency-cruiser checks every import of server/, contracts/ and web/ against .dependency-cruiser.cjs;
//    the violations listed in scripts/boundaries-baseline.cjs pass, any other fails.
// 2. A baseline entry that no longer occurs fails too, so the baseline only shrinks.
// 3. No cycle between modules: dependency-cruiser finds cycles between files, and its folder cycles mix in
//    every parent folder, so the module graph (server/modules/<m>/ → server/modules/<other>/, test support left
//    out) is built here from the same cruise and its cycles compared with the baseline's (stale ones fail too).
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import baseline from './boundaries-baseline.cjs';

const CRUISED = ['server', 'contracts', 'web'];
const TEST_SUPPORT = /\.test\.tsx?$|^server\/test\/|-factories\.ts$/;

const started = performance.now();
const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const { output: result } = await cruise(CRUISED, options, {}, { tsConfig: extractTSConfig('tsconfig.json') });
const problems = [];

// 1. new violations (severity error; the known ones were softened to 'ignore' by options.knownViolations)
const fresh = result.summary.violations.filter((violation) => violation.rule.severity !== 'ignore');
if (fresh.length > 0) {
  const { output } = await format({ ...result, summary: { ...result.summary, violations: fresh } }, { outputType: 'err-long' });
  problems.push(output.replace('Run with --no-ignore-known to see them.', 'They are listed in scripts/boundaries-baseline.cjs.').trim());
}

// 2. stale baseline entries
const occurs = new Set(result.summary.violations.map((violation) => `${violation.rule.name} ${violation.from} ${violation.to}`));
for (const known of baseline.knownViolations) {
  if (!occurs.has(`${known.rule.name} ${known.from} ${known.to}`)) {
    problems.push(`fixed, so delete it from scripts/boundaries-baseline.cjs: ${known.rule.name}: ${known.from} → ${known.to}`);
  }
}

// 3. cycles between modules: strongly connected components of the module graph (Tarjan)
const moduleOf = (path) => /^server\/modules\/([^/]+)\//.exec(path)?.[1];
const edges = new Map(); // module → (other module → the file imports that make the edge)
for (const { source, dependencies } of result.modules) {
  const from = moduleOf(source);
  if (!from || TEST_SUPPORT.test(source)) continue;
  for (const { resolved } of dependencies) {
    const to = moduleOf(resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const files = edges.get(from).get(to) ?? [];
    edges.get(from).set(to, [...files, `${source} → ${resolved}`]);
  }
}
const cycles = stronglyConnected([...edges.keys()], (name) => [...(edges.get(name)?.keys() ?? [])]).filter((group) => group.length > 1);
const key = (group) => [...group].sort().join(' ');
const knownCycles = new Set(baseline.moduleCycles.map(key));
for (const group of cycles) {
  if (knownCycles.has(key(group))) continue;
  const imports = group.flatMap((from) => group.flatMap((to) => edges.get(from)?.get(to) ?? []));
  problems.push(
    `error module-cycle: ${[...group].sort().join(' ↔ ')}\n` +
      '    Modules must not depend on each other in a circle (each is to stand alone behind its index.ts); break the\n' +
      '    cycle by moving the shared piece to the module that owns it, or to the platform. The imports:\n' +
      imports.map((line) => `      ${line}`).join('\n'),
  );
}
const presentCycles = new Set(cycles.map(key));
for (const group of baseline.moduleCycles) {
  if (!presentCycles.has(key(group))) problems.push(`fixed, so delete it from scripts/boundaries-baseline.cjs: module cycle ${key(group)}`);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const counted = `${result.summary.totalCruised} files, ${result.summary.totalDependenciesCruised} imports, ${seconds} s`;
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n\n')}\n\n✘ check:boundaries failed (${counted}); the rules: .dependency-cruiser.cjs and docs/adr/0005-boundary-check.md\n`);
  // exitCode, not exit(): a piped stderr is written out before the process ends.
  process.exitCode = 1;
} else {
  process.stdout.write(`✔ check:boundaries: no new boundary violation (${counted}; ${baseline.knownViolations.length} known in scripts/boundaries-baseline.cjs)\n`);
}

function stronglyConnected(nodes, next) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const other of next(node)) {
      if (!index.has(other)) {
        visit(other);
        low.set(node, Math.min(low.get(node), low.get(other)));
      } else if (onStack.has(other)) {
        low.set(node, Math.min(low.get(node), index.get(other)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      groups.push(group);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return groups;
}
