import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, useTestApp } from '../../test/harness.js';
import { rows } from '../../platform/db/sql.js';
import { fillMaskedPersonalData } from './fill-masked.js';

const ctx = useTestApp('admin');

describe('masked personal data stored with the sealed values', () => {
  it('is written by the seed, shown in responses, and filled in at startup for rows that lack it', async () => {
    const db = ctx.t.app.database.db;
    const [org] = await rows<{ id: string; legal_rep_id_masked: string; legal_rep_phone_masked: string }>(
      db,
      sql`select id, legal_rep_id_masked, legal_rep_phone_masked from orgs where legal_rep_id_sealed is not null order by name limit 1`,
    );
    expect(org.legal_rep_id_masked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(org.legal_rep_phone_masked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    // Nothing to do on a database whose every row has them.
    expect(await fillMaskedPersonalData(db, ctx.t.app.pii)).toBe(0);

    await db.execute(sql`update orgs set legal_rep_id_masked = null, legal_rep_phone_masked = null, contact_phone_masked = null where id = ${org.id}`);
    const before = await call(ctx.t.app, ctx.as.admin, 'GET', `/api/v1/orgs/${org.id}`);
    // The presenter decrypts when the stored form is missing: the answer does not change.
    expect(before.json().legalRepIdNumber).toBe(org.legal_rep_id_masked);
    expect(await fillMaskedPersonalData(db, ctx.t.app.pii, 2)).toBe(1);
    const [after] = await rows<{ legal_rep_id_masked: string; legal_rep_phone_masked: string }>(db, sql`select legal_rep_id_masked, legal_rep_phone_masked from orgs where id = ${org.id}`);
    expect(after).toEqual({ legal_rep_id_masked: org.legal_rep_id_masked, legal_rep_phone_masked: org.legal_rep_phone_masked });
  });
});
