import { ErrorAlert } from '../../components/error-alert';
import { MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../app/api';
import { useLogin } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyProblemToForm } from '../../app/query';
import { BrandMark } from './brand-mark';
import { CaptchaField, useCaptcha } from './captcha';
import { NewPasswordFields } from './password-policy';
import { SmsCodeField } from './sms-code-field';

interface Values {
  phone: string;
  captcha?: string;
  smsCode: string;
  displayName: string;
  password: string;
  confirm: string;
}

/**
 * Applicants register themselves with a mobile number proved by an SMS code (a captcha after a failure), then go
 * straight to a new application.
 */
export function RegisterPage() {
  const t = useT();
  const navigate = useNavigate();
  const login = useLogin();
  const [form] = Form.useForm<Values>();
  const [captchaShown, setCaptchaShown] = useState(false);
  const { captcha, refresh } = useCaptcha(captchaShown);
  const [smsError, setSmsError] = useState<unknown>(null);
  const register = useMutation({ mutationFn: (v: Omit<Values, 'confirm' | 'captcha'>) => api.post<{ userId: string }>('/applicants', v) });
  const withCaptcha = () => {
    if (!captchaShown || !captcha) return {};
    const answer = { captchaId: captcha.captchaId, captcha: String(form.getFieldValue('captcha') ?? '') };
    // One guess per image: the next send asks a new one.
    form.setFieldValue('captcha', '');
    refresh();
    return answer;
  };
  const submit = async (v: Values) => {
    try {
      await register.mutateAsync({ phone: v.phone.trim(), smsCode: v.smsCode.trim(), displayName: v.displayName.trim(), password: v.password });
      await login.mutateAsync({ username: v.phone.trim(), password: v.password });
      navigate('/applications/new', { replace: true });
    } catch (e) {
      applyProblemToForm(form, e);
    }
  };
  const error = register.error ?? login.error ?? smsError;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, var(--sz-header) 0%, var(--sz-primary) 45%, var(--sz-page-bg) 45.1%)' }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div className="sz-on-dark sz-text-center sz-mb-16">
          <BrandMark size={44} />
          <Typography.Title level={3} className="sz-on-dark sz-m-0 sz-mt-8">
            {t('app.name')} · {t('register.title')}
          </Typography.Title>
          <div style={{ opacity: 0.85 }}>{t('register.tagline')}</div>
        </div>
        <Card>
          {error ? <ErrorAlert error={error} className="sz-mb-16" testId="register-error" /> : null}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item name="phone" label={t('register.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('register.phoneRequired') }]}>
              <Input prefix={<MobileOutlined />} maxLength={11} inputMode="numeric" autoComplete="tel" data-testid="register-phone" />
            </Form.Item>
            {captchaShown ? <CaptchaField captcha={captcha} onRefresh={refresh} /> : null}
            <SmsCodeField form={form} purpose="register" withCaptcha={withCaptcha} onCaptchaNeeded={() => setCaptchaShown(true)} onError={setSmsError} />
            <Form.Item name="displayName" label={t('register.name')} rules={[{ required: true, min: 2, message: t('register.nameRequired') }]}>
              <Input prefix={<UserOutlined />} maxLength={30} autoComplete="name" data-testid="register-name" />
            </Form.Item>
            <NewPasswordFields name="password" label={t('login.password')} testId="register" />
            <Button type="primary" htmlType="submit" block size="large" loading={register.isPending || login.isPending} data-testid="register-submit">
              {t('register.submit')}
            </Button>
          </Form>
          <Typography.Paragraph className="sz-mt-16 sz-text-center">
            {t('register.haveAccount')}<Link to="/login">{t('login.submit')}</Link>
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
