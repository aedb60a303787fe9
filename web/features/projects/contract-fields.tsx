import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, type FormInstance, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { formatYuan, parseYuan, splitByPercent, type Fen } from '../../../contracts/money';
import { MILESTONE_CONDITIONS, type MilestoneCondition } from '../../../contracts/projects';
import { useCan } from '../../app/auth';
import { useI18n, type MessageKey } from '../../app/i18n';
import { chinaDayjs } from '../../components/china-time';
import { useIsPhone } from '../../components/use-is-phone';
import { fenOf, useYuanRule } from './form-helpers';
import { yuan } from './project-labels';
import { useRanking, type Project } from './projects-api';

export interface MilestoneValues {
  name?: string;
  dueOn?: Dayjs;
  amount?: string;
  condition?: MilestoneCondition;
}

export interface ContractValues {
  contractNumber?: string;
  signedOn?: Dayjs;
  value?: string;
  period?: [Dayjs, Dayjs];
  milestones?: MilestoneValues[];
}

/** The policy's usual schedule: 40 % at signing, 30 % after the mid-term supervision, 30 % after the final evaluation. */
const DEFAULT_SCHEDULE: { percent: number; condition: MilestoneCondition; name: MessageKey }[] = [
  { percent: 40, condition: 'signing', name: 'project.milestone.first' },
  { percent: 30, condition: 'midtermSupervision', name: 'project.milestone.midterm' },
  { percent: 30, condition: 'finalEvaluation', name: 'project.milestone.final' },
];

const CONDITION_KEYS: Record<MilestoneCondition, MessageKey> = {
  signing: 'project.condition.signing',
  midtermSupervision: 'project.condition.midtermSupervision',
  finalEvaluation: 'project.condition.finalEvaluation',
};

/** Amounts of the default schedule, split exactly (the fen lost to rounding go to the earliest parts). */
function defaultAmounts(valueFen: Fen): string[] {
  return splitByPercent(valueFen, DEFAULT_SCHEDULE.map((s) => s.percent)).map((fen) => formatYuan(fen, { grouping: false }));
}

/**
 * 签订服务合同: number, dates, value and the payment schedule. The schedule starts as 40/30/30 of the value
 * (follows the value until the clerk changes an amount) and must add up exactly to it; at least one
 * payment waits for the final evaluation. The value may not exceed what the project has reserved.
 */
export function ContractFields({ project, form }: { project: Project; form: FormInstance }) {
  const { t } = useI18n();
  const can = useCan();
  const isPhone = useIsPhone();
  const ranking = useRanking(project.id, can('project.read'));
  const unit = t('project.yuan');
  const awardedTotal = ranking.data?.items.find((i) => i.bidId === ranking.data?.awardedBidId)?.totalFen;
  const capFen = project.funds.reservedFen > 0 ? project.funds.reservedFen : project.budgetFen;
  const valueRule = useYuanRule({ minFen: 100, maxFen: capFen, maxMessage: t('project.valueOverReserved', { amount: yuan(capFen, unit) }) });
  const amountRule = useYuanRule({});
  const valueText = Form.useWatch('value', form) as string | undefined;
  const milestones = (Form.useWatch('milestones', form) ?? []) as MilestoneValues[];
  const valueFen = valueText ? parseYuan(valueText) : null;
  const sum = milestones.reduce((n, m) => n + fenOf(m?.amount), 0);
  // The amounts the form last filled in by itself: while they stand, a new value recomputes them.
  const auto = useRef<string[] | null>(null);

  useEffect(() => {
    if (form.getFieldValue('value') !== undefined) return;
    // Wait for the ranking (it names the awarded bid's price); a disabled query stays pending but idle.
    if (ranking.isPending && ranking.fetchStatus !== 'idle') return;
    const start = chinaDayjs().startOf('day');
    const end = start.add(project.durationMonths, 'month').subtract(1, 'day');
    const value = awardedTotal ?? capFen;
    const amounts = defaultAmounts(value);
    auto.current = amounts;
    const midterm = start.add(Math.max(1, Math.round(project.durationMonths / 2)), 'month');
    form.setFieldsValue({
      signedOn: start,
      value: formatYuan(value, { grouping: false }),
      period: [start, end],
      milestones: DEFAULT_SCHEDULE.map((s, i) => ({ name: t(s.name), condition: s.condition, amount: amounts[i], dueOn: i === 0 ? start : i === 1 ? midterm : end })),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fill once, when the awarded bid is known (or known to be unknown)
  }, [awardedTotal, ranking.isPending, ranking.fetchStatus]);

  useEffect(() => {
    if (valueFen === null || valueFen < 0 || !auto.current) return;
    const current = (form.getFieldValue('milestones') as MilestoneValues[] | undefined)?.map((m) => m?.amount ?? '');
    if (!current || current.length !== DEFAULT_SCHEDULE.length || current.join('|') !== auto.current.join('|')) return;
    const amounts = defaultAmounts(valueFen);
    auto.current = amounts;
    form.setFieldValue(
      'milestones',
      (form.getFieldValue('milestones') as MilestoneValues[]).map((m, i) => ({ ...m, amount: amounts[i] })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the value only
  }, [valueFen]);

  const resplit = () => {
    if (valueFen === null || valueFen < 0) return;
    const amounts = defaultAmounts(valueFen);
    auto.current = amounts;
    const start = (form.getFieldValue('period') as [Dayjs, Dayjs] | undefined)?.[0] ?? chinaDayjs();
    const end = (form.getFieldValue('period') as [Dayjs, Dayjs] | undefined)?.[1] ?? start;
    const midterm = start.add(Math.max(1, Math.round(project.durationMonths / 2)), 'month');
    form.setFieldValue(
      'milestones',
      DEFAULT_SCHEDULE.map((s, i) => ({ name: t(s.name), condition: s.condition, amount: amounts[i], dueOn: i === 0 ? start : i === 1 ? midterm : end })),
    );
  };

  const half = { flex: '1 1 240px' };
  return (
    <>
      <Flex gap={16} wrap>
        <Form.Item name="contractNumber" label={t('project.contractNumber')} rules={[{ required: true, whitespace: true, message: t('project.contractNumberRequired') }, { min: 3, message: t('project.contractNumberRequired') }, { max: 40 }]} style={half}>
          <Input maxLength={40} placeholder={t('project.contractNumberPlaceholder')} data-testid="contract-number" />
        </Form.Item>
        <Form.Item name="signedOn" label={t('project.signedOn')} rules={[{ required: true, message: t('project.dateRequired') }]} style={half}>
          <DatePicker className="sz-w-full" data-testid="contract-signed-on" />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('project.contractValue')}
          required
          rules={[valueRule]}
          extra={awardedTotal !== undefined ? t('project.contractValueHelp', { bid: yuan(awardedTotal, unit), reserved: yuan(capFen, unit) }) : t('project.contractValueCap', { reserved: yuan(capFen, unit) })}
          style={half}
        >
          <Input inputMode="decimal" suffix={unit} autoComplete="off" data-testid="contract-value" />
        </Form.Item>
        <Form.Item name="period" label={t('project.servicePeriod')} rules={[{ required: true, message: t('project.dateRequired') }]} style={half}>
          <DatePicker.RangePicker className="sz-w-full" data-testid="contract-period" />
        </Form.Item>
      </Flex>
      <Flex justify="space-between" align="center" wrap gap={8} className="sz-mb-8">
        <Typography.Text strong>{t('project.paymentSchedule')}</Typography.Text>
        <Button size="small" onClick={resplit} disabled={valueFen === null} data-testid="contract-resplit">
          {t('project.resplit')}
        </Button>
      </Flex>
      <Form.List name="milestones">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} wrap align="flex-start" className="sz-boxed sz-mb-8" style={{ padding: '8px 8px 0' }} data-testid="contract-milestone">
                <Typography.Text type="secondary" style={{ flex: '0 0 100%', fontSize: 12 }}>
                  {t('project.milestoneNo', { n: index + 1 })}
                </Typography.Text>
                <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('project.milestoneNameRequired') }, { min: 2, message: t('project.milestoneNameRequired') }, { max: 40 }]} style={{ flex: isPhone ? '1 1 100%' : '2 1 200px', marginBottom: 8 }}>
                  <Input maxLength={40} placeholder={t('project.milestoneName')} aria-label={t('project.milestoneName')} />
                </Form.Item>
                <Form.Item name={[field.name, 'condition']} rules={[{ required: true }]} style={{ flex: isPhone ? '1 1 100%' : '1 1 170px', marginBottom: 8 }}>
                  <Select aria-label={t('project.milestoneCondition')} options={MILESTONE_CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_KEYS[c]) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'dueOn']} rules={[{ required: true, message: t('project.dateRequired') }]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                  <DatePicker className="sz-w-full" aria-label={t('project.milestoneDue')} placeholder={t('project.milestoneDue')} />
                </Form.Item>
                <Form.Item name={[field.name, 'amount']} rules={[amountRule]} style={{ flex: '1 1 150px', marginBottom: 8 }}>
                  <Input inputMode="decimal" suffix={unit} autoComplete="off" aria-label={t('project.milestoneAmount')} data-testid="contract-milestone-amount" />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} aria-label={t('project.removeMilestone')} title={t('project.removeMilestone')} />
              </Flex>
            ))}
            {fields.length < 12 ? (
              <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add({ condition: 'signing' })} className="sz-mb-8">
                {t('project.addMilestone')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      <div data-testid="contract-sum" className="sz-mb-12">
        {valueFen !== null && sum !== valueFen ? (
          <Typography.Text type="danger">{t('project.scheduleMismatch', { sum: yuan(sum, unit), value: yuan(valueFen, unit), diff: yuan(Math.abs(valueFen - sum), unit) })}</Typography.Text>
        ) : (
          <Typography.Text type="success">{t('project.scheduleMatches', { sum: yuan(sum, unit) })}</Typography.Text>
        )}
      </div>
    </>
  );
}
