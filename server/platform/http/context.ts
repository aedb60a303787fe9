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
   * The cities the grant lies in (its region's city-level ancestor or the city itself, or its department's city) or,
   * on a prefecture or province, covers (every city below it). Empty for global grants and an org's member.
   */
  cities: { id: string; path: string }[];
  /** For a grant on a city or above: those cities' departments, which it reaches (departmentReach). Empty otherwise. */
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
