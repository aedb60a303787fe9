import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Permission } from '../../../contracts/roles.js';
import type { Tx } from '../db/client.js';
import type { RequestContext } from '../http/context.js';
import type { cases } from './cases.tables.js';

export type CaseRow = typeof cases.$inferSelect;
export type Names = { zh: string; en: string };

/**
 * Who may fire a transition:
 * - `permission`: a holder of the permission whose region reach covers the case's region;
 * - `owner`: the person who filed the case, or a member of the organization it is about;
 * - `department`: staff of a department the case is waiting on (an open department assignment in
 *   the current state), holding the permission through that department grant;
 * - `public`: someone without an account, whom the module's public route has let through by what they hold (a
 *   resident rating the answer to their concern with its tracking number). Fired with no actor; never by a
 *   signed-in user, so it is never among a user's abilities.
 */
export type Who = { kind: 'permission'; permission: Permission } | { kind: 'owner' } | { kind: 'department'; permission: Permission } | { kind: 'public' };

/** Who the case waits on when it enters a state; the engine turns these into assignments. */
export type Awaited =
  | { kind: 'owner'; task: string }
  | { kind: 'permission'; permission: Permission; task: string }
  | { kind: 'department'; permission: Permission; departmentId: string; task: string };

export interface EffectResult {
  /** The case now concerns this organization (an approved establishment created it). */
  orgId?: string;
  /**
   * Hands the case over: null leaves the organization's members as the only owners (an awarded project
   * passes from the proposing department's clerk to the provider).
   */
  ownerUserId?: string | null;
  outcome?: string;
  title?: string;
  /** A fact for choosing among declared targets (e.g. 'direct' when there is nobody to consult). */
  route?: string;
  /**
   * Who the case waits on in the state this transition enters, when the effect has just decided it (the
   * departments of a joint review): the engine uses it instead of asking `awaits` to read it back. On a
   * transition that stays in its state it hands the case over: every open assignment closes and these open
   * (a concern transferred to another department before anyone accepted it).
   */
  awaits?: Awaited[];
  /**
   * The effect's own writes (single data-modifying statements on the module's tables), sent inside the
   * statement that moves the case instead of one round trip each. They run whatever the statement's other
   * parts do; the case row is already locked and its version checked, and a failure rolls everything back.
   */
  writes?: SQL[];
}

export interface TransitionDef<S extends string> {
  event: string;
  names: Names;
  from: readonly S[];
  /**
   * The target state, or a choice among declared targets made after the effect ran — e.g. a joint
   * review stays in review until the last department has answered.
   */
  to: S | { among: readonly S[]; choose: (facts: { openAssignments: number; effect: EffectResult }) => S };
  by: Who;
  /** The event's input; validated by the engine, stored in the step. */
  input?: z.ZodType;
  commentRequired?: boolean;
  /** A state guard beyond `from`: returns why the event is refused, in both languages, or null. */
  guard?: (c: CaseRow) => Names | null;
  /** Domain work in the same transaction (create the org, apply a change, …). */
  effect?: CaseEffect;
}

/** A transition's domain work: a named function in the module, so the transition table stays one readable picture. */
export type CaseEffect = (tx: Tx, ctx: RequestContext, c: CaseRow, input: unknown) => Promise<EffectResult | void>;

export interface CaseTypeDef<S extends string = string> {
  type: string;
  names: Names;
  /** The names of its variants where people call a case by its variant (成立登记, not 网上申办). */
  variantNames?: Readonly<Record<string, Names>>;
  /** Letters before the running number: SQ202600001. */
  numberPrefix: string;
  states: readonly S[];
  stateNames: Record<S, Names>;
  initial: S;
  terminal: readonly S[];
  /** Default time limits in working days per state; data in case_time_limits overrides them. */
  timeLimits: Partial<Record<S, number>>;
  /** Who may read cases of this type by region (besides the owner and the departments involved). */
  readPermission: Permission;
  /**
   * In which states files may be attached (POST /cases/{id}/attachments; `abilities.attach` tells the web app),
   * for holders of `case.attach`: `owner` — the applicant or the organization's members, to their checklist
   * items or loose; `staff` — staff on the case (the office, a department taking part), loose files only: a
   * checklist item is the owner's, and staff never replace the owner's file.
   */
  attach: { owner: readonly S[]; staff: readonly S[] };
  /**
   * In which states the owner may edit the case's details (editCaseDetails), and what a refused edit says in
   * any other state. Absent: the details never change but through transitions.
   */
  editable?: { states: readonly S[]; refusal: Names };
  transitions: readonly TransitionDef<S>[];
  /** Who the case waits on in `state`. May read the module's own tables (joint-review departments). */
  awaits: (tx: Tx, state: S, c: CaseRow) => Promise<Awaited[]> | Awaited[];
  /** The web page of a case. */
  link: (c: CaseRow) => string;
}

/** Typing helper: checks every transition names declared states. */
export function defineCaseType<const S extends string>(def: CaseTypeDef<S>): CaseTypeDef<S> {
  const states = new Set<string>(def.states);
  const check = (s: string, where: string) => {
    if (!states.has(s)) throw new Error(`case type ${def.type}: ${where} names unknown state ${s}`);
  };
  check(def.initial, 'initial');
  for (const s of def.terminal) check(s, 'terminal');
  for (const s of [...def.attach.owner, ...def.attach.staff]) {
    check(s, 'attach');
    if (def.terminal.includes(s)) throw new Error(`case type ${def.type}: attach names terminal state ${s}`);
  }
  for (const s of def.editable?.states ?? []) {
    check(s, 'editable');
    if (def.terminal.includes(s)) throw new Error(`case type ${def.type}: editable names terminal state ${s}`);
  }
  for (const t of def.transitions) {
    for (const f of t.from) check(f, `${t.event}.from`);
    for (const s of targetsOf(t)) check(s, `${t.event}.to`);
    if (t.from.some((f) => def.terminal.includes(f))) throw new Error(`case type ${def.type}: ${t.event} leaves a terminal state`);
  }
  return def;
}

export function targetsOf<S extends string>(t: TransitionDef<S>): readonly S[] {
  return typeof t.to === 'string' ? [t.to] : t.to.among;
}

const registry = new Map<string, CaseTypeDef>();

/** Modules register their case types at start; the platform never imports a module. */
export function registerCaseType<S extends string>(def: CaseTypeDef<S>): void {
  // Each app instance registers its own definition (it may close over that instance's services); the
  // declaration itself is the same code, so the latest registration wins.
  registry.set(def.type, def as unknown as CaseTypeDef);
}

export function caseTypeOf(type: string): CaseTypeDef {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown case type ${type}`);
  return def;
}

export function caseTypes(): CaseTypeDef[] {
  return [...registry.values()];
}

/** The state diagram in mermaid, for docs/workflows/<type>.md (kept true by a test). */
export function mermaidOf(def: CaseTypeDef): string {
  const lines = ['stateDiagram-v2', `    [*] --> ${def.initial}`];
  for (const t of def.transitions) {
    for (const f of t.from) for (const to of targetsOf(t)) lines.push(`    ${f} --> ${to}: ${t.event} ${t.names.zh}`);
  }
  for (const s of def.terminal) lines.push(`    ${s} --> [*]`);
  // A transition declared twice for different actors (a department or the office submits) is one arrow.
  lines.splice(0, lines.length, ...new Set(lines));
  for (const s of def.states) lines.push(`    ${s}: ${s} ${def.stateNames[s].zh}`);
  return lines.join('\n');
}
