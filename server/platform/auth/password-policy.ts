import { COMMON_PASSWORDS } from './common-passwords.js';

export interface PolicyFailure {
  zh: string;
  en: string;
}

/** MLPS level 3 password rule: length >= 10, three of four character classes, not the username, not common. */
export function checkPasswordPolicy(password: string, username: string): PolicyFailure | null {
  if (password.length < 10) return { zh: '密码至少 10 位。', en: 'The password must have at least 10 characters.' };
  if (password.length > 128) return { zh: '密码不能超过 128 位。', en: 'The password must have at most 128 characters.' };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return { zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类。', en: 'Use at least three of: uppercase, lowercase, digits, symbols.' };
  const lower = password.toLowerCase();
  const user = username.toLowerCase();
  if (user.length >= 3 && (lower.includes(user) || lower.includes([...user].reverse().join('')))) {
    return { zh: '密码不能包含用户名。', en: 'The password must not contain the username.' };
  }
  // "P@ssw0rd!!" is "password" to an attacker's dictionary rules: undo common substitutions first.
  const unleeted = lower.replace(/[@4]/g, 'a').replace(/0/g, 'o').replace(/[1!|]/g, 'i').replace(/\$/g, 's').replace(/3/g, 'e');
  const candidates = [lower, ...[lower, unleeted].flatMap((v) => {
    const stripped = v.replace(/[^a-z0-9]/g, '');
    return [stripped, stripped.replace(/\d+$/, ''), stripped.replace(/i+$/, '')];
  })];
  if (candidates.some((c) => COMMON_PASSWORDS.has(c))) {
    return { zh: '该密码过于常见，请换一个。', en: 'This password is too common; choose another.' };
  }
  return null;
}
