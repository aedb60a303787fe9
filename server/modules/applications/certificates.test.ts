import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/sql.js';
import { call, expectProblem, login, useTestApp } from '../../test/harness.js';
import { registerApplicant } from '../../test/citizens.js';
import { attach, establishmentForm, fire, makeDecidingApplication } from './application-factories.js';
import type { LightMyRequestResponse } from 'fastify';

/** The fields a 422 names, in order: a refusal must say which input was wrong, not only that one was. */
const failedFields = (res: LightMyRequestResponse, code?: string) => ((expectProblem(res, 422, code) as unknown as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

const ctx = useTestApp('admin', 'xucun', 'minzheng', 'weijian', 'shenqing');
const app = () => ctx.t.app;
const as = () => ({ applicant: ctx.as.shenqing, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian });

async function outsider() {
  const phone = '13588880077';
  await registerApplicant(app(), { phone, displayName: '周旁人', password: 'Pangren#2026a' });
  return login(app(), phone, 'Pangren#2026a');
}

describe('electronic registration certificates', () => {
  let caseId = '';
  let orgId = '';
  let token = '';

  it('issues a certificate with the approval of an establishment', async () => {
    const form = await establishmentForm(app(), { name: '海宁市许村镇证书测试居家养老服务中心' });
    caseId = await makeDecidingApplication(app(), as(), form);
    expectProblem(await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${caseId}/certificate`), 404, 'not_found');
    const approved = await fire(app(), ctx.as.admin, caseId, 'approve', { comment: '准予成立登记' });
    expect(approved.json()).toMatchObject({ state: 'completed', outcome: 'approved' });
    orgId = approved.json().orgId as string;

    const res = await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${caseId}/certificate`);
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    expect(summary).toMatchObject({ kind: 'registration', status: 'current', revokedAt: null, pdfPath: `/api/v1/applications/${caseId}/certificate.pdf` });
    expect(summary.serial).toMatch(/^330481R\d{4}\d{6}$/);
    expect(summary.serialText).toMatch(/^浙海民证字第\d{10}号$/);
    expect(summary.serialText).toContain(summary.serial.slice(7));
    token = summary.verifyPath.replace('/verify/', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [row] = await rows<{ n: number }>(app().database.db, sql`select count(*)::int as n from certificates where org_id = ${orgId} and case_id = ${caseId} and revoked_at is null`);
    expect(row.n).toBe(1);
  });

  it('serves the PDF with the Chinese font embedded as a subset, to those who may see the application', async () => {
    const res = await call(app(), ctx.as.shenqing, 'GET', `/api/v1/applications/${caseId}/certificate.pdf`, undefined, { host: 'shezhi.test' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"; filename\*=UTF-8''%E6%B5%B7/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toContain('/FontFile3');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    // A subset, not the 8 MB font.
    expect(pdf.length).toBeGreaterThan(20_000);
    expect(pdf.length).toBeLessThan(400_000);
    // Town staff who see 许村镇's applications may download it too; someone else gets the same 404 as for nothing.
    expect((await call(app(), ctx.as.xucun, 'GET', `/api/v1/applications/${caseId}/certificate.pdf`)).statusCode).toBe(200);
    const other = await outsider();
    expectProblem(await call(app(), other, 'GET', `/api/v1/applications/${caseId}/certificate.pdf`), 404, 'not_found');
    expectProblem(await call(app(), other, 'GET', `/api/v1/applications/${caseId}/certificate`), 404, 'not_found');
    expectProblem(await call(app(), null, 'GET', `/api/v1/applications/${caseId}/certificate.pdf`), 401);
  });

  it('lets anyone verify the certificate by its token, showing public fields only', async () => {
    const org = (await call(app(), ctx.as.admin, 'GET', `/api/v1/orgs/${orgId}`)).json();
    const res = await call(app(), null, 'GET', `/api/v1/public/certificates/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      valid: true,
      status: 'current',
      kind: 'registration',
      orgName: '海宁市许村镇证书测试居家养老服务中心',
      creditCode: org.creditCode,
      type: 'serviceAgency',
      issuingAuthority: '海宁市民政局',
      revokedAt: null,
    });
    expect(res.body).not.toContain('王晓燕');
    expectProblem(await call(app(), null, 'GET', `/api/v1/public/certificates/${'A'.repeat(32)}`), 404, 'not_found');
    expect(failedFields(await call(app(), null, 'GET', '/api/v1/public/certificates/not-a-token'), 'validation')).toEqual(['token']);
  });

  it('lets anyone verify by typing the certificate number (as printed or in ASCII) or the credit code', async () => {
    const summary = (await call(app(), as().applicant, 'GET', `/api/v1/applications/${caseId}/certificate`)).json();
    const byToken = (await call(app(), null, 'GET', `/api/v1/public/certificates/${token}`)).json();
    const lookup = (number: string) => call(app(), null, 'GET', `/api/v1/public/certificates?number=${encodeURIComponent(number)}`);
    for (const typed of [summary.serialText, ` ${summary.serial.toLowerCase()} `, byToken.creditCode, byToken.creditCode.toLowerCase()]) {
      const res = await lookup(typed);
      expect(res.statusCode, typed).toBe(200);
      expect(res.json()).toEqual(byToken);
    }
    expectProblem(await lookup('浙海民证字第9999999999号'), 404, 'not_found');
    expectProblem(await lookup('91330481MA2XXXXXX0'), 404, 'not_found');
    expect(failedFields(await lookup('123'), 'validation')).toEqual(['number']);
  });

  it('revokes the certificate when the org’s deregistration is approved, and marks the PDF', async () => {
    // The approval made the applicant the org's member (its contact person): they file for it.
    const member = await login(app(), 'shenqing');
    const filed = await call(app(), member, 'POST', '/api/v1/applications', { kind: 'deregistration', form: { orgId, reason: '理事会决议解散，清算已完成', liquidationDone: true } });
    expect(filed.statusCode).toBe(201);
    const id = filed.json().id as string;
    for (const item of ['applicationLetter', 'resolution', 'liquidationReport']) expect((await attach(app(), member, id, item)).statusCode).toBe(201);
    expect((await fire(app(), member, id, 'submit')).statusCode).toBe(200);
    expect((await fire(app(), ctx.as.admin, id, 'accept')).json().state).toBe('reviewing');
    for (const who of [ctx.as.minzheng, ctx.as.weijian]) {
      const res = await fire(app(), who, id, 'giveOpinion', { input: { opinion: 'agree' }, comment: '同意注销' });
      expect(res.statusCode).toBe(200);
    }
    expect((await fire(app(), ctx.as.admin, id, 'approve')).json()).toMatchObject({ state: 'completed', outcome: 'approved' });

    const verified = (await call(app(), null, 'GET', `/api/v1/public/certificates/${token}`)).json();
    expect(verified).toMatchObject({ valid: false, status: 'revoked' });
    expect(verified.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await call(app(), member, 'GET', `/api/v1/applications/${caseId}/certificate`)).json().status).toBe('revoked');
    const pdf = await call(app(), member, 'GET', `/api/v1/applications/${caseId}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(decodeURIComponent(String(pdf.headers['content-disposition']).split("UTF-8''")[1])).toContain('已注销');
    // The deregistration itself issues nothing.
    expectProblem(await call(app(), member, 'GET', `/api/v1/applications/${id}/certificate.pdf`), 404, 'not_found');
  });

  it('rate-limits public verification', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await call(app(), null, 'GET', `/api/v1/public/certificates/${token}`)).statusCode);
    expect(statuses).toContain(429);
  });
});
