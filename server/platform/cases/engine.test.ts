import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/sql.js';
import { call, expectProblem, useTestApp } from '../../test/harness.js';
import { fire, makeDecidingApplication, makeSubmittedApplication } from '../../modules/applications/application-factories.js';
import { caseTypeOf, mermaidOf, targetsOf } from './define.js';
import { markOverdueCases } from './overdue.js';
import { deliverOutbox, setEnabledChannels, webhookAdapter } from '../notify/notify.js';
import fs from 'node:fs';

const ctx = useTestApp('admin', 'xucun', 'minzheng', 'weijian', 'shenqing', 'auditor');
const app = () => ctx.t.app;
const db = () => ctx.t.app.database.db;
const people = () => ({ applicant: ctx.as.shenqing, admin: ctx.as.admin, minzheng: ctx.as.minzheng, weijian: ctx.as.weijian });

afterAll(() => setEnabledChannels([]));

describe('the case engine', () => {
  it('declares a consistent table, drawn in docs/workflows/application.md', () => {
    const def = caseTypeOf('application');
    for (const t of def.transitions) {
      for (const f of t.from) expect(def.states).toContain(f);
      for (const to of targetsOf(t)) expect(def.states).toContain(to);
    }
    // Every non-terminal state can be left; every state but the initial one can be reached.
    for (const s of def.states) {
      if (!def.terminal.includes(s)) expect(def.transitions.some((t) => t.from.includes(s)), s).toBe(true);
      if (s !== def.initial) expect(def.transitions.some((t) => targetsOf(t).includes(s)), s).toBe(true);
    }
    const doc = fs.readFileSync('docs/workflows/application.md', 'utf8');
    expect(doc).toContain(mermaidOf(def));
  });

  it('lets exactly one of 20 simultaneous approvals through; the others get 409', async () => {
    const id = await makeDecidingApplication(app(), people());
    const version = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 20 }, () => fire(app(), ctx.as.admin, id, 'approve', { version })));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json().currentState).toBe('completed');
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from orgs where id = (select org_id from cases where id = ${id})`);
    expect(n).toBe(1);
    const [{ steps }] = await rows<{ steps: number }>(db(), sql`select count(*)::int as steps from case_steps where case_id = ${id} and event = 'approve'`);
    expect(steps).toBe(1);
  });

  it('never leaves the transition table under random actions by random people, and audits each move once', async () => {
    const def = caseTypeOf('application');
    const table = new Set(def.transitions.flatMap((t) => t.from.flatMap((f) => targetsOf(t).map((to) => `${f}|${t.event}|${to}`))));
    const who = ['shenqing', 'admin', 'minzheng', 'weijian', 'xucun', 'auditor'] as const;
    const events = [...new Set(def.transitions.map((t) => t.event)), 'teleport'];
    const action = fc.record({ who: fc.constantFrom(...who), event: fc.constantFrom(...events), stale: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
        let moves = 1; // the submission
        for (const a of actions) {
          const [before] = await rows<{ state: string; version: number }>(db(), sql`select state, version from cases where id = ${id}`);
          const input = a.event === 'giveOpinion' ? { opinion: 'agree' } : a.event === 'requestSupplement' ? { items: [{ field: 'businessScope', problem: '请补充业务范围' }] } : undefined;
          const res = await fire(app(), ctx.as[a.who], id, a.event, { version: a.stale ? before.version - 1 : before.version, comment: '意见', input });
          expect([200, 403, 404, 409, 422]).toContain(res.statusCode);
          const [after] = await rows<{ state: string; version: number }>(db(), sql`select state, version from cases where id = ${id}`);
          if (res.statusCode === 200) {
            moves += 1;
            expect(table.has(`${before.state}|${a.event}|${after.state}`), `${before.state}|${a.event}|${after.state}`).toBe(true);
            expect(after.version).toBe(before.version + 1);
          } else {
            expect(after).toEqual(before);
          }
        }
        const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'case.transition' and entity_id = ${id}`);
        expect(n).toBe(moves);
        const [{ steps }] = await rows<{ steps: number }>(db(), sql`select count(*)::int - 1 as steps from case_steps where case_id = ${id}`);
        expect(steps).toBe(moves);
      }),
      { numRuns: 12 },
    );
  });

  it('counts deadlines in working days, marks overdue steps once, and puts them first in the inbox', async () => {
    // Cases the demo data or other tests left overdue are marked first, so the count below is this case alone.
    await markOverdueCases(db(), '2026-11-30');
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const fresh = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${id}`)).json();
    expect(fresh.workingDaysLeft).toBe(2);
    expect(fresh.overdue).toBe(false);
    await db().execute(sql`update cases set due_on = '2026-10-09' where id = ${id}`);
    const first = await markOverdueCases(db(), '2026-11-30');
    expect(first?.marked).toBe(1);
    expect((await markOverdueCases(db(), '2026-11-30'))?.marked).toBe(0);
    const inbox = (await call(app(), ctx.as.admin, 'GET', '/api/v1/inbox')).json().items as { id: string; overdue: boolean; workingDaysLeft: number }[];
    expect(inbox[0]).toMatchObject({ id, overdue: true });
    expect(inbox[0].workingDaysLeft).toBeLessThan(0);
    const notes = (await call(app(), ctx.as.admin, 'GET', '/api/v1/notifications?unreadOnly=true')).json();
    expect(notes.items.some((m: { title: string; link: string }) => m.title.startsWith('已超期') && m.link === `/applications/${id}`)).toBe(true);
    const [{ n }] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where action = 'case.overdue' and entity_id = ${id}`);
    expect(n).toBe(1);
    const read = await call(app(), ctx.as.admin, 'POST', '/api/v1/notifications/read', { all: true });
    expect(read.json().updated).toBeGreaterThan(0);
    expect((await call(app(), ctx.as.admin, 'GET', '/api/v1/notifications')).json().unread).toBe(0);
  });

  // PGlite has one connection: there is no second instance. Skipped there, and reported as skipped.
  it.skipIf(inject('testDb').kind !== 'postgres')('runs the overdue job in one instance only while another holds its lock', async () => {
    const { default: pg } = await import('pg');
    const [{ name }] = await rows<{ name: string }>(db(), sql`select current_database() as name`);
    const url = new URL(String(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'));
    url.pathname = `/${name}`;
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(738204101)');
      expect(await markOverdueCases(db())).toBeNull();
      await holder.query('commit');
      expect(await markOverdueCases(db())).not.toBeNull();
    } finally {
      await holder.end();
    }
  });

  it('delivers each outbox message once through a webhook, retrying failures later', async () => {
    const received: { key: string; body: { title: string } }[] = [];
    let fail = true;
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        if (fail) {
          res.statusCode = 503;
          return res.end();
        }
        received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(data) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`;
    try {
      setEnabledChannels(['dingtalk']);
      await makeSubmittedApplication(app(), ctx.as.shenqing);
      setEnabledChannels([]);
      const adapter = webhookAdapter('dingtalk', url, (s) => app().pii.decrypt(s));
      const failed = await deliverOutbox(db(), [adapter]);
      expect(failed.failed).toBeGreaterThan(0);
      expect(failed.delivered).toBe(0);
      const [pending] = await rows<{ attempts: number; later: boolean }>(db(), sql`select attempts, next_attempt_at > now() as later from notification_outbox where delivered_at is null limit 1`);
      expect(pending).toEqual({ attempts: 1, later: true });
      fail = false;
      await db().execute(sql`update notification_outbox set next_attempt_at = now() where delivered_at is null`);
      const [a, b] = await Promise.all([deliverOutbox(db(), [adapter]), deliverOutbox(db(), [adapter])]);
      expect(a.delivered + b.delivered).toBe(failed.failed);
      expect(new Set(received.map((r) => r.key)).size).toBe(received.length);
      expect(received.length).toBe(failed.failed);
      expect((await deliverOutbox(db(), [adapter])).delivered).toBe(0);
    } finally {
      setEnabledChannels([]);
      server.close();
    }
  });

  it('answers a transition with the case file, or with 204 and the new version under Prefer: return=minimal', async () => {
    const full = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const v1 = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${full}`)).json().version as number;
    const res = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${full}/transitions`, { event: 'accept', version: v1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: full, version: v1 + 1 });
    expect(res.json().steps.length).toBeGreaterThan(1);

    const minimal = await makeSubmittedApplication(app(), ctx.as.shenqing);
    const v2 = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${minimal}`)).json().version as number;
    const lean = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${minimal}/transitions`, { event: 'accept', version: v2 }, { prefer: 'respond-async, RETURN=minimal' });
    expect(lean.statusCode).toBe(204);
    expect(lean.body).toBe('');
    expect(lean.headers['preference-applied']).toBe('return=minimal');
    expect(lean.headers.etag).toBe(`"${v2 + 1}"`);
    const after = (await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${minimal}`)).json();
    expect(after).toMatchObject({ version: v2 + 1, state: res.json().state });
    // A refusal is a problem whatever was preferred, and changes nothing.
    const again = await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${minimal}/transitions`, { event: 'accept', version: v2 }, { prefer: 'return=minimal' });
    expectProblem(again, 409);
    expect((await call(app(), ctx.as.admin, 'GET', `/api/v1/cases/${minimal}`)).json().version).toBe(v2 + 1);
  });

  it('refuses outsiders and anonymous callers on every case route', async () => {
    const id = await makeSubmittedApplication(app(), ctx.as.shenqing);
    expectProblem(await call(app(), null, 'GET', `/api/v1/cases/${id}`), 401);
    expectProblem(await call(app(), ctx.as.minzheng, 'GET', `/api/v1/cases/${id}`), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.minzheng, 'POST', `/api/v1/cases/${id}/comments`, { body: '路过' }), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.minzheng, 'POST', `/api/v1/cases/${id}/transitions`, { event: 'accept', version: 2 }), 404, 'not_found');
    expectProblem(await call(app(), ctx.as.admin, 'POST', `/api/v1/cases/${id}/transitions`, { event: 'accept' }), 422, 'validation');
    // None of that moved the case.
    const [c] = await rows<{ state: string; version: number }>(db(), sql`select state, version from cases where id = ${id}`);
    expect(c).toEqual({ state: 'submitted', version: 2 });
  });
});

describe('email delivery', () => {
  it('sends outbox messages through a real SMTP server once, and gives up at once on users without an address', async () => {
    const { SMTPServer } = await import('smtp-server');
    const received: { to: string; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    const { emailAdapter } = await import('../notify/notify.js');
    try {
      await db().execute(sql`update users set email = 'office@haining.example' where username = 'admin'`);
      setEnabledChannels(['email']);
      await makeSubmittedApplication(app(), ctx.as.shenqing);
      setEnabledChannels([]);
      const adapter = emailAdapter(`smtp://127.0.0.1:${port}`, '社治通 <noreply@shezhi.local>', 'https://shezhi.example');
      const first = await deliverOutbox(db(), [adapter]);
      expect(first.delivered).toBe(1);
      expect(received).toHaveLength(1);
      expect(received[0].to).toBe('office@haining.example');
      expect(received[0].data).toContain('https://shezhi.example/applications/');
      // Users without an email address: failed once, never retried.
      const [{ undeliverable }] = await rows<{ undeliverable: number }>(db(), sql`select count(*)::int as undeliverable from notification_outbox where channel = 'email' and failed_at is not null and attempts = 8`);
      expect(undeliverable).toBe(first.failed);
      expect((await deliverOutbox(db(), [adapter])).delivered).toBe(0);
      expect(received).toHaveLength(1);
    } finally {
      setEnabledChannels([]);
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
