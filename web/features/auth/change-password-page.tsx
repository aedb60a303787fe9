import { Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useChangePassword, useCurrentUser, useLogout } from '../../app/auth';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { LanguageSwitch } from '../../components/language-switch';
import { PageHeader } from '../../components/page-header';
import { PasswordPolicyHint, passwordRules } from './password-policy';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangePassword();
  const { notifyError, notifySuccess } = useFeedback();

  const submit = (values: ChangePasswordValues) =>
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          notifySuccess(t('password.changed'));
          onDone();
        },
        onError: (error) => notifyError(error, form),
      },
    );

  return (
    <>
      <PasswordPolicyHint />
      <Form<ChangePasswordValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.currentRequired') }]}>
          <Input.Password autoComplete="current-password" data-testid="cp-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={passwordRules(t)} hasFeedback>
          <Input.Password autoComplete="new-password" data-testid="cp-new" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          hasFeedback
          rules={[
            { required: true, message: t('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="cp-confirm" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="cp-submit">
            {t('password.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

/**
 * Changing one's own password. `forced`: the account must change it before anything else (first sign-in
 * or after a reset), so the page stands alone, without the menu.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const logout = useLogout();

  if (!forced) {
    return (
      <div style={{ maxWidth: 480 }}>
        <PageHeader title={t('password.pageTitle')} />
        <Card>
          <ChangePasswordForm onDone={() => navigate('/')} />
        </Card>
      </div>
    );
  }

  return (
    <div className="sz-page" style={{ padding: '12px 16px 40px' }}>
      <Flex justify="flex-end">
        <LanguageSwitch />
      </Flex>
      <div style={{ maxWidth: 440, margin: '12px auto 0' }}>
        <Typography.Title level={3} className="sz-text-center">
          {t('password.forcedTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-text-center">
          {t('password.forcedIntro', { name: me.displayName })}
        </Typography.Paragraph>
        <Card>
          {/* On success /auth/me reloads without mustChangePassword and the guard lets the app through. */}
          <ChangePasswordForm onDone={() => undefined} />
        </Card>
        <div className="sz-text-center sz-mt-16">
          <Button type="link" onClick={() => logout.mutate()} data-testid="logout">
            {t('password.signOutInstead')}
          </Button>
        </div>
      </div>
    </div>
  );
}
