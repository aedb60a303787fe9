import { Alert } from 'antd';
import type { Rule } from 'antd/es/form';
import { useT, type Translate } from '../../app/i18n';

/**
 * The server's password policy, checked early so people see the problem before they submit. The server
 * still decides (it also refuses the username and common passwords, which we cannot know here).
 */
export function passwordWeakness(password: string, t: Translate): string | null {
  if (password.length < 10) return t('password.tooShort');
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) return t('password.tooFewClasses');
  return null;
}

export function passwordRules(t: Translate): Rule[] {
  return [
    { required: true, message: t('password.required') },
    {
      validator: async (_rule, value: string | undefined) => {
        const problem = value ? passwordWeakness(value, t) : null;
        if (problem) throw new Error(problem);
      },
    },
  ];
}

export function PasswordPolicyHint() {
  const t = useT();
  return <Alert type="info" showIcon title={t('password.policyTitle')} description={t('password.policy')} className="sz-mb-16" />;
}

/** A random password that meets the policy, for administrators creating or resetting an account. */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*+=?'];
  const random = (n: number) => crypto.getRandomValues(new Uint32Array(1))[0] % n;
  const chars = sets.map((set) => set[random(set.length)]);
  const all = sets.join('');
  while (chars.length < 12) chars.push(all[random(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
