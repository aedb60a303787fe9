import { LockOutlined } from '@ant-design/icons';
import { Alert, Form, Input } from 'antd';
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

/**
 * A new password and its confirmation, with the policy under it: registration and the SMS reset ask the same way.
 * `name` is the form's field for the password; `testId` prefixes the inputs' test ids (<testId>-password, -confirm).
 */
export function NewPasswordFields({ name, label, testId }: { name: string; label: string; testId: string }) {
  const t = useT();
  return (
    <>
      <Form.Item name={name} label={label} rules={[{ required: true, message: t('password.required') }]} extra={<PasswordPolicyHint />}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid={`${testId}-password`} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={[name]}
        rules={[{ required: true, message: t('password.confirmRequired') }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) })]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid={`${testId}-confirm`} />
      </Form.Item>
    </>
  );
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
