// The case kit's rules (case-kit.ts): the action panel shows exactly the server's events, asks first only when it
// has to, always asks for a comment the server requires; sizes read in MB; an empty file is refused before it is sent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../app/api';
import { actedFirst, actionButtons, commentRule, fileSize, filesOf, uploadRefusal, type CaseAttachment } from './case-kit';

const events = [
  { event: 'accept', name: '受理', commentRequired: false },
  { event: 'requestSupplement', name: '一次性告知', commentRequired: false },
  { event: 'reject', name: '不予受理', commentRequired: true },
];

describe('the action panel', () => {
  it('shows every event the server allows, in its order and words, and no other', () => {
    const buttons = actionButtons(events, { accept: { tone: 'primary' }, giveOpinion: { tone: 'primary', form: true }, reject: { tone: 'danger' } });
    expect(buttons.map((b) => [b.event, b.name, b.tone])).toEqual([
      ['accept', '受理', 'primary'],
      ['requestSupplement', '一次性告知', 'default'],
      ['reject', '不予受理', 'danger'],
    ]);
    expect(actionButtons([], { accept: { tone: 'primary' } })).toEqual([]);
  });

  it('fires at once unless the event has a form, needs a comment, or the feature confirms every act', () => {
    const asks = (askAlways: boolean) => Object.fromEntries(actionButtons(events, { requestSupplement: { form: true } }, askAlways).map((b) => [b.event, b.asks]));
    expect(asks(false)).toEqual({ accept: false, requestSupplement: true, reject: true });
    expect(asks(true)).toEqual({ accept: true, requestSupplement: true, reject: true });
  });

  it('asks for a comment when the server requires one, even where the feature hides the box', () => {
    expect(commentRule(events[2], undefined)).toEqual({ shown: true, required: true });
    expect(commentRule(events[2], { comment: false })).toEqual({ shown: true, required: true });
    expect(commentRule(events[0], undefined)).toEqual({ shown: true, required: false });
    expect(commentRule(events[1], { comment: false })).toEqual({ shown: false, required: false });
    expect(commentRule(undefined, undefined)).toEqual({ shown: false, required: false });
  });

  it('knows a 409 for someone else having acted first', () => {
    expect(actedFirst(new ProblemError({ type: 'about:blank', title: '', status: 409, code: 'conflict', detail: '' }))).toBe(true);
    expect(actedFirst(new ProblemError({ type: 'about:blank', title: '', status: 422, code: 'validation', detail: '' }))).toBe(false);
    expect(actedFirst(new Error('x'))).toBe(false);
  });
});

describe('the attachment list', () => {
  it('shows sizes in B, KB and MB', () => {
    expect(fileSize(0)).toBe('0 B');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(3.5 * 1024 * 1024)).toBe('3.5 MB');
  });

  it('refuses an empty file and one over 20 MB before sending', () => {
    expect(uploadRefusal({ size: 0 })).toBe('empty');
    expect(uploadRefusal({ size: 20 * 1024 * 1024 + 1 })).toBe('tooLarge');
    expect(uploadRefusal({ size: 1 })).toBeNull();
  });

  it('lists the current files of an item, or all current files', () => {
    const file = (id: string, item: string | null, current: boolean): CaseAttachment => ({ id, fileId: id, item, name: id, mime: 'application/pdf', size: 1, sha256: '', uploadedAt: '', current });
    const files = [file('a', 'charter', false), file('b', 'charter', true), file('c', null, true)];
    expect(filesOf(files, 'charter').map((f) => f.id)).toEqual(['b']);
    expect(filesOf(files, null).map((f) => f.id)).toEqual(['b', 'c']);
  });
});

describe('one case kit', () => {
  // The action panel and the upload list live in web/features/cases; a feature adds its events' fields, not its own panel.
  it('is the only place that fires a transition or uploads a case file', () => {
    const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sources(p);
        return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
      });
    const own = sources(webDir)
      .filter((f) => !f.startsWith(path.join(webDir, 'features', 'cases') + path.sep))
      .filter((f) => /\/transitions`|\/cases\/\$\{[^}]+\}\/attachments`/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(webDir, f));
    expect(own).toEqual([]);
  });

  // Every upload (a case's files, a record's photos, a meeting's files, the org import) goes through
  // file-upload.tsx, so each refuses an empty or too large file, shows its progress and says a failure alike.
  it('is the only place that renders antd Upload', () => {
    const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sources(p);
        return /\.tsx$/.test(e.name) ? [p] : [];
      });
    const own = sources(webDir)
      .filter((f) => !f.startsWith(path.join(webDir, 'features', 'cases') + path.sep))
      .filter((f) => /import\s*\{[^}]*\bUpload\b[^}]*\}\s*from\s*'antd'/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(webDir, f));
    expect(own).toEqual([]);
  });
});
