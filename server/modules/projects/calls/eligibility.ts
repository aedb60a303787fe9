import { sql } from 'drizzle-orm';
import { formatYuan } from '../../../../contracts/money.js';
import type { EligibilityRuleKind } from '../../../../contracts/projects/calls.js';
import { todayInChina } from '../../../platform/calendar/calendar.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { rows } from '../../../platform/db/sql.js';

export interface RuleResult {
  code: string;
  kind: EligibilityRuleKind;
  description: string;
  passed: boolean;
  reason: string | null;
}

interface OrgFacts {
  id: string;
  name: string;
  status: string;
  founded_on: string;
  grade: string | null;
  grade_valid_until: string | null;
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
 * Checks an organization against the active eligibility rules for a project of `budgetFen`, rule by rule,
 * so the applicant sees which rule fails and why. Rule kinds are code; their parameters are data.
 */
export async function checkEligibility(db: DbOrTx, orgId: string, budgetFen: number, today = todayInChina()): Promise<{ org: OrgFacts; eligible: boolean; rules: RuleResult[] } | null> {
  const [org] = await rows<OrgFacts>(db, sql`select id, name, status, founded_on::text as founded_on, grade, grade_valid_until::text as grade_valid_until from org_directory where id = ${orgId}`);
  if (!org) return null;
  const rules = await rows<{ code: string; kind: EligibilityRuleKind; params: Record<string, unknown>; description: string }>(
    db,
    sql`select code, kind, params, description from eligibility_rules where active order by sort_order, code`,
  );
  const results: RuleResult[] = [];
  for (const r of rules) {
    let reason: string | null = null;
    switch (r.kind) {
      case 'activeStatus':
        if (org.status !== 'active') reason = `组织状态为“${STATUS_NAMES[org.status] ?? org.status}”，须为正常状态`;
        break;
      case 'minYearsRegistered': {
        const years = Number(r.params.years ?? 1);
        const latest = yearsBefore(today, years);
        if (org.founded_on > latest) reason = `成立于 ${org.founded_on}，登记不满 ${years} 年（须在 ${latest} 或之前成立）`;
        break;
      }
      case 'minGradeAboveAmount': {
        const above = Number(r.params.amountFen ?? 0);
        // The params were validated on write (contracts/project-settings.ts): grade is one of '1A'…'5A'.
        const grade = typeof r.params.grade === 'string' ? r.params.grade : '3A';
        if (budgetFen > above) {
          const valid = org.grade && (!org.grade_valid_until || org.grade_valid_until >= today);
          if (!valid || GRADE_RANK[org.grade!] < GRADE_RANK[grade]) {
            const has = org.grade ? (valid ? `评估等级为 ${org.grade}` : `评估等级 ${org.grade} 已于 ${org.grade_valid_until} 到期`) : '尚未参加等级评估';
            reason = `项目预算 ${formatYuan(budgetFen)} 元，超过 ${formatYuan(above)} 元的须评估等级达到 ${grade} 及以上；该组织${has}`;
          }
        }
        break;
      }
      case 'notOnBadCreditList': {
        const [listed] = await rows<{ reason: string; listed_on: string; lifted_on: string | null }>(
          db,
          sql`select reason, listed_on::text as listed_on, lifted_on::text as lifted_on from credit_blacklist
              where org_id = ${orgId} and listed_on <= ${today} and (lifted_on is null or lifted_on > ${today}) order by listed_on desc limit 1`,
        );
        if (listed) reason = `自 ${listed.listed_on} 起列入失信名单${listed.lifted_on ? `（至 ${listed.lifted_on}）` : ''}：${listed.reason}`;
        break;
      }
      case 'noFailedEvaluation': {
        // A project evaluated as failed keeps the provider out of new calls for a while.
        const years = Number(r.params.years ?? 2);
        const since = yearsBefore(today, years);
        const [failed] = await rows<{ number: string; evaluated_on: string }>(
          db,
          sql`select c.number, e.evaluated_on::text from project_evaluations e join cases c on c.id = e.project_id
              where e.provider_org_id = ${orgId} and e.grade = 'fail' and e.evaluated_on > ${since} order by e.evaluated_on desc limit 1`,
        );
        if (failed) reason = `承接的项目 ${failed.number} 于 ${failed.evaluated_on} 终期评估不合格（${years} 年内不得申报）`;
        break;
      }
    }
    results.push({ code: r.code, kind: r.kind, description: r.description, passed: reason === null, reason });
  }
  return { org, eligible: results.every((r) => r.passed), rules: results };
}
