// The platform's kits are the one way to do what every module needs; a copy in a module is a defect that drifts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' || e.name === 'seed' || e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('factories') ? [p] : [];
  });
}

const KITS = [
  { what: "the member-of-this-org check (platform/access/policy.ts: isOrgMember, memberOrgIds)", pattern: /role === 'orgMember'/, home: 'platform/access/policy.ts' },
  { what: 'LIKE escaping (platform/db/like.ts: containing, startingWith)', pattern: /replace\(\/\[\\\\%_\]\/g/, home: 'platform/db/like.ts' },
];

describe('platform kits', () => {
  for (const kit of KITS) {
    it(`${kit.what} is written once`, () => {
      const copies = sourceFiles(serverDir)
        .filter((f) => path.relative(serverDir, f) !== kit.home)
        .filter((f) => kit.pattern.test(fs.readFileSync(f, 'utf8')))
        .map((f) => path.relative(serverDir, f));
      expect(copies).toEqual([]);
      expect(kit.pattern.test(fs.readFileSync(path.join(serverDir, kit.home), 'utf8'))).toBe(true);
    });
  }
});
