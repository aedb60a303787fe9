import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { CONCERN_STATE_NAMES, CONCERN_STATES, ZConcernMergeInput, ZConcernRateInput, ZConcernReplyInput, ZConcernTransferInput, type ConcernState, type RoutingTarget } from '../../../contracts/concerns.js';
import { clockNow } from '../../platform/clock.js';
import { defineCaseType, type Awaited, type CaseEffect, type CaseTypeDef, type EffectResult, type Names, type TransitionDef, type Who } from '../../platform/cases/define.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import { maskPublicText } from './moderation.js';
import { selectCityDepartment, selectConcernRouting, selectMergeTarget } from './concerns.queries.js';

type State = ConcernState;
const names = (zh: string, en: string): Names => ({ zh, en });

/** Who answers a concern routed to `kind`: the town's people (its staff and station) by region, or the department. */
export function handlerAwaited(kind: RoutingTarget, departmentId: string | null, task: string): Awaited[] {
  if (kind === 'department' && departmentId) return [{ kind: 'department', permission: 'concern.handle', departmentId, task }];
  return [{ kind: 'permission', permission: 'concern.handle', task }];
}

/** The concern row's copy of the state (the list's filters), written in the statement that moves the case. */
const stateWrite = (caseId: string, to: State, moved: boolean, extra: SQL[] = []): SQL => {
  // Leaving a state clears its overdue mark, as the engine clears the case's; a hand-over inside a state keeps it.
  const overdue = moved ? [sql`overdue_since = null`, sql`escalated_at = null`] : [];
  return sql`update concerns set ${sql.join([sql`state = ${to}`, ...overdue, sql`updated_at = ${clockNow().toISOString()}::timestamptz`, ...extra], sql`, `)} where case_id = ${caseId}::uuid`;
};

/** The transition's effect: the state copy, and the transition's own writes. */
const moveTo =
  (to: State, more?: (tx: Tx, caseId: string, input: unknown) => Promise<Omit<EffectResult, 'writes'> & { set?: SQL[] }>): CaseEffect =>
  async (tx, _ctx, c, input) => {
    const extra = more ? await more(tx, c.id, input) : {};
    const { set, ...rest } = extra;
    return { ...rest, writes: [stateWrite(c.id, to, c.state !== to, set)] };
  };

/** The town's people (their region reach) and a department the concern waits on: every handling act is declared for both. */
const HANDLERS: readonly Who[] = [
  { kind: 'permission', permission: 'concern.handle' },
  { kind: 'department', permission: 'concern.handle' },
];
const byHandlers = (t: Omit<TransitionDef<State>, 'by'>): TransitionDef<State>[] => HANDLERS.map((by) => ({ ...t, by }));

const replyEffect = moveTo('replied', async (_tx, _id, input) => {
  const { reply } = input as z.infer<typeof ZConcernReplyInput>;
  return { set: [sql`reply = ${reply}`, sql`public_reply = ${maskPublicText(reply)}`] };
});

const rateEffect = moveTo('rated', async (_tx, _id, input) => {
  const { rating, ratingComment } = input as z.infer<typeof ZConcernRateInput>;
  return { set: [sql`rating = ${rating}`, sql`rating_comment = ${ratingComment === null ? null : maskPublicText(ratingComment)}`] };
});

/**
 * A transfer hands the concern to whoever should have had it (a department of the same city, the town, or its
 * station), back to 待受理: every open assignment closes and the new party's opens, even when it stays there.
 */
async function transferEffect(tx: Tx, caseId: string, input: unknown) {
  const { target, departmentId } = input as z.infer<typeof ZConcernTransferInput>;
  const routing = await selectConcernRouting(tx, caseId);
  if (target === 'department') {
    if (!departmentId) throw new AppError('validation', {}, [{ path: 'input.departmentId', message: '请选择承办部门', messageEn: 'Choose the department' }]);
    if (!(await selectCityDepartment(tx, routing.cityId, departmentId))) {
      throw new AppError('validation', {}, [{ path: 'input.departmentId', message: '承办部门须为本市在用部门', messageEn: 'The department must be one of this city’s' }]);
    }
  } else if (departmentId) {
    throw new AppError('validation', {}, [{ path: 'input.departmentId', message: '只有转交部门时才选择部门', messageEn: 'A department is chosen only when transferring to one' }]);
  }
  if (target === routing.responsibleKind && (departmentId ?? null) === routing.responsibleDepartmentId) {
    throw new AppError('validation', {}, [{ path: 'input.target', message: '已由该单位承办，无需转办', messageEn: 'It is already with them' }]);
  }
  const dept = target === 'department' ? departmentId : null;
  return {
    awaits: handlerAwaited(target, dept, '受理转办的民情'),
    set: [sql`responsible_kind = ${target}`, sql`responsible_department_id = ${dept}::uuid`, sql`routing_rule_id = null`],
  };
}

/** Merging a duplicate into the concern that carries the matter on (same city, still open, not itself). */
async function mergeEffect(tx: Tx, caseId: string, input: unknown) {
  const { intoNumber } = input as z.infer<typeof ZConcernMergeInput>;
  const routing = await selectConcernRouting(tx, caseId);
  const target = await selectMergeTarget(tx, routing.cityId, intoNumber.trim().toUpperCase());
  const refuse = (zh: string, en: string) => new AppError('validation', {}, [{ path: 'input.intoNumber', message: zh, messageEn: en }]);
  if (!target) throw refuse(`本市没有编号为 ${intoNumber} 的民情`, `This city has no concern numbered ${intoNumber}`);
  if (target.caseId === caseId) throw refuse('不能合并到自身', 'A concern cannot be merged into itself');
  if (target.state === 'closed' || target.state === 'merged') throw refuse(`${target.number} 已${CONCERN_STATE_NAMES[target.state].zh}，请合并到仍在办理的民情`, `${target.number} is ${target.state}; merge into one still open`);
  return { set: [sql`merged_into_case_id = ${target.caseId}::uuid`] };
}

/**
 * The concern's case type (issue 17 §4): submitted → accepted → handling → replied → rated → closed, with transfer
 * (back to 待受理 at another party) and merge (a duplicate ends as 已合并). Time limits in working days: a day to
 * accept and a day to start; handling takes the category's own limit (case_time_limits, variant = the category's
 * code, written with the category); rating waits on the resident without a limit, and a replied concern the resident
 * does not rate is closed by staff.
 */
export function concernCaseType(): CaseTypeDef<State> {
  return defineCaseType<State>({
    type: 'concern',
    names: names('民情', 'Resident concern'),
    numberPrefix: 'MQ',
    states: CONCERN_STATES,
    stateNames: CONCERN_STATE_NAMES,
    initial: 'submitted',
    terminal: ['closed', 'merged'],
    timeLimits: { submitted: 1, accepted: 1, handling: 5, rated: 2 },
    readPermission: 'concern.read',
    attach: { owner: [], staff: [] },
    link: (c) => `/concerns/${c.id}`,
    async awaits(tx, state, c) {
      if (state === 'replied') return [{ kind: 'owner', task: '请群众对答复作出评价' }];
      const task = { submitted: '受理民情', accepted: '开始办理', handling: '办理并答复', rated: '办结归档' }[state as string];
      if (!task) return [];
      const r = await selectConcernRouting(tx, c.id);
      return handlerAwaited(r.responsibleKind, r.responsibleDepartmentId, task);
    },
    transitions: [
      ...byHandlers({ event: 'accept', names: names('受理', 'Accept'), from: ['submitted'], to: 'accepted', effect: moveTo('accepted') }),
      ...byHandlers({ event: 'start', names: names('开始办理', 'Start handling'), from: ['accepted'], to: 'handling', effect: moveTo('handling') }),
      ...byHandlers({ event: 'reply', names: names('答复', 'Reply'), from: ['accepted', 'handling'], to: 'replied', input: ZConcernReplyInput, effect: replyEffect }),
      // The resident rates: on the public page with the tracking number, through the collector who raised it, or by phone to staff.
      { event: 'rate', names: names('评价', 'Rate'), from: ['replied'], to: 'rated', by: { kind: 'public' }, input: ZConcernRateInput, effect: rateEffect },
      { event: 'rate', names: names('评价', 'Rate'), from: ['replied'], to: 'rated', by: { kind: 'owner' }, input: ZConcernRateInput, effect: rateEffect },
      { event: 'rate', names: names('评价', 'Rate'), from: ['replied'], to: 'rated', by: { kind: 'permission', permission: 'concern.handle' }, input: ZConcernRateInput, effect: rateEffect },
      ...byHandlers({ event: 'close', names: names('办结', 'Close'), from: ['replied', 'rated'], to: 'closed', effect: moveTo('closed') }),
      ...byHandlers({
        event: 'transfer',
        names: names('转办', 'Transfer'),
        from: ['submitted', 'accepted', 'handling'],
        to: 'submitted',
        input: ZConcernTransferInput,
        commentRequired: true,
        effect: moveTo('submitted', transferEffect),
      }),
      ...byHandlers({ event: 'merge', names: names('合并重复', 'Merge as duplicate'), from: ['submitted', 'accepted', 'handling'], to: 'merged', input: ZConcernMergeInput, effect: moveTo('merged', mergeEffect) }),
    ],
  });
}
