import { ReloadOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ZCaptcha } from '../../../contracts/auth';
import { api, ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';

type Captcha = z.infer<typeof ZCaptcha>;

/** Whether a refusal asks for a captcha on the next try (after 3 failures, or a wrong or missing answer). */
export function needsCaptcha(error: unknown): boolean {
  return error instanceof ProblemError && (error.code === 'captcha_required' || error.code === 'captcha_wrong' || error.extensions.captchaRequired === true);
}

/** A captcha image drawn by the server (svg-captcha, no outside service); a new one after every use. */
export function useCaptcha(shown: boolean) {
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const refresh = useCallback(() => {
    void api.get<Captcha>('/auth/captcha').then(setCaptcha, () => setCaptcha(null));
  }, []);
  useEffect(() => {
    if (shown) refresh();
  }, [shown, refresh]);
  return { captcha, refresh };
}

/** The image and the field (form name `captcha`); the image is an <img> of the SVG, so no markup of it runs. */
export function CaptchaField({ captcha, onRefresh }: { captcha: Captcha | null; onRefresh: () => void }) {
  const t = useT();
  return (
    <Form.Item label={t('captcha.label')} required>
      <Space.Compact className="sz-w-full">
        <Form.Item name="captcha" noStyle rules={[{ required: true, whitespace: true, message: t('captcha.required') }]}>
          <Input maxLength={6} autoComplete="off" placeholder={t('captcha.placeholder')} data-testid="captcha-input" />
        </Form.Item>
        {captcha ? (
          <img src={`data:image/svg+xml;utf8,${encodeURIComponent(captcha.svg)}`} alt={t('captcha.alt')} width={120} height={40} onClick={onRefresh} className="sz-pointer" data-testid="captcha-image" />
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('captcha.refresh')} />
      </Space.Compact>
    </Form.Item>
  );
}
