// A meeting's agenda names real meetings and real cases: the database refuses a dangling id (issue 14 §3).
import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { useTestApp } from '../../test/harness.js';
import { pgErrorOf, rows } from '../../platform/db/sql.js';

const ctx = useTestApp();
const db = () => ctx.t.app.database.db;
const refused = async (statement: SQL) => pgErrorOf(await db().execute(statement).then(() => null, (err: unknown) => err));

describe('project_meeting_projects', () => {
  it('refuses an agenda item naming no case or no meeting', async () => {
    const [item] = await rows<{ meeting_id: string; project_id: string }>(db(), sql`select meeting_id, project_id from project_meeting_projects limit 1`);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await refused(sql`insert into project_meeting_projects (meeting_id, project_id) values (${item.meeting_id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'project_meeting_projects_project_id_cases_id_fk' });
    expect(await refused(sql`insert into project_meeting_projects (meeting_id, project_id) values (${ghost}, ${item.project_id})`)).toMatchObject({ code: '23503', constraint: 'project_meeting_projects_meeting_id_project_meetings_id_fk' });
  });
});
