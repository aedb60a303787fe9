// The departments of a joint review, and of each kind's settings, are real rows: the database refuses a dangling id
// (issue 14 §3).
import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { useTestApp } from '../../test/harness.js';
import { pgErrorOf, rows } from '../../platform/db/sql.js';

const ctx = useTestApp();
const db = () => ctx.t.app.database.db;
const refused = async (statement: SQL) => pgErrorOf(await db().execute(statement).then(() => null, (err: unknown) => err));
const ghost = '00000000-0000-4000-8000-000000000000';

describe('review departments', () => {
  it('refuses a joint review naming no department or no application', async () => {
    const [review] = await rows<{ application_id: string; department_id: string }>(db(), sql`select application_id, department_id from application_review_departments limit 1`);
    expect(await refused(sql`insert into application_review_departments (application_id, department_id) values (${review.application_id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'application_review_departments_department_fk' });
    expect(await refused(sql`insert into application_review_departments (application_id, department_id) values (${ghost}, ${review.department_id})`)).toMatchObject({ code: '23503', constraint: 'application_review_departments_application_fk' });
  });

  it('refuses a kind’s setting naming no department, and a department of no setting', async () => {
    const [setting] = await rows<{ setting_id: string; department_id: string }>(db(), sql`select setting_id, department_id from application_setting_review_departments limit 1`);
    expect(await refused(sql`insert into application_setting_review_departments (setting_id, department_id) values (${setting.setting_id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'application_setting_review_departments_department_fk' });
    expect(await refused(sql`insert into application_setting_review_departments (setting_id, department_id) values (${ghost}, ${setting.department_id})`)).toMatchObject({ code: '23503', constraint: 'application_setting_review_departments_setting_fk' });
  });
});
