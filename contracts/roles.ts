/**
 * The permission registry: every route names one of these `resource.action` strings (or says it is
 * public / any signed-in user), and each role holds a fixed set. Scope decides *where* a grant applies.
 */
export const PERMISSIONS = [
  'region.read',
  'region.manage',
  'department.read',
  'user.read',
  'user.manage',
  'audit.read',
  'audit.verify',
  'calendar.read',
  'calendar.manage',
  'org.read',
  /** Import organizations from Excel into the registry. */
  'org.import',
  /** See a legal representative's ID number or a phone in clear; every use asks for a reason and is audited. */
  'pii.reveal',
  /** See applications and their case files within the grant's region. */
  'application.read',
  /** File an application as an applicant, for oneself or one's own organization. */
  'application.apply',
  /** The registration authority's acts: accept, send a one-time notice, decide. */
  'application.handle',
  /** Give a department's opinion in a joint review, where the case awaits that department. */
  'application.review',
  /** Change application types' promised time limits and review departments. */
  'application.manage',
  /** See special funds, their lines, allocations and ledger (a department: its own allocations). */
  'fund.read',
  /** Set up a year's fund, its lines and the departments' allocations. */
  'fund.manage',
  /** Edit the 123X catalog's categories. */
  'catalog.manage',
  /** See purchased service projects (a department: those it buys). */
  'project.read',
  /** Propose a project for one's department and edit it while it is a draft. */
  'project.propose',
  /** The office's acts on projects: approve into the plan, publish and close calls, cancel. */
  'project.manage',
  /** Bid in a call on behalf of one's own organization. */
  'project.bid',
  /** Score the bids of projects one is assigned to as an expert (after declaring no conflict of interest). */
  'bid.score',
  /**
   * Record supervision visits and review rectifications. The office holds it over its region; a
   * third-party supervisor holds it only on the projects the office assigned them to.
   */
  'project.supervise',
  /** Write a comment on a case one takes part in (the owner, or staff on the case), seen by everyone on it. */
  'case.comment',
  /** Write a staff-only note on a case one handles; owners never see these. */
  'case.commentInternal',
  /**
   * Attach a file to a case: the owner to their checklist, staff only in the states the case type declares
   * (`attach.staff`), never to the owner's checklist items.
   */
  'case.attach',
  /** Object to an award recommendation while it is on public notice. */
  'project.object',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'officeAdmin',
  'departmentStaff',
  'townStaff',
  'stationOperator',
  'orgMember',
  /** Someone who registered online to apply (phone + password) before their organization exists. */
  'applicant',
  'socialWorker',
  'evaluator',
  /** A third-party supervision agency's staff, contracted by the office for a batch of projects. */
  'supervisor',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Where a grant of the role is anchored. `global` grants have no scope node. */
export type ScopeType = 'global' | 'region' | 'department' | 'org';

export interface RoleDefinition {
  scopeType: ScopeType;
  /** For region-scoped roles: the levels the scope node may be. */
  regionLevels?: readonly ('city' | 'town' | 'community' | 'grid')[];
  permissions: readonly Permission[];
  /**
   * Read-only roles may never hold a write permission (a unit test), and the access hook refuses them every
   * state-changing request but the few routes declared `allowReadOnly` (their own session and password).
   */
  readOnly?: boolean;
  /** Permissions that apply city-wide even though the grant is anchored elsewhere (reference data). */
  globalPermissions?: readonly Permission[];
}

const READ_REFERENCE: Permission[] = ['department.read', 'calendar.read'];

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  officeAdmin: {
    scopeType: 'region',
    regionLevels: ['city'],
    // Everything but objecting: the office answers objections to its own recommendations.
    permissions: PERMISSIONS.filter((p) => p !== 'project.object'),
  },
  departmentStaff: {
    scopeType: 'department',
    // Reviews reach a department through the case's assignment to it, not through a region. Comments and files
    // reach only the cases the department takes part in (case access); the buying department files project
    // documents. No objections: the buyer is a party to the procurement, not the public it is noticed to.
    permissions: ['application.review', 'fund.read', 'project.read', 'project.propose', 'case.comment', 'case.commentInternal', 'case.attach'],
    globalPermissions: ['region.read', 'org.read', ...READ_REFERENCE],
  },
  townStaff: {
    scopeType: 'region',
    regionLevels: ['town'],
    // Comments (and staff notes) on the applications of their town; no files — the checklist is the applicant's.
    permissions: ['region.read', 'org.read', 'application.read', 'case.comment', 'case.commentInternal'],
    globalPermissions: READ_REFERENCE,
  },
  stationOperator: {
    scopeType: 'region',
    regionLevels: ['town'],
    permissions: ['region.read', 'org.read'],
    // Sees no case, so no comments or files; as a member of the public it may object to a recommendation on notice.
    globalPermissions: [...READ_REFERENCE, 'project.object'],
  },
  orgMember: {
    scopeType: 'org',
    permissions: [],
    // Comments and files on the org's own cases (case access decides which); objections as a bidder.
    globalPermissions: ['application.apply', 'project.bid', 'region.read', ...READ_REFERENCE, 'case.comment', 'case.attach', 'project.object'],
  },
  applicant: {
    scopeType: 'global',
    permissions: [],
    // The region tree is public reference data: an applicant picks the town and community of the domicile.
    // Comments and files on their own applications; objections as a member of the public.
    globalPermissions: ['application.apply', 'region.read', ...READ_REFERENCE, 'case.comment', 'case.attach', 'project.object'],
  },
  socialWorker: {
    scopeType: 'region',
    regionLevels: ['town', 'community', 'grid'],
    permissions: ['region.read', 'org.read'],
    // Like the station operator: no case of their own to write on, an objection as a member of the public.
    globalPermissions: [...READ_REFERENCE, 'project.object'],
  },
  evaluator: {
    scopeType: 'global',
    permissions: [],
    // Assignments, not scope, limit an expert to the projects they review. No case file, so no comments or
    // files; no objections to a ranking their own scores made (a conflict is declared before scoring instead).
    globalPermissions: ['bid.score', ...READ_REFERENCE],
  },
  supervisor: {
    scopeType: 'global',
    permissions: [],
    // Like experts: the office's assignment, not a scope, names the projects a supervisor works on. On those
    // projects they talk with the provider and the office in comments; visits carry their findings, so no files,
    // and no staff notes (a contractor, not the office); no objections (the office's contractor).
    globalPermissions: ['project.supervise', ...READ_REFERENCE, 'case.comment'],
  },
  auditor: {
    scopeType: 'global',
    readOnly: true,
    permissions: [],
    globalPermissions: ['region.read', 'department.read', 'user.read', 'audit.read', 'audit.verify', 'calendar.read', 'org.read', 'application.read', 'fund.read', 'project.read'],
  },
};

export const WRITE_PERMISSIONS: readonly Permission[] = [
  'region.manage',
  'user.manage',
  'calendar.manage',
  'application.apply',
  'application.handle',
  'application.review',
  'application.manage',
  'pii.reveal',
  'org.import',
  'fund.manage',
  'catalog.manage',
  'project.propose',
  'project.manage',
  'project.bid',
  'bid.score',
  'project.supervise',
  'case.comment',
  'case.commentInternal',
  'case.attach',
  'project.object',
];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  officeAdmin: { zh: '社工办管理员', en: 'Office administrator' },
  departmentStaff: { zh: '部门工作人员', en: 'Department staff' },
  townStaff: { zh: '镇街工作人员', en: 'Town staff' },
  stationOperator: { zh: '社工站运营方', en: 'Station operator' },
  orgMember: { zh: '社会组织成员', en: 'Organization member' },
  applicant: { zh: '申请人', en: 'Applicant' },
  socialWorker: { zh: '社会工作者', en: 'Social worker' },
  evaluator: { zh: '评估专家', en: 'Evaluator' },
  supervisor: { zh: '第三方督导', en: 'Third-party supervisor' },
  auditor: { zh: '审计员', en: 'Auditor' },
};
