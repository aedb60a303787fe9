// The attachments a step carries are the case's attachment rows: the database refuses a dangling id (issue 14 §3).
import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { useTestApp } from '../../test/harness.js';
import { pgErrorOf, rows } from '../db/sql.js';

const ctx = useTestApp();
const db = () => ctx.t.app.database.db;
const refused = async (statement: SQL) => pgErrorOf(await db().execute(statement).then(() => null, (err: unknown) => err));

describe('case_step_attachments', () => {
  it('refuses a step attachment naming no attachment or no step', async () => {
    const [step] = await rows<{ id: number }>(db(), sql`select id from case_steps limit 1`);
    const [attachment] = await rows<{ id: string }>(db(), sql`select id from case_attachments limit 1`);
    expect(await refused(sql`insert into case_step_attachments (step_id, attachment_id) values (${step.id}, '00000000-0000-4000-8000-000000000000')`)).toMatchObject({ code: '23503', constraint: 'case_step_attachments_attachment_fk' });
    expect(await refused(sql`insert into case_step_attachments (step_id, attachment_id) values (-1, ${attachment.id})`)).toMatchObject({ code: '23503', constraint: 'case_step_attachments_step_fk' });
  });
});
