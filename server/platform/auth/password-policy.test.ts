import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy.js';

describe('password policy (MLPS level 3)', () => {
  it.each([
    ['Short1!', '至少 10 位'],
    ['alllowercase1', '至少三类'],
    ['Zhangwei-2026', '用户名'],
    ['Password123', '过于常见'],
    ['P@ssw0rd!!', '过于常见'],
  ])('refuses %s', (password, reason) => {
    expect(checkPasswordPolicy(password, 'zhangwei')?.zh).toContain(reason);
  });
  it('accepts a long password with three classes', () => {
    expect(checkPasswordPolicy('Shezhi@2026', 'admin')).toBeNull();
    expect(checkPasswordPolicy('haining-town-42', 'xucun')).toBeNull();
  });
});
