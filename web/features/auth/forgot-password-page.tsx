import { ErrorAlert } from '../../components/error-alert';
import { MobileOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api';
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
  newPassword: string;
  confirm: string;
}

/** 找回密码: the account's mobile number, the code sent to it and a new password; every session of the account ends. */
export function ForgotPasswordPage() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [captchaShown, setCaptchaShown] = useState(false);
  const { captcha, refresh } = useCaptcha(captchaShown);
  const [smsError, setSmsError] = useState<unknown>(null);
  const reset = useMutation({ mutationFn: (v: { phone: string; smsCode: string; newPassword: string }) => api.post<void>('/auth/password-reset', v) });
  const withCaptcha = () => {
    if (!captchaShown || !captcha) return {};
    const answer = { captchaId: captcha.captchaId, captcha: String(form.getFieldValue('captcha') ?? '') };
    form.setFieldValue('captcha', '');
    refresh();
    return answer;
  };
  const submit = (v: Values) =>
    reset.mutate({ phone: v.phone.trim(), smsCode: v.smsCode.trim(), newPassword: v.newPassword }, { onError: (e) => applyProblemToForm(form, e) });
  const error = reset.error ?? smsError;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, var(--sz-header) 0%, var(--sz-primary) 45%, var(--sz-page-bg) 45.1%)' }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div className="sz-on-dark sz-text-center sz-mb-16">
          <BrandMark size={44} />
          <Typography.Title level={3} className="sz-on-dark sz-m-0 sz-mt-8">
            {t('app.name')} · {t('forgot.title')}
          </Typography.Title>
        </div>
        <Card>
          {reset.isSuccess ? (
            <Result
              status="success"
              title={t('forgot.done')}
              subTitle={t('forgot.doneHelp')}
              extra={
                <Link to="/login" data-testid="forgot-to-login">
                  <Button type="primary">{t('login.submit')}</Button>
                </Link>
              }
            />
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('forgot.intro')}</Typography.Paragraph>
              {error ? <ErrorAlert error={error} className="sz-mb-16" testId="forgot-error" /> : null}
              <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
                <Form.Item name="phone" label={t('register.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('register.phoneRequired') }]}>
                  <Input prefix={<MobileOutlined />} maxLength={11} inputMode="numeric" autoComplete="tel" data-testid="forgot-phone" />
                </Form.Item>
                {captchaShown ? <CaptchaField captcha={captcha} onRefresh={refresh} /> : null}
                <SmsCodeField form={form} purpose="resetPassword" withCaptcha={withCaptcha} onCaptchaNeeded={() => setCaptchaShown(true)} onError={setSmsError} />
                <NewPasswordFields name="newPassword" label={t('password.new')} testId="forgot" />
                <Button type="primary" htmlType="submit" block size="large" loading={reset.isPending} data-testid="forgot-submit">
                  {t('forgot.submit')}
                </Button>
              </Form>
              <Typography.Paragraph className="sz-mt-16 sz-text-center">
                <Link to="/login">{t('forgot.back')}</Link>
              </Typography.Paragraph>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
