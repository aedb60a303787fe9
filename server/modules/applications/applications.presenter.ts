import type { z } from 'zod';
import {
  APPLICATION_KINDS,
  APPLICATION_KIND_NAMES,
  APPLICATION_STATES,
  APPLICATION_STATE_NAMES,
  SUPPLEMENT_OVERDUE_RULE_NAMES,
  type ApplicationKind,
  type SupplementOverdueRule,
  type ZApplication,
  type ZApplicationSummary,
  type ZSla,
} from '../../../contracts/applications.js';
import type { CertificateKind, ZCertificateSummary, ZCertificateVerification } from '../../../contracts/certificates.js';
import { ORG_TYPE_NAMES, type ORG_TYPES } from '../../../contracts/org-kinds.js';
import { todayInChina } from '../../platform/calendar/calendar.js';
import { workingDaysBetweenWith, type Exceptions } from '../../platform/calendar/working-days.js';
import { toIso } from '../../platform/db/sql.js';
import type { Lang } from '../../platform/errors/messages.js';
import { labelOf } from '../../platform/http/context.js';
import { maskField } from '../../platform/pii/mask.js';
import type { CertificateContent } from './certificate-pdf.js';
import { DEFAULT_KIND_RULES } from './application-defaults.js';
import type { ApplicationSummaryRow, CertificateRow } from './applications.queries.js';
import { targetName, type NoticeAnswer } from './application-notice.js';
import type { ChecklistItem } from './application-checklists.js';

/*
 * Rows → DTOs, with names in the request's language. Pure: the use cases read (applications.queries.ts) and check
 * (applications.policy.ts); this shapes what they found.
 */

type OrgType = (typeof ORG_TYPES)[number];
type Label = { zh: string; en: string };

/** An application in a list (and the head of its detail): deadlines are counted in working days up to `today`. */
export function presentApplicationSummary(r: Omit<ApplicationSummaryRow, 'createdKey'>, left: Map<string, number>, today: string, lang: Lang): z.infer<typeof ZApplicationSummary> {
  const open = !r.closedAt;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    kindName: labelOf(APPLICATION_KIND_NAMES[r.kind], lang),
    title: r.title,
    state: r.state,
    stateName: labelOf(APPLICATION_STATE_NAMES[r.state], lang),
    outcome: r.outcome,
    townName: r.townName,
    orgId: r.orgId,
    applicantName: r.applicantName,
    submittedAt: toIso(r.submittedAt),
    promisedDueOn: r.promisedDueOn,
    dueOn: r.dueOn,
    workingDaysLeft: open && r.dueOn ? (left.get(r.dueOn) ?? null) : null,
    overdue: open && !!r.dueOn && r.dueOn < today,
    counter: r.counter,
    createdAt: toIso(r.createdAt)!,
    version: r.version,
  };
}

/** The fields a change application may change, as the diff names them (in the request's language). */
const CHANGE_LABELS: Record<string, Label> = {
  name: { zh: '名称', en: 'Name' },
  address: { zh: '住所', en: 'Domicile' },
  businessScope: { zh: '业务范围', en: 'Business scope' },
  serviceFields: { zh: '服务领域', en: 'Service fields' },
  supervisingUnitId: { zh: '业务主管单位', en: 'Supervising unit' },
  registeredCapitalFen: { zh: '注册资金（分）', en: 'Registered capital (fen)' },
  legalRepName: { zh: '法定代表人', en: 'Legal representative' },
  legalRepIdNumber: { zh: '法定代表人身份证号', en: 'Legal representative’s ID number' },
  legalRepPhone: { zh: '法定代表人电话', en: 'Legal representative’s phone' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Contact phone' },
};

/** A checklist item's name in the request's language. */
const itemLabel = (item: { name: string; nameEn: string }, lang: Lang) => labelOf({ zh: item.name, en: item.nameEn }, lang);

/**
 * The city's checklist for the kind, each item marked provided when a current material carries it; an item the city
 * has since retired shows only when this application attached it (and is no longer required).
 */
export function presentChecklist(checklist: readonly ChecklistItem[], provided: ReadonlySet<string>, lang: Lang) {
  return checklist
    .filter((i) => !i.retired || provided.has(i.key))
    .map((i) => ({ key: i.key, name: itemLabel(i, lang), required: i.required && !i.retired, provided: provided.has(i.key) }));
}

/** A change application's fields: the registry's current value and the one asked for, personal data masked. */
export function presentChangeDiff(changes: Record<string, unknown>, current: Record<string, unknown> | undefined, lang: Lang) {
  return Object.entries(changes).map(([field, after]) => ({
    field,
    label: CHANGE_LABELS[field] ? labelOf(CHANGE_LABELS[field], lang) : field,
    before: maskField(field, current?.[field] ?? null),
    after: maskField(field, after),
  }));
}

/**
 * The latest one-time notice: its items (each with its field or material named and how the applicant answered it),
 * when it went out, and — while it is open — its 补正 deadline and what happens when that passes.
 */
export function presentSupplementNotice(
  kind: ApplicationKind,
  checklist: readonly ChecklistItem[],
  items: readonly { no: number; field: string | null; material: string | null; problem: string; noticedAt: Date; explanation: string | null; answer: NoticeAnswer | null }[],
  open: { open: boolean; dueOn: string | null; workingDaysLeft: number | null; today: string; sentAt: string | null },
  rule: SupplementOverdueRule,
  lang: Lang,
): z.infer<typeof ZApplication>['supplementNotice'] {
  if (items.length === 0) return null;
  return {
    items: items.map((i) => ({ no: i.no, item: i.material, field: i.field, itemName: targetName(kind, checklist, i, lang), problem: i.problem, answer: i.answer, explanation: i.explanation })),
    sentAt: open.sentAt ?? toIso(items[0].noticedAt)!,
    open: open.open,
    dueOn: open.open ? open.dueOn : null,
    workingDaysLeft: open.open ? open.workingDaysLeft : null,
    overdue: open.open && !!open.dueOn && open.dueOn < open.today,
    overdueRule: rule,
    overdueRuleName: labelOf(SUPPLEMENT_OVERDUE_RULE_NAMES[rule], lang),
  };
}

const DECISION_STEPS: Record<string, 'approved' | 'rejected' | 'withdrawn' | 'lapsed'> = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn', lapse: 'lapsed' };

/**
 * The decision a closed application ends with, in the words of a 决定书: 准予 or 不予 the kind (and why), or the
 * withdrawal — not only "已办结".
 */
export function presentDecision(kind: ApplicationKind, steps: readonly { event: string; comment: string | null; occurredAt: string; actorName: string | null }[], lang: Lang): z.infer<typeof ZApplication>['decision'] {
  const last = [...steps].reverse().find((s) => s.event in DECISION_STEPS);
  if (!last) return null;
  const outcome = DECISION_STEPS[last.event];
  const kindName = labelOf(APPLICATION_KIND_NAMES[kind], lang);
  const words: Record<typeof outcome, Label> = {
    approved: { zh: `准予${kindName}`, en: `${kindName}: approved` },
    rejected: { zh: `不予${kindName}`, en: `${kindName}: refused` },
    withdrawn: { zh: '申请人已撤回申请', en: 'Withdrawn by the applicant' },
    lapsed: { zh: '逾期未补正，视为撤回申请', en: 'Not corrected in time: treated as withdrawn' },
  };
  const texts: Record<typeof outcome, Label> = {
    approved: { zh: `经审查，申请符合法定条件，决定准予${kindName}。`, en: 'The application meets the legal conditions and is approved.' },
    rejected: { zh: `经审查，决定不予${kindName}。申请人如对本决定不服，可依法申请行政复议或者提起行政诉讼。`, en: 'The application is refused. The applicant may apply for administrative reconsideration or bring an administrative lawsuit.' },
    withdrawn: { zh: '申请已撤回，办理终止。如需办理，请重新提交申请。', en: 'The application was withdrawn; to apply again, file a new application.' },
    lapsed: { zh: '申请人未在补正期限内补正，依规定视为撤回申请，办理终止。', en: 'The corrections were not made within the period, so the application is treated as withdrawn.' },
  };
  return { outcome, title: labelOf(words[outcome], lang), text: labelOf(texts[outcome], lang), comment: last.comment, decidedAt: last.occurredAt, decidedBy: last.actorName };
}

/** A department's opinion as the step recorded it (ZOpinionInput). */
function opinionOf(input: unknown): 'agree' | 'disagree' | null {
  const opinion = input && typeof input === 'object' && 'opinion' in input ? input.opinion : null;
  return opinion === 'agree' || opinion === 'disagree' ? opinion : null;
}

/** The joint review's departments in order, each with its opinion since the last acceptance, if it gave one. */
export function presentReviewDepartments(ids: readonly string[], opinions: readonly { departmentId: string | null; input: unknown; comment: string | null; occurredAt: Date | string }[], names: ReadonlyMap<string, string>) {
  return ids.map((id) => {
    const o = opinions.find((x) => x.departmentId === id);
    return { id, name: names.get(id) ?? id, opinion: opinionOf(o?.input), comment: o?.comment ?? null, answeredAt: o ? toIso(o.occurredAt) : null };
  });
}

/** A city's settings of a kind: the promise, the joint-review departments and each step's limit (the defaults while the city has none). */
export function presentApplicationSetting(
  kind: ApplicationKind,
  cityId: string,
  setting: { promisedDays: number; version: number; supplementOverdue: SupplementOverdueRule } | undefined,
  reviewDepartmentIds: readonly string[],
  names: ReadonlyMap<string, string>,
  stateDays: { submitted: number | null; reviewing: number | null; deciding: number | null; supplementRequested: number | null },
  checklist: { items: readonly ChecklistItem[]; isDefault: boolean },
  lang: Lang,
) {
  const rule = setting?.supplementOverdue ?? DEFAULT_KIND_RULES[kind].supplementOverdue;
  return {
    cityId,
    kind,
    kindName: labelOf(APPLICATION_KIND_NAMES[kind], lang),
    promisedDays: setting?.promisedDays ?? DEFAULT_KIND_RULES[kind].promisedDays,
    reviewDepartments: reviewDepartmentIds.map((id) => ({ id, name: names.get(id) ?? id })),
    stateDays,
    supplementOverdue: rule,
    supplementOverdueName: labelOf(SUPPLEMENT_OVERDUE_RULE_NAMES[rule], lang),
    checklist: checklist.items.map((i) => ({ key: i.key, name: i.name, nameEn: i.nameEn, required: i.required, retired: i.retired })),
    checklistIsDefault: checklist.isDefault,
    version: setting?.version ?? 1,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Service levels of "one trip at most" from the cases and reviews in the window: per kind — in progress, overdue,
 * completed, average handling time in working days and the share completed within the promise — per reviewing
 * department, and per state.
 */
export function presentServiceLevels(
  input: {
    from: string;
    to: string;
    today: string;
    cases: readonly { kind: ApplicationKind; state: string; closed: boolean; outcome: string | null; dueOn: string | null; acceptedOn: string | null; completedOn: string | null; promisedDueOn: string | null }[];
    reviews: readonly { departmentId: string; name: string; opened: string; closed: string | null; dueOn: string | null; caseOpen: boolean }[];
    exceptions: Exceptions;
    promisedDays: ReadonlyMap<string, number>;
  },
  lang: Lang,
): z.infer<typeof ZSla> {
  const { from, to, today, cases, reviews, exceptions } = input;
  const byKind = APPLICATION_KINDS.map((kind) => {
    const mine = cases.filter((c) => c.kind === kind);
    const open = mine.filter((c) => !c.closed);
    // Handling time counts decided cases (approved or rejected after acceptance), not withdrawals.
    const decided = mine.filter((c) => c.closed && c.acceptedOn && c.completedOn);
    const days = decided.map((c) => workingDaysBetweenWith(c.acceptedOn!, c.completedOn!, exceptions));
    const onTime = decided.filter((c) => c.promisedDueOn && c.completedOn! <= c.promisedDueOn).length;
    return {
      kind,
      kindName: labelOf(APPLICATION_KIND_NAMES[kind], lang),
      promisedDays: input.promisedDays.get(kind) ?? 0,
      inProgress: open.length,
      overdue: open.filter((c) => c.dueOn && c.dueOn < today).length,
      completed: mine.filter((c) => c.closed && c.outcome !== 'withdrawn').length,
      averageWorkingDays: days.length ? round1(days.reduce((a, b) => a + b, 0) / days.length) : null,
      withinPromiseShare: decided.length ? round1((onTime / decided.length) * 1000) / 1000 : null,
    };
  });

  const departments = new Map<string, { name: string; pending: number; overdue: number; answered: number; days: number[] }>();
  for (const r of reviews) {
    const d = departments.get(r.departmentId) ?? { name: r.name, pending: 0, overdue: 0, answered: 0, days: [] };
    if (r.closed) {
      d.answered += 1;
      d.days.push(workingDaysBetweenWith(r.opened, r.closed, exceptions));
    } else if (r.caseOpen) {
      d.pending += 1;
      if (r.dueOn && r.dueOn < today) d.overdue += 1;
    }
    departments.set(r.departmentId, d);
  }
  const byDepartment = [...departments.entries()]
    .map(([departmentId, d]) => ({ departmentId, departmentName: d.name, pending: d.pending, overdue: d.overdue, answered: d.answered, averageWorkingDays: d.days.length ? round1(d.days.reduce((a, b) => a + b, 0) / d.days.length) : null }))
    .sort((a, b) => b.pending + b.answered - (a.pending + a.answered));

  const byState = APPLICATION_STATES.filter((s) => s !== 'draft').map((state) => ({ state, stateName: labelOf(APPLICATION_STATE_NAMES[state], lang), count: cases.filter((c) => c.state === state).length }));
  return { from, to, today, byKind, byDepartment, byState };
}

// Certificates.

const CERTIFICATE_TITLES: Record<OrgType, string> = {
  association: '社会团体法人登记证书',
  serviceAgency: '社会服务机构登记证书',
  foundation: '基金会法人登记证书',
  communityOrg: '社区社会组织登记证书',
};

/** The certificate's title: a filing's proof, or the registration certificate of the org's type. */
export const certificateTitle = (kind: CertificateKind, type: OrgType) => (kind === 'filing' ? '社区社会组织备案证明' : CERTIFICATE_TITLES[type]);

const statusOf = (c: CertificateRow) => (c.revokedAt ? ('revoked' as const) : ('current' as const));

export function presentCertificateSummary(cert: CertificateRow): z.infer<typeof ZCertificateSummary> {
  return {
    kind: cert.kind,
    serial: cert.serial,
    serialText: cert.serialText,
    status: statusOf(cert),
    issuedAt: toIso(cert.issuedAt)!,
    revokedAt: toIso(cert.revokedAt),
    verifyPath: `/verify/${cert.verifyToken}`,
    pdfPath: `/api/v1/applications/${cert.caseId}/certificate.pdf`,
  };
}

/** What a verification shows: valid while the certificate is current and its organization active (or changing). */
export function presentCertificateVerification(
  found: { cert: CertificateRow; orgName: string; creditCode: string | null; orgType: OrgType; orgStatus: string },
  /** The city's registration authority (its civil affairs bureau, as the city's settings name it). */
  issuingAuthority: string,
  lang: Lang,
): z.infer<typeof ZCertificateVerification> {
  const status = statusOf(found.cert);
  return {
    valid: status === 'current' && (found.orgStatus === 'active' || found.orgStatus === 'changing'),
    status,
    kind: found.cert.kind,
    orgName: found.orgName,
    creditCode: found.creditCode,
    type: found.orgType,
    typeName: labelOf(ORG_TYPE_NAMES[found.orgType], lang),
    issuingAuthority,
    issuedAt: toIso(found.cert.issuedAt)!,
    revokedAt: toIso(found.cert.revokedAt),
    serial: found.cert.serial,
    serialText: found.cert.serialText,
  };
}

/** Everything the PDF prints, in words; dates are China's calendar days. */
export function presentCertificateContent(
  cert: CertificateRow,
  org: { name: string; creditCode: string | null; type: OrgType; address: string; legalRepName: string; businessScope: string; registeredCapitalFen: number | string; supervisor: string | null },
  issuingAuthority: string,
  verifyUrl: string,
): CertificateContent {
  const issuedAt = new Date(cert.issuedAt);
  return {
    title: certificateTitle(cert.kind, org.type),
    serialText: cert.serialText,
    orgName: org.name,
    creditCode: org.creditCode,
    typeName: ORG_TYPE_NAMES[org.type].zh,
    address: org.address,
    representativeLabel: cert.kind === 'filing' ? '负　责　人' : '法定代表人',
    representativeName: org.legalRepName,
    businessScope: org.businessScope,
    supervisingUnit: org.supervisor,
    registeredCapitalFen: Number(org.registeredCapitalFen),
    issuingAuthority,
    issuedOn: todayInChina(issuedAt.getTime()),
    issuedAt,
    verifyUrl,
    revoked: cert.revokedAt ? { on: todayInChina(new Date(cert.revokedAt).getTime()), reason: cert.revokeReason ?? '' } : null,
  };
}

/** The PDF's file name: the org, the title, and 已注销 on a revoked one. */
export const certificateFileName = (orgName: string, title: string, revoked: boolean) => `${orgName}-${title}${revoked ? '（已注销）' : ''}.pdf`;
