import { createHash } from 'node:crypto';
import { assertFen, formatYuan, type Fen } from '../../../contracts/money.js';
import { EVALUATION_GRADE_NAMES } from '../../../contracts/projects/evaluation.js';
import { MILESTONE_CONDITION_NAMES } from '../../../contracts/projects/delivery.js';
import { PROCUREMENT_METHOD_NAMES } from '../../../contracts/projects/lifecycle.js';
import type { ReleasedOrg, ReleasedProject, ReleasedStep } from '../projects/index.js';

/**
 * A purchased service project as an OCDS 1.1.5 release: the project's current state, compiled from what
 * the projects module publishes (projectsForRelease; docs/opendata.md explains each field). Pure: projects reads, this maps.
 */

/** The pagination extension: it adds `links` (next page) to packages. */
export const PAGINATION_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json';
export const OCDS_VERSION = '1.1';
export const DEPARTMENT_SCHEME = 'X-SHEZHI-DEPT';
export const ORG_SCHEME = 'X-SHEZHI-ORG';
export const CREDIT_CODE_SCHEME = 'CN-USCI';

// What the projects module publishes of a project (projectsForRelease), under the names this mapping uses.
export type OcdsStep = ReleasedStep;
export type OcdsOrg = ReleasedOrg;
export type OcdsProject = ReleasedProject;

export interface OcdsOfficeParty {
  id: string;
  name: string;
  identifier: OcdsIdentifier;
}

export interface OcdsContext {
  /** OCDS_PREFIX, e.g. ocds-shezhi. */
  prefix: string;
  /** The division code of the project's city (330481): each city publishes under its own ocids. */
  cityCode: string;
  /** The project's city's office: procuring entity and payer. */
  office: OcdsOfficeParty;
  orgs: ReadonlyMap<string, OcdsOrg>;
}

export interface OcdsValue {
  amount: number;
  currency: 'CNY';
}
export interface OcdsIdentifier {
  scheme: string;
  id: string;
  legalName: string;
}
export interface OcdsReference {
  id: string;
  name: string;
}
export interface OcdsParty extends OcdsReference {
  identifier: OcdsIdentifier;
  roles: string[];
}
export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
}
export interface OcdsMilestone {
  id: string;
  title: string;
  type: string;
  code?: string;
  description?: string;
  dueDate?: string;
  dateMet?: string;
  dateModified?: string;
  status: 'scheduled' | 'met' | 'notMet' | 'partiallyMet';
}
export interface OcdsDocument {
  id: string;
  documentType: string;
  title: string;
  description: string;
  datePublished?: string;
  language: string;
}
export interface OcdsTransaction {
  id: string;
  date: string;
  value: OcdsValue;
  payer: OcdsReference;
  payee: OcdsReference;
}
export interface OcdsTender {
  id: string;
  title: string;
  description: string;
  status: 'planning' | 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete' | 'withdrawn';
  procuringEntity: OcdsReference;
  value: OcdsValue;
  mainProcurementCategory: 'services';
  procurementMethod?: 'open' | 'selective' | 'limited' | 'direct';
  procurementMethodDetails?: string;
  awardCriteria?: string;
  awardCriteriaDetails?: string;
  submissionMethod?: string[];
  submissionMethodDetails?: string;
  tenderPeriod?: OcdsPeriod;
  awardPeriod?: OcdsPeriod;
  numberOfTenderers?: number;
  tenderers?: OcdsReference[];
  documents?: OcdsDocument[];
}
export interface OcdsAward {
  id: string;
  title: string;
  description?: string;
  status: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  date: string;
  value: OcdsValue;
  suppliers: OcdsReference[];
}
export interface OcdsContract {
  id: string;
  awardID: string;
  title: string;
  status: 'pending' | 'active' | 'cancelled' | 'terminated';
  period: OcdsPeriod;
  value: OcdsValue;
  dateSigned: string;
  milestones: OcdsMilestone[];
  implementation?: { transactions?: OcdsTransaction[]; milestones?: OcdsMilestone[] };
}
export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  language: 'zh';
  parties: OcdsParty[];
  buyer: OcdsReference;
  planning: { rationale: string; budget: { id?: string; description?: string; project?: string; amount: OcdsValue }; milestones?: OcdsMilestone[] };
  tender: OcdsTender;
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
}

/** Below 10^15 fen (10 trillion yuan) an amount has at most 15 significant digits, which a double keeps exactly. */
export const MAX_EXACT_FEN = 999_999_999_999_999;

/**
 * Integer fen → yuan as a JSON number, through the decimal text: 4500000 → 45000, 123 → 1.23. The number
 * is the double nearest the exact amount, so JSON.stringify writes exactly the yuan digits (never
 * 1.2300000000000002); it never passes through float arithmetic. Larger amounts (none in our data: a
 * budget is at most 10^11 fen) would lose digits, so they are refused.
 */
export function fenToYuan(fen: Fen): number {
  assertFen(fen);
  if (Math.abs(fen) > MAX_EXACT_FEN) throw new RangeError(`${fen} fen has more digits than a JSON number keeps exactly`);
  return Number(formatYuan(fen, { grouping: false }));
}

export const cny = (fen: Fen): OcdsValue => ({ amount: fenToYuan(fen), currency: 'CNY' });

/** A calendar day in China (UTC+8, no daylight saving) as an OCDS date-time at its start or end. */
export const chinaDay = (day: string, end = false) => `${day}T${end ? '23:59:59' : '00:00:00'}+08:00`;

/**
 * A project's ocid: the prefix, its city's division code and its case number (ocds-shezhi-330481-XM202600001).
 * Each city of an installation publishes its own contracting processes (issue 16 §3), and the code says whose a
 * process is wherever the ocid travels; case numbers are unique in the installation, so the number alone still
 * names one project.
 */
export const ocidOf = (prefix: string, cityCode: string, caseNumber: string) => `${prefix}-${cityCode}-${caseNumber}`;

/**
 * What an ocid of this publisher names: its city's code and the case number; null if the ocid is not ours. Ocids
 * published before cities had no city code (ocds-shezhi-XM202600001): they still name their project, with no city
 * to check (`cityCode` null), so links already out keep working.
 */
export function parseOcid(prefix: string, ocid: string): { cityCode: string | null; number: string } | null {
  if (!ocid.startsWith(`${prefix}-`)) return null;
  const parts = /^(?:(\d{6})-)?([A-Z]{1,8}\d{4,20})$/.exec(ocid.slice(prefix.length + 1));
  return parts ? { cityCode: parts[1] ?? null, number: parts[2] } : null;
}

/** An organization's party id: its unified social credit code when it has one (org-id.guide CN-USCI). */
export function orgParty(org: OcdsOrg): { id: string; name: string; identifier: OcdsIdentifier } {
  if (org.creditCode) return { id: `${CREDIT_CODE_SCHEME}-${org.creditCode}`, name: org.name, identifier: { scheme: CREDIT_CODE_SCHEME, id: org.creditCode, legalName: org.name } };
  // A filed community organization may have no credit code: our own scheme with the registry's id.
  return { id: `${ORG_SCHEME}-${org.id}`, name: org.name, identifier: { scheme: ORG_SCHEME, id: org.id, legalName: org.name } };
}

/** A department's party id: departments carry no credit code in our data, so our own scheme with its id. */
export function departmentParty(id: string, name: string): { id: string; name: string; identifier: OcdsIdentifier } {
  return { id: `${DEPARTMENT_SCHEME}-${id}`, name, identifier: { scheme: DEPARTMENT_SCHEME, id, legalName: name } };
}

class Parties {
  private readonly byId = new Map<string, OcdsParty>();
  add(party: { id: string; name: string; identifier: OcdsIdentifier }, role: string): OcdsReference {
    const known = this.byId.get(party.id);
    if (known) {
      if (!known.roles.includes(role)) known.roles.push(role);
    } else {
      this.byId.set(party.id, { id: party.id, name: party.name, identifier: party.identifier, roles: [role] });
    }
    return { id: party.id, name: party.name };
  }
  list(): OcdsParty[] {
    return [...this.byId.values()];
  }
}

/** The release tag: the stage the project has reached (one tag; the release carries every earlier section too). */
export function tagOf(p: OcdsProject): string {
  switch (p.state) {
    case 'planned':
      return 'planning';
    case 'calling':
    case 'procuring':
      return 'tender';
    case 'noticing':
    case 'awarded':
      return 'award';
    case 'implementing':
      return p.payments.length ? 'implementation' : 'contract';
    case 'evaluating':
    case 'closing':
      return 'implementation';
    case 'closed':
      return 'contractTermination';
    default:
      // cancelled (drafts, proposals and rejections are never published)
      if (p.contract) return 'contractTermination';
      if (p.awardedBidId || p.recommendedBidId) return 'awardCancellation';
      return 'tenderCancellation';
  }
}

function tenderStatus(p: OcdsProject): OcdsTender['status'] {
  switch (p.state) {
    case 'planned':
      return 'planned';
    case 'calling':
    case 'procuring':
    case 'noticing':
      return 'active';
    case 'cancelled':
      return p.awardedBidId ? 'complete' : 'cancelled';
    default:
      return 'complete';
  }
}

const lastStep = (p: OcdsProject, event: string) => p.steps.filter((s) => s.event === event).at(-1)?.at;

/** The release's id: the ocid and a digest of its content, so a new id whenever anything public changes. */
function releaseId(ocid: string, body: Omit<OcdsRelease, 'id' | 'ocid'>): string {
  return `${ocid}-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16)}`;
}

export function compileRelease(p: OcdsProject, ctx: OcdsContext): OcdsRelease {
  const ocid = ocidOf(ctx.prefix, ctx.cityCode, p.number);
  const parties = new Parties();
  const buyer = parties.add(departmentParty(p.department.id, p.department.name), 'buyer');
  const office = parties.add(ctx.office, 'procuringEntity');
  const org = (id: string) => ctx.orgs.get(id) ?? { id, name: '', creditCode: null };
  const ended = p.state === 'closed' || p.state === 'cancelled';
  const endedAt = lastStep(p, 'close') ?? lastStep(p, 'terminate') ?? lastStep(p, 'cancel');

  // The winner first, then the others in the order they bid; names and credit codes only.
  const winnerBidId = p.awardedBidId ?? p.recommendedBidId;
  const bids = [...p.bids].sort((a, b) => Number(b.id === winnerBidId) - Number(a.id === winnerBidId));
  const supplierOrgId = p.contract?.providerOrgId ?? bids.find((b) => b.id === winnerBidId)?.orgId ?? null;
  if (supplierOrgId) parties.add(orgParty(org(supplierOrgId)), 'supplier');
  const tenderers = bids.map((b) => parties.add(orgParty(org(b.orgId)), 'tenderer'));

  const approvedAt = lastStep(p, 'approve');
  const towns = p.townNames.length ? p.townNames.join('、') : '全市';
  const planning: OcdsRelease['planning'] = {
    rationale: `123X 项目清单：${p.categoryName}；服务对象：${p.targetGroups.join('、')}；服务范围：${towns}`,
    budget: {
      ...(p.fund.lineId ? { id: p.fund.lineId } : {}),
      ...(p.fund.lineName ? { description: p.fund.lineName } : {}),
      ...(p.fund.name ? { project: p.fund.name } : {}),
      amount: cny(p.budgetFen),
    },
    ...(approvedAt ? { milestones: [{ id: 'approval', title: '批准立项（列入年度计划）', type: 'approval', status: 'met' as const, dateMet: approvedAt }] } : {}),
  };

  const tender: OcdsTender = {
    id: p.number,
    title: p.title,
    description: p.summary,
    status: tenderStatus(p),
    procuringEntity: office,
    value: cny(p.budgetFen),
    mainProcurementCategory: 'services',
  };
  // Dates of acts come from the case history (the audited timeline), the detail columns being the fallback.
  const publishedAt = p.steps.filter((s) => s.event === 'publishCall' || s.event === 'reopenCall').at(-1)?.at ?? p.callPublishedAt;
  if (p.procurementMethod && publishedAt) {
    tender.procurementMethod = PROCUREMENT_METHOD_NAMES[p.procurementMethod].ocds;
    tender.procurementMethodDetails = PROCUREMENT_METHOD_NAMES[p.procurementMethod].zh;
    tender.awardCriteria = 'ratedCriteria';
    tender.awardCriteriaDetails = p.rubric?.length
      ? `专家评审：${p.rubric.map((c) => `${c.name} ${c.maxPoints} 分`).join('、')}；平均分最高者为中标候选人（同分时报价低者、申报早者优先），经公示后确定。`
      : '专家按评审标准评分，平均分最高者为中标候选人，经公示后确定。';
    tender.submissionMethod = ['electronicSubmission'];
    tender.submissionMethodDetails = '通过社治通平台在线申报（服务方案、预算与团队）';
    tender.tenderPeriod = { startDate: publishedAt, ...(p.callDeadline ? { endDate: chinaDay(p.callDeadline, true) } : {}) };
    if (p.callNotice) tender.documents = [{ id: 'call-notice', documentType: 'tenderNotice', title: '申报公告', description: p.callNotice, datePublished: publishedAt, language: 'zh' }];
  }
  if (p.noticeStartsOn && p.noticeEndsOn) tender.awardPeriod = { startDate: chinaDay(p.noticeStartsOn), endDate: chinaDay(p.noticeEndsOn, true) };
  // Sealed while the call is open: the loader returns bids only after the call closed, and only then is the count shown.
  if (p.steps.some((s) => s.event === 'closeCall')) {
    tender.numberOfTenderers = tenderers.length;
    tender.tenderers = tenderers;
  }

  const release: Omit<OcdsRelease, 'id' | 'ocid'> = {
    date: p.modified,
    tag: [tagOf(p)],
    initiationType: 'tender',
    language: 'zh',
    parties: [],
    buyer,
    planning,
    tender,
  };

  const winner = bids.find((b) => b.id === winnerBidId);
  let award: OcdsAward | null = null;
  if (winner && supplierOrgId) {
    const status: OcdsAward['status'] = p.state === 'cancelled' && !p.contract ? 'cancelled' : p.awardedBidId ? 'active' : 'pending';
    award = {
      id: `${p.number}-award-${winner.id.slice(0, 8)}`,
      title: `${p.title}中标（成交）结果`,
      ...(p.noticeStartsOn && p.noticeEndsOn ? { description: `中标候选人公示期 ${p.noticeStartsOn} 至 ${p.noticeEndsOn}` } : {}),
      status,
      date: (p.awardedBidId ? (lastStep(p, 'award') ?? p.awardedAt) : lastStep(p, 'recommend')) ?? p.modified,
      value: cny(winner.totalFen),
      suppliers: [{ id: orgParty(org(supplierOrgId)).id, name: org(supplierOrgId).name }],
    };
    release.awards = [award];
  }

  if (p.contract && award) {
    const k = p.contract;
    const supplier = { id: orgParty(org(k.providerOrgId)).id, name: org(k.providerOrgId).name };
    const transactions = p.payments.map((m): OcdsTransaction => ({ id: m.id, date: m.at, value: cny(m.amountFen), payer: office, payee: supplier }));
    if (transactions.length) {
      parties.add(ctx.office, 'payer');
      parties.add(orgParty(org(k.providerOrgId)), 'payee');
    }
    const implementationMilestones: OcdsMilestone[] = [];
    const reportedAt = lastStep(p, 'submitFinalReport');
    if (reportedAt) implementationMilestones.push({ id: 'final-report', title: '提交终期报告', type: 'reporting', status: 'met', dateMet: reportedAt });
    if (p.evaluation) {
      implementationMilestones.push({
        id: 'final-evaluation',
        title: '终期评估',
        type: 'assessment',
        description: `评估等级：${EVALUATION_GRADE_NAMES[p.evaluation.grade].zh}`,
        status: 'met',
        dateMet: lastStep(p, 'evaluate') ?? chinaDay(p.evaluation.evaluatedOn),
      });
    }
    release.contracts = [
      {
        id: k.number,
        awardID: award.id,
        title: `${p.title}服务合同`,
        status: ended ? 'terminated' : 'active',
        period: { startDate: chinaDay(k.startOn), endDate: chinaDay(k.endOn, true) },
        value: cny(k.valueFen),
        dateSigned: chinaDay(k.signedOn),
        // The payment schedule: each instalment paid once its condition holds; a payment the ledger made is met.
        milestones: p.milestones.map((m): OcdsMilestone => {
          const base = { id: m.id, title: m.name, type: 'payment', code: m.condition, description: `${MILESTONE_CONDITION_NAMES[m.condition].zh}后支付 ${formatYuan(m.amountFen)} 元`, dueDate: chinaDay(m.dueOn) };
          if (m.paidAt) return { ...base, status: 'met', dateMet: m.paidAt };
          // Closed or terminated without it: a failed evaluation forfeits the final payment; a termination the rest.
          if (ended) return { ...base, status: 'notMet', ...(endedAt ? { dateModified: endedAt } : {}) };
          return { ...base, status: 'scheduled' };
        }),
        ...(transactions.length || implementationMilestones.length
          ? { implementation: { ...(transactions.length ? { transactions } : {}), ...(implementationMilestones.length ? { milestones: implementationMilestones } : {}) } }
          : {}),
      },
    ];
  }

  release.parties = parties.list();
  return { ocid, id: releaseId(ocid, release), ...release };
}

/** A record's compiled release: with one release per project, the same content tagged `compiled`. */
export function compiledOf(release: OcdsRelease): OcdsRelease {
  return { ...release, id: `${release.id}-compiled`, tag: ['compiled'] };
}
