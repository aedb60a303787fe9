import { MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Rate, Result, Spin, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import type { z } from 'zod';
import type { ZPublicSurvey, ZSurveyAnswerInput } from '../../../contracts/assessment';
import { api, ProblemError } from '../../app/api';
import { useT, type MessageKey, type Translate } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { LanguageSwitch } from '../../components/language-switch';
import { useIsPhone } from '../../components/use-is-phone';
import { BrandMark } from '../auth/brand-mark';
import { CaptchaField, useCaptcha } from '../auth/captcha';
import { SmsCodeField } from '../auth/sms-code-field';

type Survey = z.infer<typeof ZPublicSurvey>;
type Answer = z.input<typeof ZSurveyAnswerInput>;
type RatingKey = 'overall' | 'service' | 'staff' | 'responsiveness' | 'environment';
type Values = Partial<Record<RatingKey, number>> & { comment?: string; phone: string; smsCode: string; captcha?: string };

/** The words under the stars: a resident reads 满意, not "4". */
const RATING_WORDS: MessageKey[] = ['assess.survey.rate1', 'assess.survey.rate2', 'assess.survey.rate3', 'assess.survey.rate4', 'assess.survey.rate5'];

/**
 * A refusal in the words a resident can act on: the field's own message where the server named a field (该手机号已参加过
 * 本次调查… rather than the generic 已存在), said once even when the detail repeats it.
 */
function refusalText(error: unknown, t: Translate): string {
  if (error instanceof ProblemError && error.errors.length) return [...new Set(error.errors.map((e) => e.message))].join('；');
  return problemMessage(error, t);
}

/** The page's own frame: the brand and what this page is, nothing else to wander off to. */
function SurveyFrame({ children }: { children: ReactNode }) {
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <div className="sz-page" style={{ display: 'flex', flexDirection: 'column' }}>
      <header className="sz-header-band">
        <Flex align="center" gap={10} style={{ maxWidth: 640, margin: '0 auto', padding: isPhone ? '10px 12px' : '12px 16px', boxSizing: 'border-box' }}>
          <BrandMark size={28} />
          <span className="sz-on-dark sz-header-title sz-min-w-0" style={{ flex: 1, fontSize: isPhone ? 16 : undefined }}>
            {t('assess.survey.title')}
          </span>
          <LanguageSwitch compact={isPhone} dark />
        </Flex>
      </header>
      <main style={{ maxWidth: 640, width: '100%', margin: '0 auto', padding: isPhone ? 12 : 16, boxSizing: 'border-box', flex: 1 }} data-testid="survey-page">
        {children}
      </main>
    </div>
  );
}

/** One question: its text and five stars with the word for the one chosen. */
function RatingItem({ name, text, index }: { name: RatingKey; text: string; index: number }) {
  const t = useT();
  return (
    <Form.Item
      name={name}
      label={`${index + 1}. ${text}`}
      rules={[{ required: true, message: t('assess.survey.rateMissing') }]}
      className="sz-dashed-bottom"
      data-testid={`survey-q-${name}`}
    >
      <RateWithWord />
    </Form.Item>
  );
}

/** Stars big enough for a thumb, and the chosen word beside them (Form.Item hands value and onChange in). */
function RateWithWord({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const t = useT();
  return (
    <Flex align="center" gap={12} wrap>
      <Rate value={value} onChange={(v) => onChange?.(v)} tooltips={RATING_WORDS.map((k) => t(k))} style={{ fontSize: 30 }} data-testid="survey-rate" />
      <Typography.Text type={value ? undefined : 'secondary'} data-testid="survey-rate-word">
        {value ? t(RATING_WORDS[value - 1]) : t('assess.survey.tapStars')}
      </Typography.Text>
    </Flex>
  );
}

/**
 * 群众满意度调查 (issue 18 §2): a resident reached by the station's link or QR code rates it on five questions, adds a
 * comment if they like, proves the phone with an SMS code (one answer a phone) and is thanked. No login.
 */
export function SurveyPage() {
  const { subjectId = '' } = useParams();
  const t = useT();
  const [form] = Form.useForm<Values>();
  const survey = useQuery({ queryKey: ['public', 'survey', subjectId], queryFn: () => api.get<Survey>(`/public/assessment/surveys/${subjectId}`), retry: false });
  const answer = useMutation({ mutationFn: (body: Answer) => api.post<{ thanks: string }>(`/public/assessment/surveys/${subjectId}/answers`, body) });
  const [captchaShown, setCaptchaShown] = useState(false);
  const { captcha, refresh } = useCaptcha(captchaShown);
  const [smsError, setSmsError] = useState<unknown>(null);
  const withCaptcha = () => {
    if (!captchaShown || !captcha) return {};
    const given = { captchaId: captcha.captchaId, captcha: String(form.getFieldValue('captcha') ?? '') };
    // One guess per image: the next send asks a new one.
    form.setFieldValue('captcha', '');
    refresh();
    return given;
  };
  const submit = (v: Values) => {
    setSmsError(null);
    answer.mutate(
      { overall: v.overall!, service: v.service!, staff: v.staff!, responsiveness: v.responsiveness!, environment: v.environment!, comment: v.comment?.trim() || null, phone: v.phone.trim(), smsCode: v.smsCode.trim() },
      { onError: (e) => applyProblemToForm(form, e) },
    );
  };

  if (survey.isPending) {
    return (
      <SurveyFrame>
        <Spin className="sz-block sz-m-48" />
      </SurveyFrame>
    );
  }
  if (survey.error || !survey.data) {
    const missing = survey.error instanceof ProblemError && survey.error.status === 404;
    return (
      <SurveyFrame>
        {missing ? (
          <Result status="warning" title={t('assess.survey.notFound')} subTitle={t('assess.survey.notFoundHelp')} data-testid="survey-not-found" />
        ) : (
          <ErrorAlert error={survey.error} onRetry={survey.refetch} />
        )}
      </SurveyFrame>
    );
  }
  const s = survey.data;
  const heading = (
    <div className="sz-mb-16">
      <Typography.Title level={4} className="sz-m-0" data-testid="survey-station">
        {s.subjectName}
      </Typography.Title>
      <Typography.Text type="secondary">{s.roundName}</Typography.Text>
    </div>
  );
  if (answer.data) {
    return (
      <SurveyFrame>
        {heading}
        <Card>
          <Result status="success" title={answer.data.thanks} subTitle={t('assess.survey.thanksHelp')} data-testid="survey-thanks" />
        </Card>
      </SurveyFrame>
    );
  }
  if (!s.open) {
    return (
      <SurveyFrame>
        {heading}
        <Card>
          <Result status="info" title={t('assess.survey.closed')} subTitle={t('assess.survey.closedHelp')} data-testid="survey-closed" />
        </Card>
      </SurveyFrame>
    );
  }
  // A refusal that a field shows (wrong code, the number used) is also said at the top, where the button is.
  const error = answer.error ?? smsError;
  const closedNow = answer.error instanceof ProblemError && answer.error.code === 'invalid_state';
  return (
    <SurveyFrame>
      {heading}
      <Typography.Paragraph>{t('assess.survey.intro', { name: s.subjectName })}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} scrollToFirstError>
        <Card size="small" className="sz-mb-16" title={t('assess.survey.questions')}>
          {s.questions.map((q, i) => (
            <RatingItem key={q.key} name={q.key as RatingKey} text={q.text} index={i} />
          ))}
          <Form.Item name="comment" label={t('assess.survey.comment')} className="sz-mb-0">
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('assess.survey.commentPlaceholder')} data-testid="survey-comment" />
          </Form.Item>
        </Card>
        <Card size="small" className="sz-mb-16" title={t('assess.survey.verify')}>
          <Typography.Paragraph type="secondary" className="sz-text-sm">
            {t('assess.survey.verifyHelp')}
          </Typography.Paragraph>
          <Form.Item name="phone" label={t('assess.survey.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('assess.survey.phoneMissing') }]}>
            <Input prefix={<MobileOutlined />} maxLength={11} inputMode="numeric" autoComplete="tel" data-testid="survey-phone" />
          </Form.Item>
          {captchaShown ? <CaptchaField captcha={captcha} onRefresh={refresh} /> : null}
          <SmsCodeField form={form} purpose="survey" withCaptcha={withCaptcha} onCaptchaNeeded={() => setCaptchaShown(true)} onError={setSmsError} />
        </Card>
        {error ? <Alert type="error" showIcon className="sz-mb-16" title={refusalText(error, t)} description={closedNow ? t('assess.survey.closedHelp') : undefined} data-testid="survey-error" /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={answer.isPending} disabled={closedNow} data-testid="survey-submit">
          {t('assess.survey.submit')}
        </Button>
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-mt-12 sz-text-center">
          {t('assess.survey.privacy')}
        </Typography.Paragraph>
      </Form>
    </SurveyFrame>
  );
}
