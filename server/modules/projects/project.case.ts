import { ZContractInput, ZEarlyCompletionInput } from '../../../contracts/projects/delivery.js';
import { ZCloseInput, ZEvaluationInput } from '../../../contracts/projects/evaluation.js';
import { ZApproveInput, ZPublishCallInput } from '../../../contracts/projects/initiation.js';
import { PROJECT_STATE_NAMES, PROJECT_STATES, type ProjectState } from '../../../contracts/projects/lifecycle.js';
import { defineCaseType, type CaseTypeDef } from '../../platform/cases/define.js';
import { closeCall, publishCall } from './calls/calls.effects.js';
import { checkFinalReport, decideEarlyCompletion, FinalReportInput, signContract } from './delivery/delivery.effects.js';
import { closeProject, recordEvaluation } from './evaluation/evaluation.effects.js';
import { approveIntoPlan, rejectProposal, withdrawDraft } from './initiation/initiation.effects.js';
import { awardRecommendedBid, recommendTopBid, withdrawRecommendation } from './procurement/procurement.effects.js';
import { cancelProject, terminateContract } from './project-funds.js';
import { loadProject } from './project.queries.js';

export { MIN_CALL_WORKING_DAYS } from './calls/calls.effects.js';
export { loadProject } from './project.queries.js';

const names = (zh: string, en: string) => ({ zh, en });

const TERMINAL_STATES: readonly ProjectState[] = ['closed', 'rejected', 'cancelled'];
const OPEN_STATES = PROJECT_STATES.filter((s) => !TERMINAL_STATES.includes(s));

/**
 * Full-lifecycle supervision of a purchased service project: the one picture of its states and who moves it
 * between them. Each effect is a named function in its seam's folder (initiation, calls, procurement, delivery,
 * evaluation) or in project-funds.ts; money moves only through the fund ledger, inside the transition.
 */
export function projectCaseType(): CaseTypeDef<ProjectState> {
  return defineCaseType<ProjectState>({
    type: 'serviceProject',
    names: names('政府购买服务项目', 'Purchased service project'),
    numberPrefix: 'XM',
    states: PROJECT_STATES,
    stateNames: PROJECT_STATE_NAMES,
    initial: 'draft',
    terminal: TERMINAL_STATES,
    // Working days: the office answers a proposal within 10, publishes the call within 20 of approval,
    // and finishes procurement within 15 of the call closing. Data in case_time_limits overrides these.
    timeLimits: { proposed: 10, planned: 20, procuring: 15, evaluating: 20, closing: 15 },
    readPermission: 'project.read',
    // The proposing clerk and then the provider (the owner) file the project's documents throughout; so do the
    // office and the buying department (staff on the case: a decision, a contract scan), never over the owner's
    // checklist items (a service plan).
    attach: { owner: OPEN_STATES, staff: OPEN_STATES },
    editable: { states: ['draft'], refusal: { zh: '项目已提交立项，不能再修改；如需修改请由社工办退回。', en: 'The project has been submitted for approval and can no longer be changed; to change it, ask the social work office to send it back.' } },
    link: (c) => `/projects/${c.id}`,
    async awaits(tx, state, c) {
      const p = await loadProject(tx, c.id);
      switch (state) {
        case 'draft':
          return [{ kind: 'department', permission: 'project.propose', departmentId: p.departmentId, task: '填写项目需求并提交立项' }];
        case 'proposed':
          return [{ kind: 'permission', permission: 'project.manage', task: '审核立项' }];
        case 'planned':
          return [{ kind: 'permission', permission: 'project.manage', task: '发布统一申报公告' }];
        case 'calling':
          return [];
        case 'procuring':
          return [{ kind: 'permission', permission: 'project.manage', task: '组织专家评审并提出中标推荐' }];
        case 'noticing':
          return [{ kind: 'permission', permission: 'project.manage', task: '公示期满、异议答复后确定承接方' }];
        case 'awarded':
          return [{ kind: 'permission', permission: 'project.manage', task: '签订服务合同' }];
        case 'implementing':
          return [{ kind: 'owner', task: '开展服务，按月填报服务记录与月报，服务期满提交终期报告' }];
        case 'evaluating':
          return [{ kind: 'permission', permission: 'project.manage', task: '组织终期评估' }];
        case 'closing':
          return [{ kind: 'permission', permission: 'project.manage', task: '支付尾款并结项归档' }];
        default:
          return [];
      }
    },
    transitions: [
      {
        event: 'submit',
        names: names('提交立项', 'Submit for initiation'),
        from: ['draft'],
        to: 'proposed',
        by: { kind: 'department', permission: 'project.propose' },
      },
      {
        // The office may also propose (and submit) a project of its own or on a department's behalf.
        event: 'submit',
        names: names('提交立项', 'Submit for initiation'),
        from: ['draft'],
        to: 'proposed',
        by: { kind: 'permission', permission: 'project.manage' },
      },
      {
        event: 'return',
        names: names('退回修改', 'Return for revision'),
        from: ['proposed'],
        to: 'draft',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
      },
      {
        event: 'approve',
        names: names('批准立项（列入年度计划）', 'Approve into the plan'),
        from: ['proposed'],
        to: 'planned',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZApproveInput,
        effect: approveIntoPlan,
      },
      {
        event: 'reject',
        names: names('不予立项', 'Reject'),
        from: ['proposed'],
        to: 'rejected',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        effect: rejectProposal,
      },
      {
        event: 'publishCall',
        names: names('发布申报公告', 'Publish the call'),
        from: ['planned'],
        to: 'calling',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZPublishCallInput,
        effect: publishCall,
      },
      {
        event: 'closeCall',
        names: names('申报截止，进入统一采购', 'Close the call'),
        from: ['calling'],
        to: 'procuring',
        by: { kind: 'permission', permission: 'project.manage' },
        effect: closeCall,
      },
      {
        // A call that drew no bids is published again with a new deadline.
        event: 'reopenCall',
        names: names('重新发布申报公告', 'Publish the call again'),
        from: ['calling'],
        to: 'calling',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZPublishCallInput,
        effect: publishCall,
      },
      {
        event: 'recommend',
        names: names('提出中标推荐并公示', 'Recommend and put on notice'),
        from: ['procuring'],
        to: 'noticing',
        by: { kind: 'permission', permission: 'project.manage' },
        effect: recommendTopBid,
      },
      {
        // An upheld objection sends the project back to the panel.
        event: 'reconsider',
        names: names('撤回推荐，重新评审', 'Withdraw the recommendation'),
        from: ['noticing'],
        to: 'procuring',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        effect: withdrawRecommendation,
      },
      {
        event: 'award',
        names: names('确定承接方', 'Award'),
        from: ['noticing'],
        to: 'awarded',
        by: { kind: 'permission', permission: 'project.manage' },
        effect: awardRecommendedBid,
      },
      {
        event: 'signContract',
        names: names('签订服务合同', 'Sign the contract'),
        from: ['awarded'],
        to: 'implementing',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZContractInput,
        effect: signContract,
      },
      {
        // The term has not ended but the service has (all of it delivered early, or the need has gone): the office
        // decides so, with its reason, before the final report and the evaluation may come.
        event: 'decideEarlyCompletion',
        names: names('同意提前结项', 'Approve early completion'),
        from: ['implementing'],
        to: 'implementing',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZEarlyCompletionInput,
        guard: (c) => (c.outcome === 'earlyCompletion' ? names('已作出提前结项决定', 'Early completion has already been decided') : null),
        effect: decideEarlyCompletion,
      },
      {
        event: 'submitFinalReport',
        names: names('提交终期报告', 'Submit the final report'),
        from: ['implementing'],
        to: 'evaluating',
        by: { kind: 'owner' },
        input: FinalReportInput,
        effect: checkFinalReport,
      },
      {
        event: 'evaluate',
        names: names('完成终期评估', 'Record the final evaluation'),
        from: ['evaluating'],
        to: 'closing',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZEvaluationInput,
        effect: recordEvaluation,
      },
      {
        event: 'close',
        names: names('结项归档', 'Close'),
        from: ['closing'],
        to: 'closed',
        by: { kind: 'permission', permission: 'project.manage' },
        input: ZCloseInput,
        effect: closeProject,
      },
      {
        event: 'terminate',
        names: names('解除合同、终止项目', 'Terminate'),
        from: ['implementing', 'evaluating'],
        to: 'cancelled',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        effect: terminateContract,
      },
      {
        event: 'withdraw',
        names: names('撤回需求', 'Withdraw'),
        from: ['draft'],
        to: 'cancelled',
        by: { kind: 'department', permission: 'project.propose' },
        effect: withdrawDraft,
      },
      {
        event: 'cancel',
        names: names('终止项目', 'Cancel'),
        from: ['draft', 'proposed', 'planned', 'calling', 'procuring', 'noticing', 'awarded'],
        to: 'cancelled',
        by: { kind: 'permission', permission: 'project.manage' },
        commentRequired: true,
        effect: cancelProject,
      },
    ],
  });
}
