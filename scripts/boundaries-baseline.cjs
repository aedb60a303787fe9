// The boundary violations that existed when the check arrived (issue 14 §1, 2026-12). `npm run check:boundaries`
// lets exactly these pass and fails on any other, and on an entry here that no longer occurs: when you remove a
// violation, delete its line. Nothing is ever added here; a new exception needs an ADR, not a line.
// Each entry is [from, to] as written by dependency-cruiser (paths from the repository root).

// None left: the kernel's Db/Tx types carry no schema and drizzle-kit finds every *.tables.ts by glob.
const platformImportsModule = [];

// issue 14: to be removed by module manifests. Table files reference other modules' tables for foreign keys, and
// projects asks catalog's service directly for category names; the owner's index.ts (its manifest and read
// functions) is to export what they need.
const moduleDeepImport = [
  ['server/modules/applications/applications.tables.ts', 'server/modules/orgs/orgs.tables.ts'],
  ['server/modules/applications/certificates.tables.ts', 'server/modules/orgs/orgs.tables.ts'],
  ['server/modules/projects/projects.tables.ts', 'server/modules/catalog/catalog.tables.ts'],
  ['server/modules/projects/projects.tables.ts', 'server/modules/funds/funds.tables.ts'],
  ['server/modules/projects/projects.tables.ts', 'server/modules/orgs/orgs.tables.ts'],
];

// Cycles between modules, each as the set of modules that reach one another through imports (test support
// excluded). None: the cycles issue 14 names (orgs ↔ projects, orgs ↔ funds) were in SQL, which no import check
// can see; the org's project record is now answered by the projects module through orgs' and funds' views
// (modules/manifests.test.ts checks SQL).
const moduleCycles = [];

const asKnown = (rule) => ([from, to]) => ({
  type: 'dependency',
  from,
  to,
  rule: { name: rule, severity: 'error' },
  comment: 'issue 14: to be removed by module manifests',
});

module.exports = {
  platformImportsModule,
  moduleDeepImport,
  moduleCycles,
  // the form dependency-cruiser's options.knownViolations takes (.dependency-cruiser.cjs)
  knownViolations: [
    ...platformImportsModule.map(asKnown('platform-imports-module')),
    ...moduleDeepImport.map(asKnown('module-deep-import')),
  ],
};
