import { ErrorAlert } from '../../components/error-alert';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import {  Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { FullPageSpin, useLogin, useMe } from '../../app/auth';
import { useT } from '../../app/i18n';
import { LanguageSwitch } from '../../components/language-switch';
import { BrandMark } from './brand-mark';
import { CaptchaField, needsCaptcha, useCaptcha } from './captcha';

/** Only same-site paths may be a `next`: "/x" yes, "//evil.example" or "https://…" no. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

interface LoginValues {
  username: string;
  password: string;
  captcha?: string;
}

export function LoginPage() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<LoginValues>();
  // After 3 failures the server asks for a captcha (its refusal says so); shown from then on.
  const [captchaShown, setCaptchaShown] = useState(false);
  const { captcha, refresh } = useCaptcha(captchaShown);

  if (me.isPending) return <FullPageSpin />;
  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const submit = (values: LoginValues) => {
    const answer = captchaShown && captcha ? { captchaId: captcha.captchaId, captcha: (values.captcha ?? '').trim() } : {};
    login.mutate(
      { username: values.username.trim(), password: values.password, ...answer },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (e) => {
          // A captcha is good for one try: a new image after each.
          if (captchaShown) {
            form.setFieldValue('captcha', '');
            refresh();
          }
          if (needsCaptcha(e)) setCaptchaShown(true);
        },
      },
    );
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        background: 'linear-gradient(160deg, var(--sz-header) 0%, var(--sz-primary) 55%, var(--sz-login-fade) 55.1%, var(--sz-page-bg) 100%)',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '8px 12px' }}>
        <LanguageSwitch dark />
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '8px 16px 48px' }}>
        <div style={{ width: '100%', maxWidth: 400 }}>
          <div className="sz-on-dark sz-text-center sz-mb-24">
            <BrandMark size={56} />
            <Typography.Title level={1} className="sz-on-dark" style={{ margin: '12px 0 4px', fontSize: 32, letterSpacing: 4 }}>
              {t('app.name')}
            </Typography.Title>
            <div style={{ fontSize: 15, opacity: 0.85 }}>{t('app.tagline')}</div>
          </div>
          <Card style={{ boxShadow: '0 12px 32px rgba(22, 58, 112, 0.18)' }} styles={{ body: { padding: '28px 24px 12px' } }}>
            <Typography.Title level={4} className="sz-mt-0 sz-mb-20">
              {t('login.title')}
            </Typography.Title>
            {login.isError ? (
              <ErrorAlert error={login.error} className="sz-mb-16" testId="login-error" />
            ) : null}
            <Form<LoginValues> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false} autoComplete="on">
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input prefix={<UserOutlined />} placeholder={t('login.usernamePlaceholder')} autoComplete="username" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} placeholder={t('login.passwordPlaceholder')} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              {captchaShown ? <CaptchaField captcha={captcha} onRefresh={refresh} /> : null}
              <div className="sz-mb-8" style={{ textAlign: 'right' }}>
                <Link to="/forgot-password" data-testid="forgot-link">
                  {t('login.forgot')}
                </Link>
              </div>
              <Form.Item>
                <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
                  {t('login.submit')}
                </Button>
              </Form.Item>
            </Form>
          </Card>
          <Typography.Paragraph type="secondary" className="sz-text-center sz-mt-20 sz-text-md">
            {t('login.help')}
          </Typography.Paragraph>
          <Typography.Paragraph className="sz-text-center sz-text-md">
            {t('login.registerHint')}{' '}
            <Link to="/register" data-testid="register-link" className="sz-nowrap">
              {t('login.register')}
            </Link>
            {' · '}
            <Link to="/directory" data-testid="directory-link" className="sz-nowrap">
              {t('login.directory')}
            </Link>
            {' · '}
            <Link to="/open/projects" data-testid="open-projects-link" className="sz-nowrap">
              {t('open.nav.projects')}
            </Link>
          </Typography.Paragraph>
        </div>
      </div>
    </div>
  );
}
