import { ROTATION_RULE_DEFS, type RotationRule } from '../../../contracts/rotation';
import { ROTATION_ROLE_NAMES, type ResourceKind, type RotationRole } from '../../../contracts/workforce';

export const SEASON_ZH = ['', '第一季度', '第二季度', '第三季度', '第四季度'];
export const SEASON_EN = ['', 'Q1', 'Q2', 'Q3', 'Q4'];
export const seasonName = (s: number, lang: 'zh' | 'en') => (lang === 'zh' ? SEASON_ZH[s] : SEASON_EN[s]);
export const roleName = (r: RotationRole, lang: 'zh' | 'en') => ROTATION_ROLE_NAMES[r][lang];
export const ruleName = (r: RotationRule, lang: 'zh' | 'en') => ROTATION_RULE_DEFS[r][lang];
export const KIND_NAMES: Record<ResourceKind, { zh: string; en: string; short: string }> = {
  org: { zh: '社会组织', en: 'Organization', short: '组' },
  socialWorker: { zh: '专业社工', en: 'Social worker', short: '社' },
  certifiedEmployee: { zh: '持证人员', en: 'Certified employee', short: '证' },
};
export const KIND_COLORS: Record<ResourceKind, string> = { org: 'blue', socialWorker: 'green', certifiedEmployee: 'purple' };
export const STATUS_COLORS: Record<string, string> = { optimal: 'success', timeLimit: 'warning', infeasible: 'error' };
