import { SafetyOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ZSmsCodeSent } from '../../../contracts/auth';
import { api, ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm } from '../../app/query';
import { needsCaptcha } from './captcha';

/**
 * The 6-digit code field with its 获取验证码 button: the phone is checked first, the button counts down the 60 s
 * the server asks between sends (its own count when it refuses one), and a refusal that asks for a captcha shows it.
 */
export function SmsCodeField({
  form,
  purpose,
  withCaptcha,
  onCaptchaNeeded,
  onError,
}: {
  form: FormInstance;
  purpose: 'register' | 'resetPassword' | 'survey';
  /** The captcha's answer when one is shown. */
  withCaptcha: () => { captchaId?: string; captcha?: string };
  onCaptchaNeeded: () => void;
  onError: (error: unknown) => void;
}) {
  const t = useT();
  const [seconds, setSeconds] = useState(0);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    if (seconds <= 0) return undefined;
    const timer = setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [seconds]);
  const send = async () => {
    try {
      await form.validateFields(['phone', ...(Object.keys(withCaptcha()).length ? ['captcha'] : [])]);
    } catch {
      return;
    }
    setSending(true);
    try {
      const phone = String(form.getFieldValue('phone')).trim();
      const sent = await api.post<z.infer<typeof ZSmsCodeSent>>('/auth/sms-codes', { phone, purpose, ...withCaptcha() });
      setSeconds(sent.cooldownSeconds);
      onError(null);
    } catch (e) {
      if (e instanceof ProblemError && e.code === 'sms_cooldown') setSeconds(Number(e.extensions.retryAfterSeconds) || 60);
      if (needsCaptcha(e)) onCaptchaNeeded();
      applyProblemToForm(form, e);
      onError(e);
    } finally {
      setSending(false);
    }
  };
  return (
    <Form.Item label={t('sms.label')} required>
      <Space.Compact className="sz-w-full">
        <Form.Item name="smsCode" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('sms.required') }]}>
          <Input prefix={<SafetyOutlined />} maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder={t('sms.placeholder')} data-testid="sms-code" />
        </Form.Item>
        <Button onClick={() => void send()} loading={sending} disabled={seconds > 0} data-testid="sms-send">
          {seconds > 0 ? t('sms.resendIn', { seconds }) : t('sms.send')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}
