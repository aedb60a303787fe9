import { Form, Input, Modal, Radio, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import type { CalendarDay, useCalendarDayMutations } from './calendar-api';

type Choice = 'holiday' | 'workday' | 'normal';

interface DayEditModalProps {
  date: string | null;
  current: CalendarDay | undefined;
  mutations: ReturnType<typeof useCalendarDayMutations>;
  onClose: () => void;
}

/** Make a day a holiday (休), an adjusted workday (班), or back to the normal weekday/weekend rule. */
export function DayEditModal({ date, current, mutations, onClose }: DayEditModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ choice: Choice; name?: string }>();
  const { notifyError, notifySuccess } = useFeedback();
  const choice = Form.useWatch('choice', form);


  const pending = mutations.set.isPending || mutations.clear.isPending;
  const done = () => {
    notifySuccess(t('common.saved'));
    onClose();
  };

  const submit = (values: { choice: Choice; name?: string }) => {
    if (!date) return;
    if (values.choice === 'normal') {
      if (!current) return onClose();
      mutations.clear.mutate(date, { onSuccess: done, onError: (error) => notifyError(error) });
      return;
    }
    mutations.set.mutate({ date, kind: values.choice, name: values.name?.trim() || null }, { onSuccess: done, onError: (error) => notifyError(error, form) });
  };

  const weekend = date ? [0, 6].includes(dayjs(date).day()) : false;

  return (
    <Modal open={Boolean(date)} title={date ? dayjs(date).format(t('format.longDate')) : ''} onCancel={onClose} onOk={() => form.submit()} confirmLoading={pending} okText={t('common.save')}>
      <Typography.Paragraph type="secondary">
        {current
          ? t(current.source === 'official' ? 'calendar.currentOfficial' : 'calendar.currentManual', { name: current.name ?? '' })
          : t(weekend ? 'calendar.currentWeekend' : 'calendar.currentWeekday')}
      </Typography.Paragraph>
      <Form form={form} name="calendarDay" layout="vertical" initialValues={{ choice: current?.kind ?? 'normal', name: current?.name ?? '' }} onFinish={submit}>
        <Form.Item name="choice" label={t('calendar.dayKind')}>
          <Radio.Group
            data-testid="calendar-day-kind"
            options={[
              { value: 'holiday', label: t('calendar.kind.holiday') },
              { value: 'workday', label: t('calendar.kind.workday') },
              { value: 'normal', label: t('calendar.kind.normal') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('calendar.dayName')} extra={t('calendar.dayNameHelp')} rules={[{ max: 40 }]}>
          <Input maxLength={40} disabled={choice === 'normal'} placeholder={t('calendar.dayNamePlaceholder')} data-testid="calendar-day-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
