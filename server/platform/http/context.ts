import type { Lang } from '../errors/messages.js';
import type { Role } from '../../../contracts/roles.js';

export interface ResolvedGrant {
  id: string;
  role: Role;
  regionId: string | null;
  regionPath: string | null;
  regionName: string | null;
  regionLevel: string | null;
  departmentId: string | null;
  departmentName: string | null;
  orgId: string | null;
  /**
   * The city the grant lies in: its region's city-level ancestor (or the region itself), or its department's city.
   * Null for global grants and an org's member.
   */
  cityId: string | null;
  /** That city's path: what a permission held over the grant's whole city (`city` holding) reaches. */
  cityPath: string | null;
  /** For a grant on a city: that city's departments, which it reaches (departmentReach). Empty otherwise. */
  cityDepartmentIds: string[];
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
  grants: ResolvedGrant[];
}

/** What a use case needs to know about the request it serves. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  lang: Lang;
  actor: Actor | null;
  /** Set by invalidateAuth: this request changed sessions, users, grants or the scope tree. */
  authChanged?: boolean;
}

export const systemContext = (requestId = 'system'): RequestContext => ({ requestId, ip: null, lang: 'zh', actor: null });

/** A label in both languages, as the contracts' name tables (and cases' `Names`) hold them. */
type Labels = Readonly<Record<Lang, string>>;

/**
 * The label people read, in the request's language (issue 14 §1: labels in a DTO follow the request
 * language everywhere). Audit snapshots, notifications and exports keep their Chinese on purpose.
 */
export function labelOf(names: Labels, lang: Lang): string;
export function labelOf(names: Labels | undefined, lang: Lang): string | undefined;
export function labelOf(names: Labels | undefined, lang: Lang): string | undefined {
  return names?.[lang];
}
