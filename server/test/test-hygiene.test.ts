import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Tests that pass without proving anything (issue 14 §6): a test that returns early on one database reports a
// pass it never earned (use it.skipIf, which reports a skip), and a test whose last word is `toBeTruthy()`
// accepts any value at all.

const ROOTS = ['server', 'contracts'];

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** `file:line` of each match of `pattern` (global) in the test files. */
function findAll(pattern: RegExp): string[] {
  const found: string[] = [];
  for (const file of ROOTS.flatMap(testFiles)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(pattern)) found.push(`${file}:${text.slice(0, m.index).split('\n').length}`);
  }
  return found.sort();
}

describe('tests that prove something', () => {
  it('never return early from a test on the database kind (it.skipIf reports the skip)', () => {
    expect(findAll(/^\s*if \([^\n]*\.kind\b[^\n]*\)\s*return;/gm)).toEqual([]);
  });

  it('never end a test on toBeTruthy()', () => {
    expect(findAll(/\.toBeTruthy\(\);\s*\n\s*\}\);/g)).toEqual([]);
  });
});
