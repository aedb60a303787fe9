import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { APPLICATION_KIND_NAMES, APPLICATION_STATE_NAMES, CHECKLISTS, type ApplicationKind, type ApplicationState } from '../../../contracts/applications.js';
import { ORG_TYPE_NAMES } from '../../../contracts/org-kinds.js';
import { EVALUATION_GRADE_NAMES, type EvaluationGrade } from '../../../contracts/projects/evaluation.js';
import { MEETING_KIND_NAMES } from '../../../contracts/meetings.js';
import { MILESTONE_CONDITION_NAMES, type MilestoneCondition } from '../../../contracts/projects/delivery.js';
import { PROCUREMENT_METHOD_NAMES, PROJECT_STATE_NAMES, type ProcurementMethod, type ProjectState } from '../../../contracts/projects/lifecycle.js';
import { SUPERVISION_KIND_NAMES, SUPERVISION_RESULT_NAMES } from '../../../contracts/projects/supervision.js';
import { ROLE_NAMES, type Role } from '../../../contracts/roles.js';
import { caseTypeOf } from '../cases/define.js';
import { rows } from '../db/sql.js';
import type { Lang } from '../errors/messages.js';
import { call, useTestApp, type Session } from '../../test/harness.js';

/**
 * Issue 14 §1: every label a response carries for people to read follows the request's language —
 * English with `Accept-Language: en`, Chinese otherwise. Each endpoint is read both ways and its labels
 * compared, value by value, with the names the contracts declare.
 */
const ctx = useTestApp('admin', 'dudao1');
const app = () => ctx.t.app;
const LANGS: [Lang, Record<string, string>][] = [
  ['zh', {}],
  ['en', { 'accept-language': 'en-US,en;q=0.9' }],
];

async function get<T>(session: Session | null, url: string, headers: Record<string, string>): Promise<T> {
  const res = await call(app(), session, 'GET', url, undefined, headers);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

interface CaseStep {
  event: string;
  eventName: string;
  toState: string;
  toStateName: string;
  actingRole: string | null;
  actingRoleName: string | null;
}
interface CaseFile {
  caseType: string;
  caseTypeName: string;
  state: string;
  stateName: string;
  steps: CaseStep[];
  abilities: { events: { event: string; name: string }[] };
}

/** Every label in a case file against the case type's declaration. */
function expectCaseLabels(c: CaseFile, lang: Lang) {
  const def = caseTypeOf(c.caseType);
  expect(c.caseTypeName).toBe(def.names[lang]);
  expect(c.stateName).toBe(def.stateNames[c.state][lang]);
  expect(c.steps.length).toBeGreaterThan(1);
  expect(c.steps[0]).toMatchObject({ event: 'create', eventName: lang === 'en' ? 'Created' : '创建' });
  for (const s of c.steps.slice(1)) {
    expect(s.eventName).toBe(def.transitions.find((t) => t.event === s.event)!.names[lang]);
    expect(s.toStateName).toBe(def.stateNames[s.toState][lang]);
    expect(s.actingRoleName).toBe(s.actingRole ? ROLE_NAMES[s.actingRole as Role][lang] : null);
  }
  expect(c.steps.some((s) => s.actingRole)).toBe(true);
  for (const e of c.abilities.events) expect(e.name).toBe(def.transitions.find((t) => t.event === e.event)!.names[lang]);
}

describe('labels follow the request language', () => {
  it('projects: the list, a project file with its case, the case file itself', async () => {
    for (const [lang, headers] of LANGS) {
      const list = await get<{ items: { id: string; state: ProjectState; stateName: string }[] }>(ctx.as.admin, '/api/v1/projects?limit=100', headers);
      expect(list.items.length).toBeGreaterThan(10);
      for (const p of list.items) expect(p.stateName).toBe(PROJECT_STATE_NAMES[p.state][lang]);

      // A project that went through procurement: its method, and a case file with a long history.
      const [{ id }] = await rows<{ id: string }>(app().database.db, sql`select case_id as id from service_projects where procurement_method = 'publicTender' order by case_id limit 1`);
      const project = await get<{ state: ProjectState; stateName: string; procurementMethod: ProcurementMethod; procurementMethodName: string; case: CaseFile }>(ctx.as.admin, `/api/v1/projects/${id}`, headers);
      expect(project.stateName).toBe(PROJECT_STATE_NAMES[project.state][lang]);
      expect(project.procurementMethodName).toBe(lang === 'en' ? 'Open tender' : '公开招标');
      expectCaseLabels(project.case, lang);
      expect(project.case.caseTypeName).toBe(lang === 'en' ? 'Purchased service project' : '政府购买服务项目');

      expectCaseLabels(await get<CaseFile>(ctx.as.admin, `/api/v1/cases/${id}`, headers), lang);
    }
  });

  it('a delivered project: its payment conditions, supervision visits and evaluation grade', async () => {
    const [{ id }] = await rows<{ id: string }>(
      app().database.db,
      sql`select e.project_id as id from project_evaluations e where exists (select 1 from supervision_visits v where v.project_id = e.project_id) order by e.project_id limit 1`,
    );
    for (const [lang, headers] of LANGS) {
      const contract = await get<{ milestones: { condition: MilestoneCondition; conditionName: string }[] }>(ctx.as.admin, `/api/v1/projects/${id}/contract`, headers);
      expect(contract.milestones.find((m) => m.condition === 'finalEvaluation')?.conditionName).toBe(lang === 'en' ? 'Final evaluation done' : '终期评估完成');
      for (const m of contract.milestones) expect(m.conditionName).toBe(MILESTONE_CONDITION_NAMES[m.condition][lang]);
      const visits = await get<{ items: { kind: keyof typeof SUPERVISION_KIND_NAMES; kindName: string; result: keyof typeof SUPERVISION_RESULT_NAMES; resultName: string }[] }>(ctx.as.admin, `/api/v1/projects/${id}/supervision`, headers);
      expect(visits.items.length).toBeGreaterThan(0);
      for (const v of visits.items) {
        expect(v.kindName).toBe(SUPERVISION_KIND_NAMES[v.kind][lang]);
        expect(v.resultName).toBe(SUPERVISION_RESULT_NAMES[v.result][lang]);
      }
      const evaluation = await get<{ grade: EvaluationGrade; gradeName: string }>(ctx.as.admin, `/api/v1/projects/${id}/evaluation`, headers);
      expect(evaluation.gradeName).toBe(EVALUATION_GRADE_NAMES[evaluation.grade][lang]);
    }
  });

  it('a case file with the actions the caller may take now', async () => {
    // An application waiting on the office: admin may act on it, so abilities name events.
    const found = await rows<{ id: string }>(app().database.db, sql`select c.id from cases c where c.case_type = 'application' and c.state = 'submitted' order by c.id limit 1`);
    expect(found).toHaveLength(1);
    for (const [lang, headers] of LANGS) {
      const file = await get<CaseFile>(ctx.as.admin, `/api/v1/cases/${found[0].id}`, headers);
      expectCaseLabels(file, lang);
      expect(file.abilities.events.length).toBeGreaterThan(0);
    }
  });

  it('the public project disclosures', async () => {
    for (const [lang, headers] of LANGS) {
      const list = await get<{ items: { state: ProjectState; stateName: string; call: { procurementMethodName: string } | null; meetings: { kindName: string }[] }[] }>(null, '/api/v1/public/projects?limit=100', headers);
      expect(list.items.length).toBeGreaterThan(10);
      for (const p of list.items) expect(p.stateName).toBe(PROJECT_STATE_NAMES[p.state][lang]);
      const methods = new Set(Object.values(PROCUREMENT_METHOD_NAMES).map((m) => m[lang]));
      const calls = list.items.flatMap((p) => (p.call ? [p.call.procurementMethodName] : []));
      expect(calls.length).toBeGreaterThan(0);
      for (const name of calls) expect(methods).toContain(name);
      const kinds = new Set(Object.values(MEETING_KIND_NAMES).map((m) => m[lang]));
      const meetings = list.items.flatMap((p) => p.meetings.map((m) => m.kindName));
      expect(meetings.length).toBeGreaterThan(0);
      for (const name of meetings) expect(kinds).toContain(name);
    }
  });

  it('applications: the list, the settings per kind and the service levels', async () => {
    for (const [lang, headers] of LANGS) {
      const list = await get<{ items: { kind: ApplicationKind; kindName: string; state: ApplicationState; stateName: string }[] }>(ctx.as.admin, '/api/v1/applications?limit=100', headers);
      expect(list.items.length).toBeGreaterThan(0);
      for (const a of list.items) {
        expect(a.kindName).toBe(APPLICATION_KIND_NAMES[a.kind][lang]);
        expect(a.stateName).toBe(APPLICATION_STATE_NAMES[a.state][lang]);
      }

      const settings = await get<{ items: { kind: ApplicationKind; kindName: string }[] }>(ctx.as.admin, '/api/v1/application-settings', headers);
      expect(settings.items.find((s) => s.kind === 'establishment')?.kindName).toBe(lang === 'en' ? 'Establishment' : '成立登记');
      for (const s of settings.items) expect(s.kindName).toBe(APPLICATION_KIND_NAMES[s.kind][lang]);

      const levels = await get<{ byKind: { kind: ApplicationKind; kindName: string }[]; byState: { state: ApplicationState; stateName: string }[] }>(ctx.as.admin, '/api/v1/applications/service-levels', headers);
      expect(levels.byKind.map((k) => k.kindName)).toEqual(levels.byKind.map((k) => APPLICATION_KIND_NAMES[k.kind][lang]));
      expect(levels.byState.find((s) => s.state === 'reviewing')?.stateName).toBe(lang === 'en' ? 'Joint review' : '部门联审中');
      for (const s of levels.byState) expect(s.stateName).toBe(APPLICATION_STATE_NAMES[s.state][lang]);
    }
  });

  it('an application: its checklist, the supplement notice and a change application’s diff', async () => {
    const db = app().database.db;
    const [waiting] = await rows<{ id: string }>(db, sql`select c.id from cases c where c.case_type = 'application' and c.state = 'supplementRequested' order by c.number limit 1`);
    const [change] = await rows<{ id: string }>(db, sql`select c.id from cases c join applications a on a.case_id = c.id where a.kind = 'change' and c.org_id is not null order by c.number limit 1`);
    type Detail = { kind: ApplicationKind; checklist: { key: string; name: string }[]; supplementNotice: { items: { item: string | null; itemName: string | null }[] } | null; diff: { field: string; label: string }[] | null };
    const names = { zh: new Map<string, string>(), en: new Map<string, string>() };
    for (const [lang, headers] of LANGS) {
      const a = await get<Detail>(ctx.as.admin, `/api/v1/applications/${waiting.id}`, headers);
      expect(a.checklist.length).toBeGreaterThan(0);
      for (const i of a.checklist) {
        const declared = CHECKLISTS[a.kind].find((c) => c.key === i.key)!;
        expect(i.name).toBe(lang === 'en' ? declared.nameEn : declared.name);
      }
      const noticed = (a.supplementNotice?.items ?? []).filter((i) => i.item);
      expect(noticed.length).toBeGreaterThan(0);
      for (const i of noticed) expect(i.itemName).toBe(a.checklist.find((c) => c.key === i.item)?.name);

      const c = await get<Detail>(ctx.as.admin, `/api/v1/applications/${change.id}`, headers);
      expect(c.diff?.length).toBeGreaterThan(0);
      for (const d of c.diff!) names[lang].set(d.field, d.label);
    }
    // The same fields, named once in each language: no English label is the Chinese one.
    expect([...names.en.keys()]).toEqual([...names.zh.keys()]);
    for (const [field, en] of names.en) {
      expect(en).not.toBe(names.zh.get(field));
      expect(en).toMatch(/^[A-Z][A-Za-z ()’']+$/);
    }
  });

  it('a certificate checked by its QR code names the organization type', async () => {
    const [cert] = await rows<{ token: string }>(app().database.db, sql`select verify_token as token from certificates order by id limit 1`);
    for (const [lang, headers] of LANGS) {
      const found = await get<{ type: keyof typeof ORG_TYPE_NAMES; typeName: string }>(null, `/api/v1/public/certificates/${cert.token}`, headers);
      expect(found.typeName).toBe(ORG_TYPE_NAMES[found.type][lang]);
    }
  });

  it('users with their roles, and the supervision worklist', async () => {
    for (const [lang, headers] of LANGS) {
      const users = await get<{ items: { username: string; grants: { role: Role; roleName: string }[] }[] }>(ctx.as.admin, '/api/v1/users?limit=100', headers);
      expect(users.items.find((u) => u.username === 'dudao1')?.grants.map((g) => g.roleName)).toEqual([ROLE_NAMES.supervisor[lang]]);
      for (const g of users.items.flatMap((u) => u.grants)) expect(g.roleName).toBe(ROLE_NAMES[g.role][lang]);

      const worklist = await get<{ items: { state: ProjectState; stateName: string }[] }>(ctx.as.dudao1, '/api/v1/supervision/mine', headers);
      expect(worklist.items.length).toBeGreaterThan(0);
      for (const p of worklist.items) expect(p.stateName).toBe(PROJECT_STATE_NAMES[p.state][lang]);
    }
  });
});
