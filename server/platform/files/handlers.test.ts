// The file kit's download answer: the stored bytes with safe headers, or — when the row exists but the bytes were
// removed behind our back — a 404 problem+json (logged as an error), never a 500 or a cut-off answer.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { rows } from '../db/sql.js';
import { attach, fileDraft, PDF_BYTES } from '../../modules/applications/application-factories.js';

const ctx = useTestApp('shenqing');

describe('downloading a stored file', () => {
  it('sends the bytes as a sandboxed attachment, and 404 once the bytes are gone', async () => {
    const draft = await fileDraft(ctx.t.app, ctx.as.shenqing);
    const uploaded = await attach(ctx.t.app, ctx.as.shenqing, draft.id, 'charter');
    expect(uploaded.statusCode).toBe(201);
    const { id } = uploaded.json<{ id: string }>();
    const url = `/api/v1/cases/${draft.id}/attachments/${id}`;

    const ok = await call(ctx.t.app, ctx.as.shenqing, 'GET', url);
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.equals(PDF_BYTES)).toBe(true);
    expect(ok.headers['content-disposition']).toMatch(/^attachment;/);
    expect(ok.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(ok.headers['cache-control']).toBe('private, no-store');

    const [file] = await rows<{ storage_key: string }>(ctx.t.app.database.db, sql`select f.storage_key from files f join case_attachments a on a.file_id = f.id where a.id = ${id}`);
    fs.rmSync(path.join(ctx.t.app.config.dataDir, 'files', file.storage_key));
    expectProblem(await call(ctx.t.app, ctx.as.shenqing, 'GET', url), 404, 'not_found');
  });
});
