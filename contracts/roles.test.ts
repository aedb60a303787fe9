import { describe, expect, it } from 'vitest';
import { ROLE_DEFINITIONS, ROLES, WRITE_PERMISSIONS, PERMISSIONS } from './roles.js';

describe('role definitions', () => {
  it('read-only roles hold no write permission', () => {
    for (const role of ROLES) {
      const def = ROLE_DEFINITIONS[role];
      if (!def.readOnly) continue;
      const held = [...def.permissions, ...(def.globalPermissions ?? []), ...(def.cityPermissions ?? [])];
      expect(held.filter((p) => WRITE_PERMISSIONS.includes(p))).toEqual([]);
    }
  });
  it('every write permission is listed as such', () => {
    for (const p of PERMISSIONS.filter((p) => p.endsWith('.manage'))) expect(WRITE_PERMISSIONS).toContain(p);
    // A permission is a read (it ends in .read or .verify) or a write: a new one cannot slip past the read-only rule.
    expect(PERMISSIONS.filter((p) => !/\.(read|verify)$/.test(p) && !WRITE_PERMISSIONS.includes(p))).toEqual([]);
  });
});
