import { Button, Card, Empty, Flex, Form, Input, Modal, Radio, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { DateTimeText } from '../../components/date-text';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useAppeals, useOfficeMutations, type Appeal, type Round } from './assessment-api';

/** An appeal as both sides read it: the indicators named with their reasons, the answer once given. */
export function AppealCard({ a, extra }: { a: Appeal; extra?: React.ReactNode }) {
  const t = useT();
  return (
    <Card
      size="small"
      className="sz-mb-12"
      data-testid="appeal-card"
      title={
        <Flex gap={8} wrap align="center">
          <span>{a.subjectName}</span>
          {a.state === 'open' ? <Tag color="orange">{t('assess.appealOpen')}</Tag> : <Tag color={a.upheld ? 'green' : 'default'}>{a.upheld ? t('assess.upheld') : t('assess.notUpheld')}</Tag>}
        </Flex>
      }
      extra={extra}
    >
      <Typography.Text type="secondary" className="sz-block sz-text-sm">
        {t('assess.raisedAt')} <DateTimeText value={a.raisedAt} /> · {t('assess.answerDue', { date: a.dueOn })}
      </Typography.Text>
      <Typography.Paragraph className="sz-pre-wrap sz-mt-8">{a.reason}</Typography.Paragraph>
      <ul className="sz-ps-18">
        {a.indicators.map((x) => (
          <li key={x.code}>
            <Typography.Text strong>
              {x.code} {x.name}
            </Typography.Text>
            ：{x.reason}
          </li>
        ))}
      </ul>
      {a.answer ? (
        <div className="sz-quote">
          <Typography.Text strong>{t('assess.answer')}</Typography.Text> <DateTimeText value={a.answeredAt} />
          <div className="sz-pre-wrap">{a.answer}</div>
        </div>
      ) : null}
    </Card>
  );
}

interface AnswerValues {
  upheld: boolean;
  answer: string;
}

function AnswerModal({ round, appeal, onClose }: { round: Round; appeal: Appeal | null; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<AnswerValues>();
  const { answerAppeal } = useOfficeMutations(round.id);
  const { notifyError, notifySuccess } = useFeedback();
  return (
    <Modal
      open={!!appeal}
      title={t('assess.answerAppeal')}
      onCancel={onClose}
      onOk={() => form.submit()}
      cancelText={t('common.cancel')}
      confirmLoading={answerAppeal.isPending}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assess.answerHelp')}</Typography.Paragraph>
      <Form<AnswerValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          appeal &&
          answerAppeal.mutate(
            { id: appeal.id, version: appeal.version, ...v },
            {
              onSuccess: () => {
                notifySuccess(t('assess.answered'));
                onClose();
              },
              onError: (e) => notifyError(e, form),
            },
          )
        }
      >
        <Form.Item name="upheld" label={t('assess.upheldQuestion')} rules={[{ required: true, message: t('assess.upheldMissing') }]}>
          <Radio.Group
            options={[
              { value: true, label: t('assess.upheld') },
              { value: false, label: t('assess.notUpheld') },
            ]}
            data-testid="appeal-upheld"
          />
        </Form.Item>
        <Form.Item name="answer" label={t('assess.answer')} rules={[{ required: true, whitespace: true, min: 5, message: t('assess.answerMissing') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="appeal-answer" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 申诉: the subjects' appeals against the notice, answered within the round's working-day limit. */
export function RoundAppeals({ round }: { round: Round }) {
  const t = useT();
  const appeals = useAppeals(round.id);
  const [answering, setAnswering] = useState<Appeal | null>(null);
  if (appeals.isPending) return <Spin />;
  if (appeals.error) return <ErrorAlert error={appeals.error} onRetry={appeals.refetch} />;
  if (!appeals.data.length) return <Empty description={t('assess.noAppeals')} />;
  return (
    <>
      {appeals.data.map((a) => (
        <AppealCard
          key={a.id}
          a={a}
          extra={
            a.state === 'open' ? (
              <Button type="primary" size="small" onClick={() => setAnswering(a)} data-testid="answer-appeal">
                {t('assess.answerAppeal')}
              </Button>
            ) : null
          }
        />
      ))}
      <AnswerModal round={round} appeal={answering} onClose={() => setAnswering(null)} />
    </>
  );
}
