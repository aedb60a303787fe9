/** The shared half of the projects module's manifest (government-purchased service projects): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const projectsContract = defineModuleContract({
  module: 'projects',
  permissions: {
    /** See purchased service projects (a department: those it buys). */
    'project.read': { label: { zh: '查看项目', en: 'Read projects' }, write: false, holders: { officeAdmin: 'scope', departmentStaff: 'scope', auditor: 'global' } },
    /** Propose a project for one's department and edit it while it is a draft. */
    'project.propose': { label: { zh: '提出项目需求', en: 'Propose projects' }, write: true, holders: { officeAdmin: 'scope', departmentStaff: 'scope' } },
    /** The office's acts on projects: approve into the plan, publish and close calls, cancel. */
    'project.manage': { label: { zh: '管理项目', en: 'Manage projects' }, write: true, holders: { officeAdmin: 'scope' } },
    /** Bid in a call on behalf of one's own organization. */
    'project.bid': { label: { zh: '申报项目', en: 'Bid in a call' }, write: true, holders: { officeAdmin: 'scope', orgMember: 'global' } },
    /** Score the bids of projects one is assigned to as an expert (after declaring no conflict of interest). Experts raise no objections to a ranking their own scores made: a conflict is declared before scoring instead. */
    'bid.score': { label: { zh: '专家评分', en: 'Score bids' }, write: true, holders: { officeAdmin: 'scope', evaluator: 'global' } },
    /** Record supervision visits and review rectifications. The office holds it over its region; a third-party supervisor holds it only on the projects the office assigned them to. */
    'project.supervise': { label: { zh: '项目督导', en: 'Supervise projects' }, write: true, holders: { officeAdmin: 'scope', supervisor: 'global' } },
    /**
     * The provider's acts on a project awarded to its organization: service records, monthly reports, answers to
     * rectifications, payment requests. The use cases admit only members of the awarded organization (403 for
     * anyone else who sees the project, 404 for whoever does not); the office records nothing in its name.
     */
    'project.deliver': { label: { zh: '项目履约（承接方）', en: 'Deliver a project (provider)' }, write: true, holders: { orgMember: 'global' } },
    /** Object to an award recommendation while it is on public notice: bidders and the public. Not the office (it answers objections to its own recommendations), not the buying department (a party to the procurement), not experts or supervisors (the office's contractors). */
    'project.object': { label: { zh: '公示异议', en: 'Object to an award' }, write: true, holders: { stationOperator: 'global', orgMember: 'global', applicant: 'global', socialWorker: 'global' } },
  },
  auditActions: {
    'project.updateDraft': { zh: '修改项目需求', en: 'Project draft updated' },
    'project.bid': { zh: '提交项目申报', en: 'Bid submitted' },
    'project.bidRevise': { zh: '修改项目申报', en: 'Bid revised' },
    'project.bidWithdraw': { zh: '撤回项目申报', en: 'Bid withdrawn' },
    'project.assignExperts': { zh: '指派评审专家', en: 'Experts assigned' },
    'project.assignSupervisors': { zh: '指派第三方督导', en: 'Supervisors assigned' },
    'project.removeSupervisor': { zh: '撤销第三方督导', en: 'Supervisor removed' },
    'project.declareConflict': { zh: '专家声明利益冲突情况', en: 'Conflict of interest declared' },
    'project.score': { zh: '专家评分', en: 'Bid scored' },
    'project.objection': { zh: '提出公示异议', en: 'Objection lodged' },
    'project.answerObjection': { zh: '答复公示异议', en: 'Objection answered' },
    'project.serviceRecord': { zh: '填报服务记录', en: 'Service recorded' },
    'project.report': { zh: '提交项目月报', en: 'Monthly report submitted' },
    'project.supervise': { zh: '记录督导', en: 'Supervision recorded' },
    'project.rectify': { zh: '提交整改情况', en: 'Rectification submitted' },
    'project.reviewRectification': { zh: '审核整改', en: 'Rectification reviewed' },
    'project.requestPayment': { zh: '申请付款', en: 'Payment requested' },
    'project.pay': { zh: '支付项目款', en: 'Payment made' },
    'project.rejectPayment': { zh: '退回付款申请', en: 'Payment request rejected' },
    'project.rectificationOverdue': { zh: '整改超期', en: 'Rectification overdue' },
    'project.settings': { zh: '修改项目管理规则', en: 'Project settings changed' },
    'project.blacklist': { zh: '列入失信名单', en: 'Organization blacklisted' },
    'project.blacklistLift': { zh: '移出失信名单', en: 'Blacklisting lifted' },
  },
});
