// Every call to the server goes through web/app/api.ts (CSRF token, language, problem+json, session end): a page that
// calls fetch or builds its own multipart body bypasses all four (issue 14 §2: four uploads did).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });

describe('the web client', () => {
  it('is the only place that calls fetch, XMLHttpRequest or builds a FormData', () => {
    const bypass = sources(webDir)
      .filter((f) => path.relative(webDir, f) !== path.join('app', 'api.ts'))
      .filter((f) => /\bfetch\(|new XMLHttpRequest\(|new FormData\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(webDir, f));
    expect(bypass).toEqual([]);
    expect(fs.readFileSync(path.join(webDir, 'app', 'api.ts'), 'utf8')).toMatch(/new XMLHttpRequest\(/);
  });

  it('shows a failed request with the one error alert (components/error-alert.tsx)', () => {
    const own = sources(webDir)
      .filter((f) => path.relative(webDir, f) !== path.join('components', 'error-alert.tsx'))
      .filter((f) => /<Alert type="error"[^>]*problemMessage\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(webDir, f));
    expect(own).toEqual([]);
  });
});
