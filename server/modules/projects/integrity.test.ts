// Rules the database keeps whatever code writes (issue 14 §3): a payment's ledger row, a project's recommended and
// awarded bids and a ledger row's case exist; the allocation a project or a ledger row names belongs to its line;
// a paid request has its voucher, date and ledger row, and an unpaid one none of them; the ids a project keeps in
// its join tables (towns, the attachments of service records and rectification responses) name real rows.
import { describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { useTestApp } from '../../test/harness.js';
import { pgErrorOf, rows } from '../../platform/db/sql.js';

const ctx = useTestApp();
const db = () => ctx.t.app.database.db;
const refused = async (statement: SQL) => pgErrorOf(await db().execute(statement).then(() => null, (err: unknown) => err));

describe('integrity kept by the database', () => {
  it('refuses dangling references and mismatched pairs', async () => {
    const [paid] = await rows<{ id: string }>(db(), sql`select id from payment_requests where state = 'paid' limit 1`);
    const [project] = await rows<{ case_id: string; line_id: string }>(db(), sql`select case_id, line_id from service_projects where allocation_id is not null limit 1`);
    const [otherLine] = await rows<{ id: string }>(db(), sql`select id from fund_allocations where line_id <> ${project.line_id} limit 1`);
    const [movement] = await rows<{ id: string }>(db(), sql`select m.id from fund_movements m join fund_allocations a on a.id = m.allocation_id where a.line_id = ${project.line_id} limit 1`);
    const ghost = '00000000-0000-4000-8000-000000000000';

    expect(await refused(sql`update payment_requests set fund_movement_id = ${ghost} where id = ${paid.id}`)).toMatchObject({ code: '23503', constraint: 'payment_requests_fund_movement_id_fund_movements_id_fk' });
    expect(await refused(sql`update service_projects set awarded_bid_id = ${ghost} where case_id = ${project.case_id}`)).toMatchObject({ code: '23503', constraint: 'service_projects_awarded_bid_id_project_bids_id_fk' });
    expect(await refused(sql`update service_projects set recommended_bid_id = ${ghost} where case_id = ${project.case_id}`)).toMatchObject({ code: '23503', constraint: 'service_projects_recommended_bid_id_project_bids_id_fk' });
    // The ledger is append-only: its rules are tried on a new row copied from an existing one.
    const copy = (changes: { caseId?: string; allocationId?: string }) =>
      sql`insert into fund_movements (fund_id, line_id, allocation_id, project_id, case_id, kind, amount_fen, allocation_available_after_fen, line_available_after_fen, note)
          select fund_id, line_id, ${changes.allocationId ?? sql`allocation_id`}, project_id, ${changes.caseId ?? sql`case_id`}, kind, amount_fen, allocation_available_after_fen, line_available_after_fen, note from fund_movements where id = ${movement.id}`;
    expect(await refused(copy({ caseId: ghost }))).toMatchObject({ code: '23503', constraint: 'fund_movements_case_id_cases_id_fk' });
    expect(await refused(sql`update service_projects set allocation_id = ${otherLine.id} where case_id = ${project.case_id}`)).toMatchObject({ code: '23503', constraint: 'service_projects_allocation_line_fk' });
    expect(await refused(copy({ allocationId: otherLine.id }))).toMatchObject({ code: '23503', constraint: 'fund_movements_allocation_line_fk' });
    expect(await refused(sql`update payment_requests set voucher_no = null where id = ${paid.id}`)).toMatchObject({ code: '23514', constraint: 'payment_requests_paid_ck' });
    expect(await refused(sql`update payment_requests set state = 'requested' where id = ${paid.id}`)).toMatchObject({ code: '23514', constraint: 'payment_requests_paid_ck' });
  });

  it('keeps the towns a project serves real (service_project_towns)', async () => {
    const [town] = await rows<{ project_id: string; town_id: string }>(db(), sql`select project_id, town_id from service_project_towns limit 1`);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await refused(sql`insert into service_project_towns (project_id, town_id) values (${town.project_id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'service_project_towns_town_id_regions_id_fk' });
    expect(await refused(sql`insert into service_project_towns (project_id, town_id) values (${ghost}, ${town.town_id})`)).toMatchObject({ code: '23503', constraint: 'service_project_towns_project_id_service_projects_case_id_fk' });
    expect(await refused(sql`update service_project_towns set town_id = ${ghost} where project_id = ${town.project_id} and town_id = ${town.town_id}`)).toMatchObject({ code: '23503', constraint: 'service_project_towns_town_id_regions_id_fk' });
  });

  it('keeps the attachments of service records and rectification responses real (case_attachments rows)', async () => {
    const [record] = await rows<{ id: string }>(db(), sql`select id from service_records limit 1`);
    const [rectification] = await rows<{ id: string }>(db(), sql`select id from rectifications limit 1`);
    const [attachment] = await rows<{ id: string }>(db(), sql`select id from case_attachments limit 1`);
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await refused(sql`insert into service_record_attachments (record_id, attachment_id) values (${record.id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'service_record_attachments_attachment_fk' });
    expect(await refused(sql`insert into service_record_attachments (record_id, attachment_id) values (${ghost}, ${attachment.id})`)).toMatchObject({ code: '23503', constraint: 'service_record_attachments_record_fk' });
    expect(await refused(sql`insert into rectification_response_attachments (rectification_id, attachment_id) values (${rectification.id}, ${ghost})`)).toMatchObject({ code: '23503', constraint: 'rectification_response_attachments_attachment_fk' });
    expect(await refused(sql`insert into rectification_response_attachments (rectification_id, attachment_id) values (${ghost}, ${attachment.id})`)).toMatchObject({ code: '23503', constraint: 'rectification_response_attachments_rectification_fk' });
  });
});
