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

/**
 * The form's fields per kind, by their path in the stored form (a change nests them under `changes`): what a
 * one-time notice item may point at, and how the notice and the edit page name them.
 */
export const FORM_FIELDS: Record<ApplicationKind, { key: string; name: string; nameEn: string }[]> = (() => {
  const org = [
    { key: 'name', name: '组织名称', nameEn: 'Name' },
    { key: 'type', name: '组织类型', nameEn: 'Type' },
    { key: 'townId', name: '住所所在镇（街道）', nameEn: 'Town' },
    { key: 'communityId', name: '村（社区）', nameEn: 'Community' },
    { key: 'address', name: '住所', nameEn: 'Domicile' },
    { key: 'businessScope', name: '业务范围', nameEn: 'Business scope' },
    { key: 'serviceFields', name: '服务领域', nameEn: 'Service fields' },
    { key: 'supervisingUnitId', name: '业务主管单位', nameEn: 'Supervising unit' },
    { key: 'registeredCapitalFen', name: '注册资金', nameEn: 'Registered capital' },
    { key: 'legalRepName', name: '法定代表人（负责人）', nameEn: 'Legal representative' },
    { key: 'legalRepIdNumber', name: '公民身份号码', nameEn: 'ID number' },
    { key: 'legalRepPhone', name: '手机号码', nameEn: 'Mobile phone' },
    { key: 'contactName', name: '联系人', nameEn: 'Contact' },
    { key: 'contactPhone', name: '联系电话', nameEn: 'Contact phone' },
  ];
  return {
    establishment: org,
    filing: org.filter((f) => f.key !== 'supervisingUnitId'),
    change: [
      { key: 'changes.name', name: '新名称', nameEn: 'New name' },
      { key: 'changes.address', name: '新住所', nameEn: 'New domicile' },
      { key: 'changes.businessScope', name: '新业务范围', nameEn: 'New business scope' },
      { key: 'changes.legalRepName', name: '新法定代表人', nameEn: 'New legal representative' },
      { key: 'changes.legalRepPhone', name: '法定代表人新手机号', nameEn: 'Legal representative’s new phone' },
      { key: 'changes.contactName', name: '新联系人', nameEn: 'New contact' },
      { key: 'changes.contactPhone', name: '新联系电话', nameEn: 'New contact phone' },
      { key: 'reason', name: '变更理由', nameEn: 'Reason for the change' },
    ],
    deregistration: [
      { key: 'reason', name: '注销理由', nameEn: 'Reason for deregistration' },
      { key: 'liquidationDone', name: '清算情况', nameEn: 'Liquidation' },
    ],
    annualReport: [
      { key: 'year', name: '年度', nameEn: 'Year' },
      { key: 'revenueFen', name: '年度收入', nameEn: 'Revenue' },
      { key: 'expenditureFen', name: '年度支出', nameEn: 'Expenditure' },
      { key: 'activityCount', name: '开展活动（次）', nameEn: 'Activities' },
      { key: 'beneficiaryCount', name: '服务对象（人次）', nameEn: 'Beneficiaries' },
      { key: 'staffCount', name: '从业人员', nameEn: 'Staff' },
      { key: 'summary', name: '年度工作概述', nameEn: 'Summary of the year' },
    ],
  };
})();

/** What the office does with a one-time notice not answered within its working days (per kind, in the settings). */
export const SUPPLEMENT_OVERDUE_RULES = ['lapse', 'remind'] as const;
export type SupplementOverdueRule = (typeof SUPPLEMENT_OVERDUE_RULES)[number];
export const SUPPLEMENT_OVERDUE_RULE_NAMES: Record<SupplementOverdueRule, { zh: string; en: string }> = {
  lapse: { zh: '逾期未补正的，视为撤回申请', en: 'Not corrected in time: treated as withdrawn' },
  remind: { zh: '逾期仅提醒，申请保留待补正', en: 'Not corrected in time: reminders only, the application waits' },
};

/** The templates an applicant may download before filing (办事指南), by the checklist item they serve. */
export const TEMPLATE_ITEMS = ['applicationLetter', 'charter'] as const;
export type TemplateItem = (typeof TEMPLATE_ITEMS)[number];
