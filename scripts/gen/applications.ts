// `npm run gen -- --applications N`: at least N online applications waiting to be accepted (state
// `submitted`), written as the engine leaves a filed and submitted application — case, two history
// steps, the closed draft assignment and the open acceptance assignment, the sealed form, every
// required material — so that staff can accept them or send a one-time notice through the real API.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { APPLICATION_KIND_NAMES, CHECKLISTS, type ApplicationKind } from '../../contracts/applications.js';
import { applicationCaseType } from '../../server/modules/applications/application.case.js';
import { sealForm } from '../../server/modules/applications/application-form.js';
import { appendAudit } from '../../server/platform/audit/audit.js';
import { addWorkingDays, todayInChina } from '../../server/platform/calendar/calendar.js';
import type { CaseTypeDef } from '../../server/platform/cases/define.js';
import { timeLimitOf } from '../../server/platform/cases/engine.js';
import type { DbOrTx } from '../../server/platform/db/client.js';
import { rows } from '../../server/platform/db/sql.js';
import { systemContext } from '../../server/platform/http/context.js';
import { SUPERVISORS, loadPlaces, pickWith, prng, randomPerson } from '../../server/modules/orgs/orgs.demo-seed.js';
import { batches, type GenContext, type Generator } from './context.js';
import { draftOrg } from './orgs.js';

type Kind = Extract<ApplicationKind, 'establishment' | 'filing'>;

/** A one-page PDF standing in for a scanned document (file-type recognises it as PDF). */
const pdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

/** One stored file per checklist item, shared by the generated applications' attachments. */
async function materialFiles(ctx: GenContext, tx: DbOrTx, uploadedBy: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const items = new Map<string, string>();
  for (const kind of ['establishment', 'filing'] as const) for (const i of CHECKLISTS[kind]) if (i.required) items.set(i.key, i.name);
  for (const [key, name] of items) {
    const bytes = pdf(key);
    const storageKey = `generated/${randomUUID()}.pdf`;
    const temp = ctx.storage.tempPath(randomUUID());
    fs.writeFileSync(temp, bytes);
    await ctx.storage.put(storageKey, temp);
    const [f] = await rows<{ id: string }>(
      tx,
      sql`insert into files (sha256, size, mime, extension, original_name, storage_key, uploaded_by)
          values (${createHash('sha256').update(bytes).digest('hex')}, ${bytes.length}, 'application/pdf', 'pdf', ${`${name}.pdf`}, ${storageKey}, ${uploadedBy}) returning id`,
    );
    out.set(key, f.id);
  }
  return out;
}

async function generateApplications(ctx: GenContext, target: number): Promise<string> {
  const db = ctx.database.db;
  const [{ n: before }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from cases where case_type = 'application' and state = 'submitted'`);
  if (before >= target) return `applications: ${before.toLocaleString('en')} already wait for acceptance (>= ${target.toLocaleString('en')}); nothing to do`;
  const want = target - before;
  const applicants = await rows<{ id: string; display_name: string }>(
    db,
    sql`select distinct u.id, u.display_name, u.created_at from users u join role_grants g on g.user_id = u.id where g.role = 'applicant' and u.status = 'active' order by u.created_at, u.id`,
  );
  if (applicants.length === 0) throw new Error('applications: no active user holds the applicant role (load the demo data first)');
  const places = await loadPlaces(db);
  const taken = new Set((await rows<{ name: string }>(db, sql`select name from orgs union select form->>'name' from applications where form->>'name' is not null`)).map((r) => r.name));
  const def = applicationCaseType(ctx.pii);
  const today = todayInChina();
  // The demo's applications are filed in its first city, whose step limits they keep.
  const [city] = await rows<{ id: string }>(db, sql`select id from regions where level = 'city' order by created_at, code limit 1`);
  const dueOn: Record<Kind, string | null> = {
    establishment: await limitDue(db, def, 'establishment', today, city?.id ?? null),
    filing: await limitDue(db, def, 'filing', today, city?.id ?? null),
  };
  const rnd = prng(4810 + before);
  const pick = pickWith(rnd);
  const t0 = Date.now();

  const files = await db.transaction((tx) => materialFiles(ctx, tx, applicants[0].id));
  let made = 0;
  const year = today.slice(0, 4);
  for (const size of batches(Array.from({ length: want }, (_, i) => i)).map((b) => b.length)) {
    made += await db.transaction(async (tx) => {
      // Numbering as the engine does it: under its advisory lock, after the highest number of the year.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`case-number:SQ${year}`}))`);
      const [last] = await rows<{ number: string }>(tx, sql`select number from cases where number like ${`SQ${year}%`} order by number desc limit 1`);
      let serial = last ? Number(last.number.slice(6)) : 0;
      const caseRows = [];
      const steps = [];
      const assignments = [];
      const details = [];
      const attachments = [];
      for (let i = 0; i < size; i++) {
        const kind: Kind = rnd() < 0.7 ? 'establishment' : 'filing';
        const d = draftOrg(rnd, places, taken, kind === 'filing' ? 'communityOrg' : rnd() < 0.7 ? 'serviceAgency' : 'association');
        if (!d) throw new Error('applications: ran out of new organization names');
        taken.add(d.name);
        const owner = applicants[(made + i) % applicants.length];
        const rep = randomPerson(rnd, made + i);
        const contact = randomPerson(rnd, made + i + 500);
        const form = {
          name: d.name,
          type: d.type,
          townId: d.town.id,
          communityId: d.community.id,
          address: `浙江省海宁市${d.town.name}${d.community.name}${1 + Math.floor(rnd() * 300)}号`,
          businessScope: `开展${d.topic}相关公益服务、宣传倡导与志愿活动`,
          serviceFields: d.fields,
          supervisingUnitId: kind === 'filing' ? null : (places.departments.get(pick(SUPERVISORS)) ?? null),
          registeredCapitalFen: kind === 'filing' ? 0 : 30_000_00,
          legalRepName: rep.name,
          legalRepIdNumber: rep.id,
          legalRepPhone: rep.phone,
          contactName: contact.name,
          contactPhone: contact.phone,
        };
        const id = randomUUID();
        // Filed a few minutes to a few hours ago, submitted right after.
        const created = new Date(Date.now() - Math.floor(rnd() * 6 * 3_600_000) - 600_000);
        const submitted = new Date(created.getTime() + 300_000);
        serial += 1;
        caseRows.push({
          id,
          case_type: 'application',
          variant: kind,
          number: `SQ${year}${String(serial).padStart(5, '0')}`,
          title: `${d.name} ${APPLICATION_KIND_NAMES[kind].zh}`,
          state: 'submitted',
          region_path: d.town.path,
          owner_user_id: owner.id,
          state_entered_at: submitted.toISOString(),
          due_on: dueOn[kind],
          created_by: owner.id,
          created_at: created.toISOString(),
          updated_at: submitted.toISOString(),
          version: 2,
        });
        steps.push(
          { case_id: id, seq: 1, event: 'create', from_state: null, to_state: 'draft', actor_user_id: owner.id, actor_name: owner.display_name, acting_role: 'applicant', occurred_at: created.toISOString() },
          { case_id: id, seq: 2, event: 'submit', from_state: 'draft', to_state: 'submitted', actor_user_id: owner.id, actor_name: owner.display_name, acting_role: 'applicant', occurred_at: submitted.toISOString() },
        );
        assignments.push(
          { case_id: id, state: 'draft', kind: 'owner', permission: null, task: '填写申请并上传材料后提交', opened_at: created.toISOString(), closed_at: submitted.toISOString(), closed_by: owner.id },
          { case_id: id, state: 'submitted', kind: 'permission', permission: 'application.handle', task: '受理审查', opened_at: submitted.toISOString(), closed_at: null, closed_by: null },
        );
        details.push({ case_id: id, kind, form: sealForm(form, ctx.pii), town_id: d.town.id, applicant_name: owner.display_name, submitted_at: submitted.toISOString() });
        for (const item of CHECKLISTS[kind].filter((c) => c.required)) attachments.push({ case_id: id, file_id: files.get(item.key)!, item: item.key, uploaded_by: owner.id, created_at: created.toISOString() });
      }
      const json = (v: unknown) => JSON.stringify(v);
      await tx.execute(sql`insert into cases (id, case_type, variant, number, title, state, region_path, owner_user_id, state_entered_at, due_on, created_by, created_at, updated_at, version)
        select * from json_to_recordset(${json(caseRows)}::json) as x(id uuid, case_type text, variant text, number text, title text, state text, region_path text, owner_user_id uuid,
          state_entered_at timestamptz, due_on date, created_by uuid, created_at timestamptz, updated_at timestamptz, version integer)`);
      await tx.execute(sql`insert into case_steps (case_id, seq, event, from_state, to_state, actor_user_id, actor_name, acting_role, occurred_at)
        select * from json_to_recordset(${json(steps)}::json) as x(case_id uuid, seq integer, event text, from_state text, to_state text, actor_user_id uuid, actor_name text, acting_role text, occurred_at timestamptz)`);
      await tx.execute(sql`insert into case_assignments (case_id, state, kind, permission, task, opened_at, closed_at, closed_by)
        select * from json_to_recordset(${json(assignments)}::json) as x(case_id uuid, state text, kind text, permission text, task text, opened_at timestamptz, closed_at timestamptz, closed_by uuid)`);
      await tx.execute(sql`insert into applications (case_id, kind, form, town_id, applicant_name, submitted_at)
        select * from json_to_recordset(${json(details)}::json) as x(case_id uuid, kind text, form jsonb, town_id uuid, applicant_name text, submitted_at timestamptz)`);
      await tx.execute(sql`insert into case_attachments (case_id, file_id, item, uploaded_by, created_at)
        select * from json_to_recordset(${json(attachments)}::json) as x(case_id uuid, file_id uuid, item text, uploaded_by uuid, created_at timestamptz)`);
      return size;
    });
    if (made % 10_000 < size) ctx.log(`applications: ${made.toLocaleString('en')} / ${want.toLocaleString('en')}`);
  }
  await db.transaction((tx) =>
    appendAudit(tx, systemContext('gen'), { action: 'case.create', entityType: 'case', detail: { source: 'scripts/gen.ts', caseType: 'application', state: 'submitted', generated: made, before, target } }),
  );
  await db.execute(sql`analyze cases`);
  await db.execute(sql`analyze case_steps`);
  await db.execute(sql`analyze case_assignments`);
  await db.execute(sql`analyze applications`);
  await db.execute(sql`analyze case_attachments`);
  return `applications: added ${made.toLocaleString('en')} submitted applications (had ${before.toLocaleString('en')} waiting, now ${(before + made).toLocaleString('en')}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

async function limitDue(tx: DbOrTx, def: ReturnType<typeof applicationCaseType>, kind: Kind, today: string, cityId: string | null): Promise<string | null> {
  const days = await timeLimitOf(tx, def as unknown as CaseTypeDef, kind, 'submitted', cityId);
  return days === null ? null : addWorkingDays(tx, today, days);
}

export const applicationsGenerator: Generator = {
  flag: 'applications',
  help: 'online applications waiting to be accepted (state submitted); adds what is missing',
  run: generateApplications,
};
