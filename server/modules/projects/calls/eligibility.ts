import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { formatYuan } from '../../../../contracts/money.js';
import type { EligibilityRuleKind } from '../../../../contracts/projects/calls.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { cases } from '../../../platform/cases/cases.tables.js';
import { orgDirectory } from '../../orgs/index.js';
import { creditBlacklist, eligibilityRules, projectEvaluations } from '../projects.tables.js';

export interface RuleResult {
  code: string;
  kind: EligibilityRuleKind;
  description: string;
  passed: boolean;
  reason: string | null;
}


const GRADE_RANK: Record<string, number> = { '1A': 1, '2A': 2, '3A': 3, '4A': 4, '5A': 5 };
const STATUS_NAMES: Record<string, string> = { active: '正常', changing: '变更中', deregistered: '已注销', revoked: '已撤销登记' };

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `date` minus whole years, keeping the day (29 February becomes 28 February when that year has none). */
function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 && !isLeapYear(y - years) ? 28 : d;
  return `${y - years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Checks an organization against the active eligibility rules of the project's city (each city keeps its own,
 * issue 16 §3) for a project of `budgetFen`, rule by rule, so the applicant sees which rule fails and why. Rule
 * kinds are code; their parameters are data.
 */
export async function checkEligibility(db: DbOrTx, cityId: string, orgId: string, budgetFen: number, today = todayInChina()): Promise<{ org: { id: string; name: string }; eligible: boolean; rules: RuleResult[] } | null> {
  const [org] = await db
    .select({ id: orgDirectory.id, name: orgDirectory.name, status: orgDirectory.status, foundedOn: orgDirectory.foundedOn, grade: orgDirectory.grade, gradeValidUntil: orgDirectory.gradeValidUntil })
    .from(orgDirectory)
    .where(eq(orgDirectory.id, orgId));
  if (!org) return null;
  const rules = await db
    .select({ code: eligibilityRules.code, kind: eligibilityRules.kind, params: eligibilityRules.params, description: eligibilityRules.description })
    .from(eligibilityRules)
    .where(and(eq(eligibilityRules.cityId, cityId), eq(eligibilityRules.active, true)))
    .orderBy(eligibilityRules.sortOrder, eligibilityRules.code);
  const results: RuleResult[] = [];
  for (const rule of rules) {
    // The params were validated on write against the rule's kind (contracts/project-settings.ts).
    const r = { ...rule, params: rule.params as Record<string, unknown> };
    let reason: string | null = null;
    switch (r.kind) {
      case 'activeStatus':
        if (org.status !== 'active') reason = `组织状态为“${STATUS_NAMES[org.status] ?? org.status}”，须为正常状态`;
        break;
      case 'minYearsRegistered': {
        const years = Number(r.params.years ?? 1);
        const latest = yearsBefore(today, years);
        if (org.foundedOn > latest) reason = `成立于 ${org.foundedOn}，登记不满 ${years} 年（须在 ${latest} 或之前成立）`;
        break;
      }
      case 'minGradeAboveAmount': {
        const above = Number(r.params.amountFen ?? 0);
        // The params were validated on write (contracts/project-settings.ts): grade is one of '1A'…'5A'.
        const grade = typeof r.params.grade === 'string' ? r.params.grade : '3A';
        if (budgetFen > above) {
          const valid = org.grade && (!org.gradeValidUntil || org.gradeValidUntil >= today);
          if (!valid || GRADE_RANK[org.grade!] < GRADE_RANK[grade]) {
            const has = org.grade ? (valid ? `评估等级为 ${org.grade}` : `评估等级 ${org.grade} 已于 ${org.gradeValidUntil} 到期`) : '尚未参加等级评估';
            reason = `项目预算 ${formatYuan(budgetFen)} 元，超过 ${formatYuan(above)} 元的须评估等级达到 ${grade} 及以上；该组织${has}`;
          }
        }
        break;
      }
      case 'notOnBadCreditList': {
        const [listed] = await db
          .select({ reason: creditBlacklist.reason, listedOn: creditBlacklist.listedOn, liftedOn: creditBlacklist.liftedOn })
          .from(creditBlacklist)
          .where(and(eq(creditBlacklist.orgId, orgId), lte(creditBlacklist.listedOn, today), or(isNull(creditBlacklist.liftedOn), gt(creditBlacklist.liftedOn, today))))
          .orderBy(desc(creditBlacklist.listedOn))
          .limit(1);
        if (listed) reason = `自 ${listed.listedOn} 起列入失信名单${listed.liftedOn ? `（至 ${listed.liftedOn}）` : ''}：${listed.reason}`;
        break;
      }
      case 'noFailedEvaluation': {
        // A project evaluated as failed keeps the provider out of new calls for a while.
        const years = Number(r.params.years ?? 2);
        const since = yearsBefore(today, years);
        const [failed] = await db
          .select({ number: cases.number, evaluatedOn: projectEvaluations.evaluatedOn })
          .from(projectEvaluations)
          .innerJoin(cases, eq(cases.id, projectEvaluations.projectId))
          .where(and(eq(projectEvaluations.providerOrgId, orgId), eq(projectEvaluations.grade, 'fail'), gt(projectEvaluations.evaluatedOn, since)))
          .orderBy(desc(projectEvaluations.evaluatedOn))
          .limit(1);
        if (failed) reason = `承接的项目 ${failed.number} 于 ${failed.evaluatedOn} 终期评估不合格（${years} 年内不得申报）`;
        break;
      }
    }
    results.push({ code: r.code, kind: r.kind, description: r.description, passed: reason === null, reason });
  }
  return { org, eligible: results.every((r) => r.passed), rules: results };
}
