import type { RegionLevel } from './regions.js';
/**
 * The roles and where their grants are anchored. Which permissions a role holds is not listed here: each
 * module declares, for each of its permissions, the roles that hold it (contracts/<module>.manifest.ts), and
 * roles.ts collects them.
 */
export const ROLES = [
  /** The deployment's administrator (a provincial or municipal IT department): creates cities and their first administrators. */
  'platformAdmin',
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

export interface RoleKind {
  scopeType: ScopeType;
  /** For region-scoped roles: the levels the scope node may be. */
  regionLevels?: readonly RegionLevel[];
  /**
   * Read-only roles may never hold a write permission (a unit test), and the access hook refuses them every
   * state-changing request but the few routes declared `allowReadOnly` (their own session and password).
   */
  readOnly?: boolean;
}

export const ROLE_KINDS: Record<Role, RoleKind> = {
  platformAdmin: { scopeType: 'global' },
  // On a city: that city's office. On a prefecture or province: the administrator above every city there.
  officeAdmin: { scopeType: 'region', regionLevels: ['province', 'prefecture', 'city'] },
  // Reviews reach a department through the case's assignment to it, not through a region.
  departmentStaff: { scopeType: 'department' },
  townStaff: { scopeType: 'region', regionLevels: ['town'] },
  stationOperator: { scopeType: 'region', regionLevels: ['town'] },
  orgMember: { scopeType: 'org' },
  applicant: { scopeType: 'global' },
  socialWorker: { scopeType: 'region', regionLevels: ['town', 'community', 'grid'] },
  // Assignments, not scope, limit an expert to the projects they review.
  evaluator: { scopeType: 'global' },
  // Like experts: the office's assignment, not a scope, names the projects a supervisor works on.
  supervisor: { scopeType: 'global' },
  auditor: { scopeType: 'global', readOnly: true },
};

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  platformAdmin: { zh: '平台管理员', en: 'Platform administrator' },
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

/**
 * Reference data every role reads wherever its grant is anchored (the office: in its city). A module whose
 * permission is reference data spreads this into the permission's holders.
 */
export const REFERENCE_READERS = {
  platformAdmin: 'global',
  officeAdmin: 'scope',
  departmentStaff: 'global',
  townStaff: 'global',
  stationOperator: 'global',
  orgMember: 'global',
  applicant: 'global',
  socialWorker: 'global',
  evaluator: 'global',
  supervisor: 'global',
  auditor: 'global',
} as const satisfies Record<Role, 'scope' | 'global'>;
