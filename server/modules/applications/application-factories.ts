import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { CHECKLISTS, type ApplicationKind } from '../../../contracts/applications.js';
import { rows } from '../../platform/db/sql.js';
import { call, type Session } from '../../test/harness.js';

/** Test factories: applications in a named state, built through the API as people would. */

/** The smallest file that file-type recognises as a PDF. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer; type?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----shezhi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function attach(app: FastifyInstance, session: Session, caseId: string, item: string, file = { name: `${item}.pdf`, content: PDF_BYTES }) {
  const { payload, headers } = multipart({ item }, file);
  return app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, payload, headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf } });
}

export async function idsFor(app: FastifyInstance) {
  const db = app.database.db;
  const [town] = await rows<{ id: string }>(db, sql`select id from regions where code = '330481101'`);
  const [community] = await rows<{ id: string }>(db, sql`select id from regions where parent_id = ${town.id} order by code limit 1`);
  // Haining's departments: a second city in the test (server/test/second-city.ts) has its own 民政局.
  const depts = await rows<{ id: string; short_name: string }>(db, sql`select id, short_name from departments where city_id = (select id from regions where code = '330481')`);
  const dept = (n: string) => depts.find((d) => d.short_name === n)!.id;
  return { townId: town.id, communityId: community.id, civilAffairs: dept('民政局'), health: dept('卫健局') };
}

let serial = 0;
/** A complete establishment form for an elderly-care service center in 许村镇. */
export async function establishmentForm(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const ids = await idsFor(app);
  serial += 1;
  return {
    name: `海宁市许村镇颐养${['康乐', '安和', '福寿', '馨怡', '乐龄'][serial % 5]}${serial}号居家养老服务中心`,
    type: 'serviceAgency',
    townId: ids.townId,
    communityId: ids.communityId,
    address: '海宁市许村镇许巷大道 88 号',
    businessScope: '为辖区老年人提供助餐、助浴、日间照料、康复护理等居家养老服务',
    serviceFields: ['elderly'],
    supervisingUnitId: ids.health,
    registeredCapitalFen: 3_000_000,
    legalRepName: '王晓燕',
    legalRepIdNumber: '330481198001010028',
    legalRepPhone: '13905730001',
    contactName: '李明',
    contactPhone: '13905730002',
    ...overrides,
  };
}

export async function fileDraft(app: FastifyInstance, applicant: Session, kind: ApplicationKind = 'establishment', form?: Record<string, unknown>) {
  const res = await call(app, applicant, 'POST', '/api/v1/applications', { kind, form: form ?? (await establishmentForm(app)) });
  if (res.statusCode !== 201) throw new Error(`file draft: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; version: number; case: { version: number } }>();
}

export async function attachAll(app: FastifyInstance, applicant: Session, caseId: string, kind: ApplicationKind = 'establishment') {
  for (const item of CHECKLISTS[kind].filter((i) => i.required)) {
    const res = await attach(app, applicant, caseId, item.key);
    if (res.statusCode !== 201) throw new Error(`attach ${item.key}: ${res.statusCode} ${res.body}`);
  }
}

export async function fire(app: FastifyInstance, session: Session, caseId: string, event: string, extra: { comment?: string; input?: Record<string, unknown>; version?: number } = {}) {
  const version = extra.version ?? (await call(app, session, 'GET', `/api/v1/cases/${caseId}`)).json().version;
  return call(app, session, 'POST', `/api/v1/cases/${caseId}/transitions`, { event, version, comment: extra.comment, input: extra.input });
}

/** A submitted establishment with every material attached. */
export async function makeSubmittedApplication(app: FastifyInstance, applicant: Session, form?: Record<string, unknown>) {
  const draft = await fileDraft(app, applicant, 'establishment', form);
  await attachAll(app, applicant, draft.id);
  const res = await fire(app, applicant, draft.id, 'submit');
  if (res.statusCode !== 200) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return draft.id;
}

/** An establishment waiting for the decision: accepted, both departments agreed. */
export async function makeDecidingApplication(app: FastifyInstance, as: { applicant: Session; admin: Session; minzheng: Session; weijian: Session }, form?: Record<string, unknown>) {
  const id = await makeSubmittedApplication(app, as.applicant, form);
  for (const [who, event, extra] of [
    [as.admin, 'accept', {}],
    [as.minzheng, 'giveOpinion', { input: { opinion: 'agree' }, comment: '材料齐全，同意' }],
    [as.weijian, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意作为业务主管单位' }],
  ] as const) {
    const res = await fire(app, who, id, event, extra);
    if (res.statusCode !== 200) throw new Error(`${event}: ${res.statusCode} ${res.body}`);
  }
  return id;
}
