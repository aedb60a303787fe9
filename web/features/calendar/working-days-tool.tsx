import { ErrorAlert } from '../../components/error-alert';
import { Alert, Button, Card, DatePicker, Form, InputNumber, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/i18n';
import { useWorkingDays } from './calendar-api';

/** "From this date, N working days later is …" — the rule every promised deadline uses. */
export function WorkingDaysTool() {
  const t = useT();
  const compute = useWorkingDays();
  return (
    <Card title={t('calendar.toolTitle')} size="small">
      <Form<{ from: Dayjs; add: number }>
        layout="inline"
        initialValues={{ from: dayjs(), add: 5 }}
        onFinish={(values) => compute.mutate({ from: values.from.format('YYYY-MM-DD'), add: values.add })}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="from" label={t('calendar.toolFrom')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} data-testid="wd-from" />
        </Form.Item>
        <Form.Item name="add" label={t('calendar.toolAdd')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 100 }} data-testid="wd-add" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={compute.isPending} data-testid="wd-submit">
            {t('calendar.toolCompute')}
          </Button>
        </Form.Item>
      </Form>
      <Space orientation="vertical" className="sz-w-full sz-mt-12">
        {compute.data ? (
          <Alert
            type="success"
            showIcon
            data-testid="wd-result"
            title={t('calendar.toolResult', { from: compute.data.from, add: compute.data.add, date: dayjs(compute.data.date).format(t('format.longDate')) })}
          />
        ) : null}
        {compute.isError ? <ErrorAlert error={compute.error} /> : null}
      </Space>
    </Card>
  );
}
