// Plain constants (no zod) so the web bundle can use them.
export const APPLICATION_KINDS = ['establishment', 'change', 'deregistration', 'annualReport', 'filing'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const APPLICATION_KIND_NAMES: Record<ApplicationKind, { zh: string; en: string }> = {
  establishment: { zh: '成立登记', en: 'Establishment' },
  change: { zh: '变更登记', en: 'Change' },
  deregistration: { zh: '注销登记', en: 'Deregistration' },
  annualReport: { zh: '年度报告', en: 'Annual report' },
  filing: { zh: '社区社会组织备案', en: 'Community-org filing' },
};

export const APPLICATION_STATES = ['draft', 'submitted', 'supplementRequested', 'reviewing', 'deciding', 'completed', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_STATE_NAMES: Record<ApplicationState, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交待受理', en: 'Submitted' },
  supplementRequested: { zh: '一次性告知待补正', en: 'Supplement requested' },
  reviewing: { zh: '部门联审中', en: 'Joint review' },
  deciding: { zh: '待决定', en: 'Awaiting decision' },
  completed: { zh: '已办结', en: 'Completed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** The materials each kind asks for; `required` ones must be attached before submission. `name` in Chinese, `nameEn` for English requests. */
export const CHECKLISTS: Record<ApplicationKind, { key: string; name: string; nameEn: string; required: boolean }[]> = {
  establishment: [
    { key: 'applicationLetter', name: '成立登记申请书', nameEn: 'Application for establishment', required: true },
    { key: 'charter', name: '章程草案', nameEn: 'Draft charter', required: true },
    { key: 'supervisorApproval', name: '业务主管单位审查同意文件', nameEn: 'Approval of the supervising unit', required: true },
    { key: 'premisesProof', name: '住所使用证明', nameEn: 'Proof of premises', required: true },
    { key: 'capitalProof', name: '验资报告或资金证明', nameEn: 'Capital verification or proof of funds', required: true },
    { key: 'legalRepId', name: '法定代表人身份证明', nameEn: 'ID of the legal representative', required: true },
    { key: 'other', name: '其他材料', nameEn: 'Other materials', required: false },
  ],
  filing: [
    { key: 'applicationLetter', name: '备案申请表', nameEn: 'Filing form', required: true },
    { key: 'charter', name: '组织章程或活动规则', nameEn: 'Charter or rules of activity', required: true },
    { key: 'legalRepId', name: '负责人身份证明', nameEn: 'ID of the person in charge', required: true },
    { key: 'other', name: '其他材料', nameEn: 'Other materials', required: false },
  ],
  change: [
    { key: 'applicationLetter', name: '变更登记申请书', nameEn: 'Application for change', required: true },
    { key: 'resolution', name: '会员（理事）大会决议', nameEn: 'Resolution of the general assembly (council)', required: true },
    { key: 'proof', name: '变更事项证明材料', nameEn: 'Proof of the changes', required: false },
  ],
  deregistration: [
    { key: 'applicationLetter', name: '注销登记申请书', nameEn: 'Application for deregistration', required: true },
    { key: 'resolution', name: '注销决议', nameEn: 'Resolution to deregister', required: true },
    { key: 'liquidationReport', name: '清算报告', nameEn: 'Liquidation report', required: true },
  ],
  annualReport: [
    { key: 'report', name: '年度工作报告书', nameEn: 'Annual work report', required: true },
    { key: 'financials', name: '年度财务会计报告', nameEn: 'Annual financial statements', required: true },
  ],
};
