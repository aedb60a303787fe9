// The permission matrix of every state-changing route (issue 14 §3). The routes come from the app's route
// catalogue, not from a hand list: a POST/PUT/PATCH/DELETE without a row below fails the first test, so a new
// write route cannot land unchecked. For each route the row names
//   right  — a user who may call it: the gate lets them through (whatever the input then says, never 401/403);
//   wrong  — a signed-in role without the route's permission: refused 403 at the gate, before the body is read;
//   reach  — where the route acts on a record that hangs off a region, a department, an organization or an
//            assignment: a holder of the permission who does not reach that record, with a valid body, is answered
//            404 (missing and out of reach look the same, STYLE §6), or 422 naming the field when the body names
//            the out-of-reach record (a proposal for another department); or, when nothing is scoped, why.
// Routes declared `authenticated` (any signed-in user, the use case decides) and `public` ones are listed with
// their reason; every other write route names a permission from a module's manifest (comments, attachments,
// objections and the provider's acts — project.deliver — included).
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, login, useTestApp, type Session } from '../../test/harness.js';
import { rows } from '../db/sql.js';
import { ROLE_DEFINITIONS, type Permission } from '../../../contracts/roles.js';
import { proposal } from '../../modules/projects/project-factories.js';

const ctx = useTestApp('admin', 'xucun', 'auditor', 'minzheng', 'weijian', 'shenqing', 'zhuanjia1', 'zhuanjia3', 'dudao1', 'jigou1', 'jigou2');
type Username = keyof typeof ctx.as;
/**
 * `townOffice`: the office's role anchored to 许村镇 (as payment-reach.test.ts does) — holds every office permission,
 * reaches one town. `providerOutsider` / `rectificationOutsider`: the demo organization member who is not the
 * provider of the project (or of the rectification's project) the row acts on.
 */
type Who = Username | 'townOffice' | 'providerOutsider' | 'rectificationOutsider';

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => (name === 'date' ? '2026-01-05' : name === 'year' ? '2026' : name === 'kind' ? 'establishment' : name === 'code' ? 'active' : ZERO_UUID));

/** Records the reach checks act on, read from the seeded demo city (each outside 许村镇 where a region matters). */
interface Fixtures {
  town: { id: string; version: number };
  xucunPath: string;
  userId: Record<string, string>;
  grantOutside: string;
  orgOutside: string;
  draftApplication: { id: string; version: number; outsider: Username };
  submittedApplication: { id: string; version: number };
  healthDraft: { id: string; version: number };
  civilAffairsDept: string;
  categoryId: string;
  callingProject: string;
  org1: string;
  bid: { id: string; version: number; projectId: string };
  review: { projectId: string; bidId: string };
  noticingProject: string;
  objection: { id: string; version: number };
  provided: { projectId: string; outsider: Username; milestoneId: string };
  rectification: { id: string; version: number; outsider: Username };
  unassignedToDudao: string;
  payment: { id: string; version: number };
  meeting: { id: string; version: number };
  supervisorId: string;
}

interface Reach {
  who: Who;
  url: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  /** Sent as multipart/form-data with one small PDF (uploads). */
  upload?: true;
  /**
   * 404 unless said otherwise; 422 where the out-of-reach record is named in the body and the refusal names that
   * field (a grant's region, a proposal's department: the caller chose a value they may not use).
   */
  status?: 404 | 422;
  field?: string;
}

type Row =
  | { public: string }
  /** Any signed-in user on their own session, password or messages (declared allowReadOnly). */
  | { own: string }
  | { right: Who; wrong: Who; reach: Reach | string; authenticated?: string };

const CITY_WIDE = 'one per city, not per region: the city office alone holds the permission, over the whole city';
/** Kept per city: the demo has one city, so the other city's office (404) is checked in modules/cities/cities.test.ts with the test fixtures' second city. */
const PER_CITY = 'per city: another city’s office is answered 404 (modules/cities/cities.test.ts, with the second city of server/test/second-city.ts)';

// Each row's key is `METHOD url` as the route catalogue has it.
const MATRIX: Record<string, Row> = {
  'POST /api/v1/auth/login': { public: 'signing in: there is no session yet' },
  'POST /api/v1/applicants': { public: 'online registration of an applicant: there is no account yet' },
  'POST /api/v1/auth/sms-codes': { public: 'a one-time code for registration or a password reset: there is no session yet' },
  'POST /api/v1/auth/password-reset': { public: 'a forgotten password reset by the code sent to the account’s phone: there is no session' },
  'POST /api/v1/auth/logout': { own: 'ends the caller’s own session' },
  'POST /api/v1/auth/password': { own: 'changes the caller’s own password (current password required)' },
  'POST /api/v1/notifications/read': { own: 'marks the caller’s own notifications read (ids of others match nothing)' },

  // platform: calendar and cases
  'PUT /api/v1/calendar/days/:date': { right: 'admin', wrong: 'xucun', reach: 'the official calendar is the country’s, one for the instance' },
  'DELETE /api/v1/calendar/days/:date': { right: 'admin', wrong: 'xucun', reach: 'the official calendar is the country’s, one for the instance' },
  'PUT /api/v1/calendar/years/:year': { right: 'admin', wrong: 'xucun', reach: 'the official calendar is the country’s, one for the instance' },
  'POST /api/v1/cases/:id/transitions': {
    authenticated: 'each transition of a case type names who may fire it (a permission, the owner, an assignment): the engine decides per event',
    right: 'admin',
    wrong: 'jigou2',
    reach: { who: 'townOffice', url: (f) => `/api/v1/cases/${f.submittedApplication.id}/transitions`, body: (f) => ({ event: 'accept', version: f.submittedApplication.version }) },
  },
  'POST /api/v1/cases/:id/comments': {
    right: 'admin',
    wrong: 'zhuanjia1',
    reach: { who: 'xucun', url: (f) => `/api/v1/cases/${f.submittedApplication.id}/comments`, body: () => ({ body: '越界评论' }) },
  },
  'POST /api/v1/cases/:id/attachments': {
    right: 'admin',
    wrong: 'xucun',
    reach: { who: 'townOffice', url: (f) => `/api/v1/cases/${f.submittedApplication.id}/attachments`, upload: true },
  },

  // regions
  'POST /api/v1/regions': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: () => '/api/v1/regions', body: (f) => ({ parentId: f.town.id, name: '越界社区', code: '330481999001', kind: 'community' }) } },
  'PATCH /api/v1/regions/:id': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/regions/${f.town.id}`, body: (f) => ({ version: f.town.version, name: '越界改名' }) } },
  'POST /api/v1/regions/:id/retire': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/regions/${f.town.id}/retire`, body: (f) => ({ version: f.town.version, reason: '越界撤销' }) } },
  'POST /api/v1/regions/import': {
    right: 'admin',
    wrong: 'xucun',
    reach: 'each row is checked against the caller’s region.manage reach and refused per row in the report, 404-like wording (regions-import.test.ts)',
  },
  'POST /api/v1/regions/:id/restore': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/regions/${f.town.id}/restore`, body: (f) => ({ version: f.town.version }) } },

  // people: accounts are the city's; the grants they hold are reach-checked
  'POST /api/v1/users': { right: 'admin', wrong: 'xucun', reach: 'accounts are the city’s (user.manage is the city office’s); a grant it carries is reach-checked as in POST …/grants' },
  'PATCH /api/v1/users/:id': { right: 'admin', wrong: 'xucun', reach: 'accounts are the city’s (user.manage is the city office’s); only grants are anchored in regions' },
  'POST /api/v1/users/:id/grants': { right: 'admin', wrong: 'xucun', reach: 'a grant outside the granter’s reach is a 422 on regionId (people.test.ts), the account itself is the city’s' },
  'DELETE /api/v1/users/:id/grants/:grantId': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/users/${f.userId.admin}/grants/${f.grantOutside}` } },
  'POST /api/v1/users/:id/disable': { right: 'admin', wrong: 'xucun', reach: 'accounts are the city’s (user.manage is the city office’s); only grants are anchored in regions' },
  'POST /api/v1/users/:id/enable': { right: 'admin', wrong: 'xucun', reach: 'accounts are the city’s (user.manage is the city office’s); only grants are anchored in regions' },
  'POST /api/v1/users/:id/reset-password': { right: 'admin', wrong: 'xucun', reach: 'accounts are the city’s (user.manage is the city office’s); only grants are anchored in regions' },

  // orgs
  'POST /api/v1/orgs/:id/reveal': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/orgs/${f.orgOutside}/reveal`, body: () => ({ fields: ['legalRepPhone'], reason: '越界查看' }) } },
  // An org's accounts: the office over the org's region, or the org's contact person (org-members.test.ts: a member who
  // is not the contact is refused 403, another org's member 404).
  'POST /api/v1/orgs/:id/members': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/orgs/${f.orgOutside}/members`, body: () => ({ phone: '13800000000', version: 0 }) } },
  'DELETE /api/v1/orgs/:id/members/:userId': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/orgs/${f.orgOutside}/members/${f.userId.admin}?version=0` } },
  'POST /api/v1/orgs/:id/contact': { right: 'admin', wrong: 'xucun', reach: { who: 'townOffice', url: (f) => `/api/v1/orgs/${f.orgOutside}/contact`, body: (f) => ({ userId: f.userId.admin, version: 0 }) } },
  'POST /api/v1/org-imports': { right: 'admin', wrong: 'xucun', reach: 'an import is the office’s upload; each row names its town and is checked against the region tree' },
  'POST /api/v1/org-imports/:id/run': { right: 'admin', wrong: 'xucun', reach: 'an import is the office’s upload; each row names its town and is checked against the region tree' },

  // applications
  'POST /api/v1/applications': { right: 'shenqing', wrong: 'xucun', reach: 'an applicant files for themself or for their own organization (the form names it; file-application checks membership)' },
  'PUT /api/v1/applications/:id/form': {
    right: 'shenqing',
    wrong: 'xucun',
    reach: { who: 'jigou2', url: (f) => `/api/v1/applications/${f.draftApplication.id}/form`, body: (f) => ({ version: f.draftApplication.version, form: {} }) },
  },
  'PUT /api/v1/application-settings/:kind': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PUT /api/v1/application-settings/:kind/checklist': { right: 'admin', wrong: 'xucun', reach: 'per city: another city’s office is answered 404 (modules/applications/application-checklists.test.ts)' },
  'POST /api/v1/registration-rules': { right: 'admin', wrong: 'xucun', reach: 'per city: another city’s office naming Haining is answered 404 (modules/applications/registration-rules.test.ts)' },
  'PUT /api/v1/registration-rules/:id': { right: 'admin', wrong: 'xucun', reach: 'per city: another city’s rule is answered 404 (modules/applications/registration-rules.test.ts)' },
  'DELETE /api/v1/registration-rules/:id': { right: 'admin', wrong: 'xucun', reach: 'per city: another city’s rule is answered 404 (modules/applications/registration-rules.test.ts)' },
  // workforce
  'POST /api/v1/workers': { right: 'admin', wrong: 'xucun', reach: 'per city: the home town must be the city’s own (422 homeTownId); another city’s office sees no Haining person (modules/workforce/workforce.test.ts)' },
  'POST /api/v1/workers/import': { right: 'admin', wrong: 'xucun', reach: 'per city: a row naming another city’s town, organization or department is refused on its row (modules/workforce/workforce.test.ts)' },
  'PATCH /api/v1/workers/:id': { right: 'admin', wrong: 'xucun', reach: 'a person outside the caller’s workforce.manage reach is answered 404 (modules/workforce/workforce.test.ts)' },
  'POST /api/v1/workers/:id/reveal': { right: 'admin', wrong: 'xucun', reach: 'a person outside the caller’s pii.reveal reach is answered 404 (modules/workforce/workforce.test.ts)' },
  'PUT /api/v1/rotation-profiles/:kind/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s resource is answered 404 (modules/workforce/workforce.test.ts)' },
  'PUT /api/v1/rotation/rules': { right: 'admin', wrong: 'xucun', reach: 'per city: the caller’s own city’s rules (another city named is 404); rotation.manage must reach the whole city (modules/rotation/rotation.test.ts)' },
  'PUT /api/v1/rotation/community-profiles/:communityId': { right: 'admin', wrong: 'xucun', reach: 'another city’s community is answered 404 (modules/rotation/rotation.test.ts)' },
  'POST /api/v1/rotation/pairings/propose': { right: 'admin', wrong: 'xucun', reach: 'per city: the caller’s own city’s pairing; another city named is 404 (modules/rotation/rotation.test.ts)' },
  'PUT /api/v1/rotation/pairings/:year/:kind/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s pairing is answered 404; a town of another city is refused 422 townId (modules/rotation/rotation.test.ts)' },
  'POST /api/v1/rotation/plans/compute': { right: 'admin', wrong: 'xucun', reach: 'per city: the caller’s own city’s plans; another city named is 404 (modules/rotation/rotation.test.ts)' },
  'POST /api/v1/rotation/plans/:id/edit': { right: 'admin', wrong: 'xucun', reach: 'another city’s plan is answered 404 (modules/rotation/rotation.test.ts)' },
  'POST /api/v1/rotation/plans/:id/publish': { right: 'admin', wrong: 'xucun', reach: 'another city’s plan is answered 404 (modules/rotation/rotation.test.ts)' },
  // rotation field records: the caller's own published assignments limit them, not a region
  'POST /api/v1/rotation/records/photos': { right: 'jigou1', wrong: 'admin', reach: 'the caller’s own uploads: a record naming another account’s photo is refused on that field (modules/rotation/use-cases/field-records.test.ts)' },
  'POST /api/v1/rotation/records': { right: 'jigou1', wrong: 'admin', reach: 'an assignment that is not the caller’s, or not published, is answered 404 (modules/rotation/use-cases/field-records.test.ts)' },
  'POST /api/v1/rotation/records/sync': { right: 'jigou1', wrong: 'admin', reach: 'per record: one naming an assignment not the caller’s is refused on assignmentId, the others kept (modules/rotation/use-cases/field-records.test.ts)' },
  // concerns: staff record at a place of their reach; the public raise and rate without an account
  'POST /api/v1/concerns': {
    right: 'admin',
    wrong: 'minzheng',
    reach: { who: 'townOffice', url: () => '/api/v1/concerns', body: (f) => ({ categoryCode: 'environment', regionId: f.town.id, description: '越界登记的一条民情描述。' }) },
  },
  'POST /api/v1/concerns/:id/photos': { right: 'admin', wrong: 'minzheng', reach: 'a concern the caller may not see is answered 404, another city’s included (modules/concerns/concerns.test.ts)' },
  'POST /api/v1/public/concerns': { public: 'a resident raises a concern without an account (issue 17 §4), rate-limited per address' },
  'POST /api/v1/public/concerns/:trackingNumber/photos': { public: 'the resident adds photos with the tracking number until the reply (issue 17 §4); images only; rate-limited per address' },
  'POST /api/v1/public/concerns/:trackingNumber/rating': { public: 'the resident rates the reply with the tracking number, their proof (issue 17 §4); rate-limited per address' },
  'POST /api/v1/open311-keys': { right: 'admin', wrong: 'xucun', reach: 'per city: a key is issued for the caller’s own city; another city’s office lists none of Haining’s (modules/concerns/open311.test.ts)' },
  'POST /api/v1/open311-keys/:id/revoke': { right: 'admin', wrong: 'xucun', reach: 'another city’s key is answered 404 (modules/concerns/open311.test.ts)' },
  // assessment (issue 18): the office per city; evaluators by their panel and assignments; a subject's own people by its town
  'POST /api/v1/assessment/rubrics': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PUT /api/v1/assessment/rubrics/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s rubric is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'POST /api/v1/assessment/rubrics/:id/publish': { right: 'admin', wrong: 'xucun', reach: 'another city’s rubric is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'POST /api/v1/assessment/rounds': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'POST /api/v1/assessment/rounds/:id/panel': { right: 'admin', wrong: 'xucun', reach: 'another city’s round is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'POST /api/v1/assessment/rounds/:id/computed': { right: 'admin', wrong: 'xucun', reach: 'another city’s round is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'POST /api/v1/assessment/rounds/:id/subjects/:subjectId/adjustments': { right: 'admin', wrong: 'xucun', reach: 'another city’s round is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'DELETE /api/v1/assessment/rounds/:id/subjects/:subjectId/adjustments/:entryId': { right: 'admin', wrong: 'xucun', reach: 'another city’s round is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'POST /api/v1/assessment/appeals/:id/answer': { right: 'admin', wrong: 'xucun', reach: 'another city’s appeal is answered 404 (modules/assessment/assessment.test.ts, second city)' },
  'PUT /api/v1/assessment/rounds/:id/subjects/:subjectId/self': { right: 'xucun', wrong: 'minzheng', reach: 'another town’s subject is answered 404 (modules/assessment/assessment.test.ts: 许村镇’s station operator and another station)' },
  'POST /api/v1/assessment/rounds/:id/subjects/:subjectId/evidence': { right: 'xucun', wrong: 'minzheng', reach: 'another town’s subject is answered 404 (modules/assessment/assessment.test.ts)' },
  'POST /api/v1/assessment/rounds/:id/subjects/:subjectId/appeals': { right: 'xucun', wrong: 'minzheng', reach: 'another town’s subject is answered 404 (modules/assessment/assessment.test.ts)' },
  'POST /api/v1/assessment/reviews/:id/declaration': { right: 'zhuanjia1', wrong: 'weijian', reach: 'an evaluator not on the round’s panel is answered 404 (modules/assessment/assessment.test.ts)' },
  'PUT /api/v1/assessment/reviews/:id/subjects/:label': { right: 'zhuanjia1', wrong: 'weijian', reach: 'a subject not assigned to the evaluator, or one they are recused from, is answered 404 (modules/assessment/assessment.test.ts)' },
  'POST /api/v1/public/assessment/surveys/:id/answers': { public: 'a resident answers a station’s satisfaction survey without an account, the phone proved by an SMS code (issue 18 §2), one answer a phone, rate-limited per address' },
  // concerns' settings (issue 17 §4): the office's, per city
  'POST /api/v1/concern-categories': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PATCH /api/v1/concern-categories/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s category is answered 404 (modules/concerns/concern-settings.test.ts)' },
  'POST /api/v1/concern-routing-rules': { right: 'admin', wrong: 'xucun', reach: 'per city: a rule is written in the caller’s city; another city’s region or department is refused 422 (modules/concerns/concern-settings.test.ts)' },
  'PATCH /api/v1/concern-routing-rules/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s rule is answered 404 (modules/concerns/concern-settings.test.ts)' },
  'DELETE /api/v1/concern-routing-rules/:id': { right: 'admin', wrong: 'xucun', reach: 'another city’s rule is answered 404 (modules/concerns/concern-settings.test.ts)' },
  'POST /open311/v2/requests.json': { public: 'Open311 GeoReport v2: the client’s api_key in the form, not a session (issue 17 §4); 403 in the specification’s error list without a valid one' },

  // catalog and funds
  'POST /api/v1/catalog/categories': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PATCH /api/v1/catalog/categories/:id': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'POST /api/v1/catalog/domains': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PATCH /api/v1/catalog/domains/:cityId/:code': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'POST /api/v1/funds': { right: 'admin', wrong: 'weijian', reach: PER_CITY },

  // departments and cities: a city's own
  'POST /api/v1/departments': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PATCH /api/v1/departments/:id': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PUT /api/v1/cities/:id/settings': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'POST /api/v1/cities/:id/copy-template': { right: 'admin', wrong: 'xucun', reach: PER_CITY },
  'PUT /api/v1/cities/:id/time-limits': { right: 'admin', wrong: 'xucun', reach: 'per city: another city’s office is answered 404 (modules/cities/city-time-limits.test.ts)' },
  'PATCH /api/v1/fund-lines/:id': { right: 'admin', wrong: 'weijian', reach: PER_CITY },
  'POST /api/v1/fund-lines/:id/allocations': { right: 'admin', wrong: 'weijian', reach: PER_CITY },

  // projects: initiation — a department proposes and edits its own drafts
  'POST /api/v1/projects': {
    right: 'weijian',
    wrong: 'xucun',
    reach: {
      who: 'weijian',
      url: () => '/api/v1/projects',
      status: 422,
      field: 'departmentId',
      body: (f) => ({ title: '越界项目', summary: '为另一部门提出的项目需求。', year: 2026, departmentId: f.civilAffairsDept, catalogCategoryId: f.categoryId, domains: ['elderly'], targetGroups: ['老人'], budgetFen: 1_000_000, durationMonths: 12, indicators: [{ kind: 'output', name: '服务人次', target: 100, unit: '人次' }] }),
    },
  },
  'PATCH /api/v1/projects/:id': { right: 'weijian', wrong: 'xucun', reach: { who: 'minzheng', url: (f) => `/api/v1/projects/${f.healthDraft.id}`, body: (f) => ({ version: f.healthDraft.version, title: '越界修改' }) } },
  // calls and bids — an organization bids for itself
  'POST /api/v1/projects/:id/bids': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'jigou2', url: (f) => `/api/v1/projects/${f.callingProject}/bids`, body: (f) => ({ orgId: f.org1, plan: '以另一家机构的名义申报：针对辖区老人开展入户探访与小组活动。', budgetItems: [{ name: '人员经费', amountFen: 100_000 }], team: [{ name: '张三', role: '项目主管', certified: true }] }) },
  },
  'PATCH /api/v1/bids/:id': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'jigou2', url: (f) => `/api/v1/bids/${f.bid.id}`, body: (f) => ({ version: f.bid.version, plan: '改写另一家机构的申报：针对辖区老人开展入户探访与小组活动。', budgetItems: [{ name: '人员经费', amountFen: 100_000 }], team: [{ name: '张三', role: '项目主管', certified: true }] }) },
  },
  'POST /api/v1/bids/:id/withdraw': { right: 'jigou1', wrong: 'weijian', reach: { who: 'jigou2', url: (f) => `/api/v1/bids/${f.bid.id}/withdraw`, body: (f) => ({ version: f.bid.version }) } },
  // procurement — experts score only what they were assigned; the office acts over its reach
  'POST /api/v1/projects/:id/experts': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/projects/${f.review.projectId}/experts`, body: (f) => ({ userIds: [f.userId.zhuanjia1] }) } },
  'POST /api/v1/reviews/:id/declaration': { right: 'zhuanjia1', wrong: 'weijian', reach: { who: 'zhuanjia3', url: (f) => `/api/v1/reviews/${f.review.projectId}/declaration`, body: () => ({ hasConflict: false }) } },
  'PUT /api/v1/bids/:id/scores': { right: 'zhuanjia1', wrong: 'weijian', reach: { who: 'zhuanjia3', url: (f) => `/api/v1/bids/${f.review.bidId}/scores`, body: () => ({ scores: { plan: 10 } }) } },
  'POST /api/v1/projects/:id/objections': { right: 'jigou1', wrong: 'weijian', reach: { who: 'jigou1', url: (f) => `/api/v1/projects/${f.healthDraft.id}/objections`, body: () => ({ text: '对未公示的项目提出异议。' }) } },
  'POST /api/v1/objections/:id/answer': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/objections/${f.objection.id}/answer`, body: (f) => ({ answer: '越界答复', upheld: false, version: f.objection.version }) } },
  // delivery — the provider's acts on its own contract (project.deliver; the use cases admit only the awarded organization's members)
  'POST /api/v1/projects/:id/service-records': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'providerOutsider', url: (f) => `/api/v1/projects/${f.provided.projectId}/service-records`, body: () => ({ servedOn: '2026-12-01', place: '社区活动室', activity: '入户探访独居老人', participants: 1, beneficiaries: 1 }) },
  },
  'POST /api/v1/projects/:id/reports': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'providerOutsider', url: (f) => `/api/v1/projects/${f.provided.projectId}/reports`, body: () => ({ month: '2026-11', summary: '以另一家机构的名义提交本月工作小结。' }) },
  },
  'POST /api/v1/projects/:id/payments': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'providerOutsider', url: (f) => `/api/v1/projects/${f.provided.projectId}/payments`, body: (f) => ({ milestoneId: f.provided.milestoneId }) },
  },
  'POST /api/v1/rectifications/:id/response': {
    right: 'jigou1',
    wrong: 'weijian',
    reach: { who: 'rectificationOutsider', url: (f) => `/api/v1/rectifications/${f.rectification.id}/response`, body: (f) => ({ response: '越界整改', version: f.rectification.version }) },
  },
  // supervision — the office over its reach, a supervisor on the projects assigned to them
  'POST /api/v1/projects/:id/supervision': {
    right: 'dudao1',
    wrong: 'weijian',
    reach: { who: 'dudao1', url: (f) => `/api/v1/projects/${f.unassignedToDudao}/supervision`, body: () => ({ kind: 'routine', visitedOn: '2026-12-01', findings: '对未指派的项目记录督导情况。', result: 'pass' }) },
  },
  'POST /api/v1/rectifications/:id/review': { right: 'dudao1', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/rectifications/${f.rectification.id}/review`, body: (f) => ({ accept: true, version: f.rectification.version }) } },
  'POST /api/v1/projects/:id/supervisors': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/projects/${f.provided.projectId}/supervisors`, body: (f) => ({ userIds: [f.supervisorId] }) } },
  'DELETE /api/v1/projects/:id/supervisors/:userId': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/projects/${f.provided.projectId}/supervisors/${f.supervisorId}` } },
  // payments
  'POST /api/v1/payments/:id/pay': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/payments/${f.payment.id}/pay`, body: (f) => ({ voucherNo: 'PZ-MATRIX', version: f.payment.version }) } },
  'POST /api/v1/payments/:id/reject': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/payments/${f.payment.id}/reject`, body: (f) => ({ reason: '越界退回付款申请', version: f.payment.version }) } },
  // project settings: the city's rules
  'PATCH /api/v1/eligibility-rules/:code': { right: 'admin', wrong: 'weijian', reach: PER_CITY },
  'POST /api/v1/credit-blacklist': { right: 'admin', wrong: 'weijian', reach: CITY_WIDE },
  'POST /api/v1/credit-blacklist/:id/lift': { right: 'admin', wrong: 'weijian', reach: CITY_WIDE },
  'PATCH /api/v1/scoring-rubric': { right: 'admin', wrong: 'weijian', reach: CITY_WIDE },
  'PATCH /api/v1/evaluation-standard': { right: 'admin', wrong: 'weijian', reach: CITY_WIDE },
  'PUT /api/v1/procurement-bands': { right: 'admin', wrong: 'weijian', reach: PER_CITY },

  // meetings (held on projects: project.manage)
  'POST /api/v1/meetings': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: () => '/api/v1/meetings', body: (f) => ({ kind: 'supervisionMeeting', title: '越界会议', startsAt: '2026-12-20T02:00:00.000Z', place: '会议室', projectIds: [f.callingProject] }) } },
  'PATCH /api/v1/meetings/:id': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/meetings/${f.meeting.id}`, body: (f) => ({ version: f.meeting.version, title: '越界改名' }) } },
  'POST /api/v1/meetings/:id/cancel': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/meetings/${f.meeting.id}/cancel`, body: (f) => ({ version: f.meeting.version, reason: '越界取消会议' }) } },
  'DELETE /api/v1/meetings/:id/attachments/:attachmentId': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/meetings/${f.meeting.id}/attachments/${ZERO_UUID}` } },
  'POST /api/v1/meetings/:id/attachments': { right: 'admin', wrong: 'weijian', reach: { who: 'townOffice', url: (f) => `/api/v1/meetings/${f.meeting.id}/attachments`, upload: true } },
};

const BOUNDARY = 'matrix-boundary';
const UPLOAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%matrix\n\r\n--${BOUNDARY}--\r\n`;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// Open311 (/open311/v2) is an API outside /api: its POST is a write route like any other.
const writeRoutes = () => ctx.t.app.routeCatalog.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/open311/')) && !SAFE.has(r.method));
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const routeOf = (key: string) => ctx.t.app.routeCatalog.find((r) => keyOf(r) === key)!;

let townOffice: Session;
let f: Fixtures;

function holds(who: Who, permission: Permission): boolean {
  const role = who === 'townOffice' ? 'officeAdmin' : who === 'providerOutsider' || who === 'rectificationOutsider' ? 'orgMember' : ROLE_OF[who];
  if (!role) return false;
  const def = ROLE_DEFINITIONS[role];
  return def.permissions.includes(permission) || (def.globalPermissions ?? []).includes(permission) || (def.cityPermissions ?? []).includes(permission);
}
const ROLE_OF: Partial<Record<Username, keyof typeof ROLE_DEFINITIONS>> = {
  admin: 'officeAdmin',
  xucun: 'townStaff',
  auditor: 'auditor',
  minzheng: 'departmentStaff',
  weijian: 'departmentStaff',
  shenqing: 'applicant',
  zhuanjia1: 'evaluator',
  zhuanjia3: 'evaluator',
  dudao1: 'supervisor',
  jigou1: 'orgMember',
  jigou2: 'orgMember',
};

function session(who: Who): Session {
  if (who === 'townOffice') return townOffice;
  if (who === 'providerOutsider') return ctx.as[f.provided.outsider];
  if (who === 'rectificationOutsider') return ctx.as[f.rectification.outsider];
  return ctx.as[who];
}

const missing: string[] = [];
async function one<T>(query: ReturnType<typeof sql>, what: string): Promise<T> {
  const [row] = await rows<T & Record<string, unknown>>(ctx.t.app.database.db, query);
  if (!row) missing.push(what);
  return row ?? ({} as T);
}

beforeAll(async () => {
  const db = ctx.t.app.database.db;
  const xucun = await one<{ id: string; path: string }>(sql`select id, path from regions where code = '330481101'`, 'xucun');
  const outsideXucun = sql`not like ${xucun.path} || '%'`;
  const users = await rows<{ username: string; id: string }>(db, sql`select username, id from users`);
  const userId = Object.fromEntries(users.map((u) => [u.username, u.id]));
  const memberOf = Object.fromEntries((await rows<{ username: string; org_id: string }>(db, sql`select u.username, g.org_id from users u join role_grants g on g.user_id = u.id where g.role = 'orgMember'`)).map((m) => [m.username, m.org_id]));

  // The office's role anchored to 许村镇, on an account of its own (the demo password, as the other accounts).
  await rows(db, sql`insert into users (username, display_name, password_hash, must_change_password, password_changed_at)
                     select 'matrix_town_office', '许村镇（社工办角色）', password_hash, false, now() from users where username = 'admin'`);
  await rows(db, sql`insert into role_grants (user_id, role, region_id) select u.id, 'officeAdmin', ${xucun.id} from users u where u.username = 'matrix_town_office'`);
  townOffice = await login(ctx.t.app, 'matrix_town_office');

  const town = await one<{ id: string; version: number }>(sql`select id, version from regions where level = 'town' and path ${outsideXucun} and retired_at is null order by code limit 1`, 'town outside 许村镇');
  const grantOutside = (await one<{ id: string }>(sql`select g.id from role_grants g join users u on u.id = g.user_id where u.username = 'admin'`, 'admin grant')).id;
  const orgOutside = (await one<{ id: string }>(sql`select id from orgs where region_path ${outsideXucun} order by id limit 1`, 'org outside 许村镇')).id;
  const draft = await one<{ id: string; version: number; owner_user_id: string; org_id: string | null }>(sql`select id, version, owner_user_id, org_id from cases where case_type = 'application' and state = 'draft' and owner_user_id = ${userId.shenqing} order by number limit 1`, 'draft application of shenqing');
  const submitted = await one<{ id: string; version: number }>(sql`select id, version from cases where case_type = 'application' and state = 'submitted' and region_path ${outsideXucun} order by number limit 1`, 'submitted application outside 许村镇');
  const depts = await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments`);
  const dept = (n: string) => depts.find((d) => d.short_name === n)!.id;
  const drafted = await call(ctx.t.app, ctx.as.weijian, 'POST', '/api/v1/projects', await proposal(ctx.t.app));
  if (drafted.statusCode !== 201) throw new Error(`draft: ${drafted.statusCode} ${drafted.body}`);
  const healthDraft = await one<{ id: string; version: number }>(sql`select id, version from cases where id = ${drafted.json<{ id: string }>().id}`, 'the new draft');
  const categoryId = (await one<{ id: string }>(sql`select id from catalog_categories order by code limit 1`, 'category')).id;
  const bid = await one<{ id: string; version: number; project_id: string }>(
    sql`select b.id, b.version, b.project_id from project_bids b join cases c on c.id = b.project_id where c.state = 'calling' and b.state = 'submitted' and b.org_id = ${memberOf.jigou1} order by b.id limit 1`,
    'submitted bid of jigou1 in a call',
  );
  const review = await one<{ project_id: string; bid_id: string }>(
    sql`select e.project_id, (select b.id from project_bids b where b.project_id = e.project_id order by b.id limit 1) as bid_id from project_experts e join cases c on c.id = e.project_id
        where e.user_id = ${userId.zhuanjia1} and c.state = 'procuring' and not exists (select 1 from project_experts x where x.project_id = e.project_id and x.user_id = ${userId.zhuanjia3}) order by e.project_id limit 1`,
    'a review of zhuanjia1 without zhuanjia3',
  );
  const noticing = (await one<{ id: string }>(sql`select id from cases where case_type = 'serviceProject' and state = 'noticing' order by number limit 1`, 'project on notice')).id;
  const objection = await call(ctx.t.app, ctx.as.jigou2, 'POST', `/api/v1/projects/${noticing}/objections`, { text: '对推荐结果有异议：请复核评分。' });
  if (objection.statusCode !== 201) throw new Error(`objection: ${objection.statusCode} ${objection.body}`);
  const provided = await one<{ case_id: string; provider_org_id: string; milestone_id: string }>(
    sql`select p.case_id, p.provider_org_id, m.id as milestone_id from service_projects p join cases c on c.id = p.case_id join contract_milestones m on m.project_id = p.case_id
        where c.state = 'implementing' and p.provider_org_id in (${memberOf.jigou1}, ${memberOf.jigou2}) order by c.number, m.id limit 1`,
    'implementing project of jigou1 or jigou2',
  );
  const providedOutsider: Username = provided.provider_org_id === memberOf.jigou1 ? 'jigou2' : 'jigou1';
  const rect = await one<{ id: string; version: number; provider_org_id: string }>(
    sql`select r.id, r.version, p.provider_org_id from rectifications r join service_projects p on p.case_id = r.project_id where r.state = 'open' and p.provider_org_id in (${memberOf.jigou1}, ${memberOf.jigou2}) order by r.id limit 1`,
    'open rectification of jigou1 or jigou2',
  );
  const unassigned = (await one<{ id: string }>(
    sql`select c.id from cases c where c.case_type = 'serviceProject' and c.state = 'implementing' and not exists (select 1 from case_participants x where x.case_id = c.id and x.user_id = ${userId.dudao1} and x.removed_at is null) order by c.number limit 1`,
    'implementing project not assigned to dudao1',
  )).id;
  const payment = await one<{ id: string; version: number }>(sql`select id, version from payment_requests order by state = 'requested' desc, id limit 1`, 'payment request');
  const meeting = await one<{ id: string; version: number }>(sql`select id, version from project_meetings where cancelled_at is null order by starts_at desc limit 1`, 'meeting');
  expect(missing, 'fixtures the demo data should have').toEqual([]);
  f = {
    town,
    xucunPath: xucun.path,
    userId,
    grantOutside,
    orgOutside,
    draftApplication: { id: draft.id, version: draft.version, outsider: 'jigou2' },
    submittedApplication: submitted,
    healthDraft,
    civilAffairsDept: dept('民政局'),
    categoryId,
    callingProject: bid.project_id,
    org1: memberOf.jigou1,
    bid: { id: bid.id, version: bid.version, projectId: bid.project_id },
    review: { projectId: review.project_id, bidId: review.bid_id },
    noticingProject: noticing,
    objection: objection.json<{ id: string; version: number }>(),
    provided: { projectId: provided.case_id, outsider: providedOutsider, milestoneId: provided.milestone_id },
    rectification: { id: rect.id, version: rect.version, outsider: rect.provider_org_id === memberOf.jigou1 ? 'jigou2' : 'jigou1' },
    unassignedToDudao: unassigned,
    payment,
    meeting,
    supervisorId: userId.dudao1,
  };
});

describe('write-route matrix', () => {
  it('has one row for every write route the app serves, and no row for a route it does not', () => {
    const served = writeRoutes().map(keyOf).sort();
    expect(served.length).toBeGreaterThan(40);
    const missing = served.filter((k) => !(k in MATRIX));
    expect(missing, 'write routes with no row in MATRIX: say who may call them and who may not').toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !served.includes(k)), 'rows for routes the app no longer serves').toEqual([]);
  });

  it('lists its reason for every route that names no permission, and names one for every other', () => {
    for (const r of writeRoutes()) {
      const row = MATRIX[keyOf(r)];
      if (r.permission === 'public') expect('public' in row, keyOf(r)).toBe(true);
      else if (r.permission === 'authenticated') expect('own' in row || ('authenticated' in row && !!row.authenticated), `${keyOf(r)} is 'authenticated': give it a named permission or a reason`).toBe(true);
      else expect('right' in row && !('authenticated' in row), keyOf(r)).toBe(true);
      if ('own' in row) expect(r.allowReadOnly, `${keyOf(r)}: on one's own things, so open to read-only roles too`).toBe(true);
    }
  });

  it('lets the right user through the gate and refuses a role without the permission with 403', async () => {
    const problems: string[] = [];
    const expectNot = (status: number, bad: number[], what: string) => bad.includes(status) && problems.push(what);
    for (const key of Object.keys(MATRIX)) {
      const row = MATRIX[key];
      const r = routeOf(key);
      const body = r.method === 'DELETE' ? undefined : {};
      if ('public' in row) {
        const res = await call(ctx.t.app, null, r.method as 'POST', concrete(r.url), body);
        expectNot(res.statusCode, [401, 403], `${key} (public) answered ${res.statusCode}`);
        continue;
      }
      if ('own' in row) {
        // Not logout itself: it would end the session the other rows use.
        if (r.url.endsWith('/logout')) continue;
        const res = await call(ctx.t.app, ctx.as.xucun, r.method as 'POST', concrete(r.url), body);
        expectNot(res.statusCode, [401, 403], `${key} (own) answered ${res.statusCode}: ${res.body}`);
        continue;
      }
      if (r.permission !== 'authenticated') {
        if (!holds(row.right, r.permission as Permission)) problems.push(`${key}: ${row.right} should hold ${r.permission}`);
        if (holds(row.wrong, r.permission as Permission)) problems.push(`${key}: ${row.wrong} should lack ${r.permission}`);
      }
      const ok = await call(ctx.t.app, session(row.right), r.method as 'POST', concrete(r.url), body);
      expectNot(ok.statusCode, [401, 403], `${key}: ${row.right} answered ${ok.statusCode}: ${ok.body}`);
      if (r.permission === 'authenticated') continue; // the gate lets every signed-in user through; the reach check below refuses
      const refused = await call(ctx.t.app, session(row.wrong), r.method as 'POST', concrete(r.url), body);
      if (refused.statusCode !== 403 || refused.json().code !== 'forbidden') problems.push(`${key}: ${row.wrong} answered ${refused.statusCode}: ${refused.body}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers a holder of the permission who does not reach the record with 404 (or 422 on the field naming it), and says why where nothing is scoped', async () => {
    let checked = 0;
    const problems: string[] = [];
    for (const [key, row] of Object.entries(MATRIX)) {
      if (!('right' in row)) continue;
      if (typeof row.reach === 'string') {
        expect(row.reach.length, `${key}: why no reach check`).toBeGreaterThan(20);
        continue;
      }
      const r = routeOf(key);
      const res = row.reach.upload
        ? await call(ctx.t.app, session(row.reach.who), 'POST', row.reach.url(f), UPLOAD, { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` })
        : await call(ctx.t.app, session(row.reach.who), r.method as 'POST', row.reach.url(f), row.reach.body?.(f));
      const named = row.reach.field ? (res.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path) : [];
      const refused = res.statusCode === (row.reach.status ?? 404) && (!row.reach.field || named.includes(row.reach.field));
      if (!refused) problems.push(`${key} as ${row.reach.who}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      checked += 1;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(25);
  });
});
