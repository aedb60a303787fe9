// The import boundaries of Shezhi (docs/ARCHITECTURE.md "Boundaries", docs/adr/0005-boundary-check.md).
// `npm run check:boundaries` (scripts/check-boundaries.mjs) cruises server/, contracts/ and web/ with these rules
// and adds the one rule dependency-cruiser cannot state, no cycle between modules. e2e/, bench/ and scripts/
// are not cruised: they drive the whole app and may import anything.
// Violations that existed when the check arrived are listed in scripts/boundaries-baseline.cjs; only those
// pass. Fix a listed one and delete its entry (the check fails while a listed entry no longer occurs).
const { knownViolations } = require('./scripts/boundaries-baseline.cjs');

// Test support may import anything (a test of the case engine needs an application in a given state): test
// files, the shared harness, and the per-module factories that build records in a named state for tests.
// The last rule keeps production code from importing them, so the exemption cannot become a back door.
const TEST_SUPPORT = ['\\.test\\.tsx?$', '^server/test/', '-factories\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'platform-imports-module',
      comment:
        'server/platform is the kernel: modules use it, it never imports a module (docs/ARCHITECTURE.md, ' +
        'principle 2 of STYLE.md). Give the platform a hook or an interface the module fills in instead.',
      severity: 'error',
      from: { path: '^server/platform/', pathNot: TEST_SUPPORT },
      to: { path: '^server/modules/' },
    },
    {
      name: 'module-deep-import',
      comment:
        'A module may import another module only through its index.ts, the one door it keeps stable ' +
        '(server/modules/<other>/index.ts). Export what you need from there, or ask the owner for a read function. ' +
        '(The second door, tables.ts, is for foreign keys in table files: the next rule.)',
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/', pathNot: TEST_SUPPORT },
      to: {
        path: '^server/modules/[^/]+/',
        // $1 is the importing module: its own files are free, other modules only through index.ts (or tables.ts)
        pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/(index|tables)\\.ts$'],
      },
    },
    {
      name: 'foreign-table-outside-table-file',
      comment:
        "A module's tables.ts hands its tables to other modules' *.tables.ts for foreign keys (references(() => " +
        'orgs.id)) and to nothing else: reading or writing another module\'s table goes through its index.ts — a read ' +
        'function or a view the owner keeps (docs/adr/0005-boundary-check.md, 0007-module-manifests.md).',
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/', pathNot: [...TEST_SUPPORT, '\\.tables\\.ts$'] },
      to: { path: '^server/modules/[^/]+/tables\\.ts$', pathNot: '^server/modules/$1/' },
    },
    {
      name: 'contracts-import-app',
      comment:
        'contracts/ holds the zod schemas shared by server and web; it must stand alone, or the web bundle ' +
        'pulls in server code (and the server the browser app).',
      severity: 'error',
      from: { path: '^contracts/', pathNot: TEST_SUPPORT },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'web-imports-server',
      comment:
        'The web app shares only contracts/ with the server: it runs in the browser and talks to the server ' +
        'over the API. Move what both need into contracts/.',
      severity: 'error',
      from: { path: '^web/', pathNot: TEST_SUPPORT },
      to: { path: '^(server|scripts|bench|e2e)/' },
    },
    {
      name: 'production-imports-test-support',
      comment:
        'Test files, server/test/ and *-factories.ts are exempt from the rules above because only tests load ' +
        'them; production code importing them would ship test code and escape the boundaries.',
      severity: 'error',
      from: { pathNot: TEST_SUPPORT },
      to: { path: TEST_SUPPORT },
    },
    {
      name: 'unresolvable-import',
      comment:
        'An import the check cannot resolve is an edge it cannot see; a resolution change (a new extension, ' +
        'a path alias) must not let forbidden imports pass unnoticed.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // npm packages are not followed or listed: no rule is about them, and leaving them out keeps the check fast
    exclude: { path: '(^|/)node_modules/|^dist/' },
    // no rule needs cycles between files, orphans or reachability: not computing them halves the run
    skipAnalysisNotInRules: true,
    // type-only imports count: the Db type carrying every module's tables is a dependency too (issue 14 §1)
    tsPreCompilationDeps: true,
    // resolves the ESM `.js` specifiers of `.ts` files and the web app's extensionless imports as tsc does
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    knownViolations,
  },
};
