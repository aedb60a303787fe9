// The boundary violations that existed when the check arrived (issue 14 §1, 2026-12). `npm run check:boundaries`
// lets exactly these pass and fails on any other, and on an entry here that no longer occurs: when you remove a
// violation, delete its line. Nothing is ever added here; a new exception needs an ADR, not a line.
// Each entry is [from, to] as written by dependency-cruiser (paths from the repository root).

// None left: the kernel's Db/Tx types carry no schema and drizzle-kit finds every *.tables.ts by glob.
const platformImportsModule = [];

// None left: table files take the tables their foreign keys reference from the owner's tables.ts (the second
// door, for *.tables.ts only: rule foreign-table-outside-table-file), and projects asks catalog's index.ts for names.
const moduleDeepImport = [];

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
