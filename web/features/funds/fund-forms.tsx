import { ErrorAlert } from '../../components/error-alert';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { FUND_LINE_PURPOSE_NAMES, FUND_LINE_PURPOSES, type FundLinePurpose } from '../../../contracts/funds';
import { formatYuan, parseYuan, type Fen } from '../../../contracts/money';
import { ProblemError } from '../../app/api';
import { useI18n, useT } from '../../app/i18n';
import { applyProblemToForm, useFeedback } from '../../app/query';
import { useIsPhone } from '../../components/use-is-phone';
import { useDepartments, useFundMutations, type Fund } from './funds-api';

/**
 * A refusal shown where the person is looking, in the server's words: "经费不足" with what is short, or
 * "数据已被修改" when someone else changed the figures first (they are reloaded; check and submit again).
 */
export function ProblemAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  if (error instanceof ProblemError && error.code !== 'network') {
    const fields = error.errors.map((e) => e.message).join('；');
    return (
      <Alert
        type="error"
        showIcon
        className="sz-mb-16"
        title={error.title}
        description={
          <>
            {error.detail}
            {fields ? <div>{fields}</div> : null}
            {error.code === 'conflict' ? <div>{t('fund.conflictHint')}</div> : null}
          </>
        }
        data-testid="fund-problem"
      />
    );
  }
  return <ErrorAlert error={error} className="sz-mb-16" testId="fund-problem" />;
}

/** The field rule for amounts typed in yuan: at most two decimals, not negative. */
function useYuanRule(required: boolean) {
  const t = useT();
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value || !value.trim()) {
        if (required) throw new Error(t('fund.amountRequired'));
        return;
      }
      const fen = parseYuan(value);
      if (fen === null) throw new Error(t('fund.amountInvalid'));
      if (fen < 0) throw new Error(t('fund.amountNegative'));
    },
  };
}

const signedYuan = (fen: Fen) => `${fen > 0 ? '+' : ''}${formatYuan(fen)}`;

/** Under the amount: what the change is and what the line keeps — in red when the line has not that much. */
function ChangeHint({ change, unallocatedFen }: { change: Fen | null; unallocatedFen: Fen }) {
  const t = useT();
  if (change === null || change === 0) return <>{t('fund.newBudgetHelp')}</>;
  const left = unallocatedFen - change;
  if (left < 0) return <Typography.Text type="danger">{t('fund.changeOver', { change: signedYuan(change), unallocated: formatYuan(unallocatedFen) })}</Typography.Text>;
  return <>{t('fund.changeHint', { change: signedYuan(change), left: formatYuan(left) })}</>;
}

export interface AllocationTarget {
  lineId?: string;
  departmentId?: string;
}

interface AllocationValues {
  lineId?: string;
  departmentId?: string;
  amount?: string;
  note?: string;
}

/**
 * Sets a department's share of a line, or changes it. The clerk types the new amount (not the change);
 * the dialog shows what the department has, what is in use, and what the line still has unallocated.
 */
export function AllocationModal({ fund, target, onClose }: { fund: Fund; target: AllocationTarget; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<AllocationValues>();
  const { setAllocation } = useFundMutations();
  const { notifySuccess } = useFeedback();
  const departments = useDepartments();
  const amountRule = useYuanRule(true);
  const lineId = Form.useWatch('lineId', form) ?? target.lineId;
  const departmentId = Form.useWatch('departmentId', form) ?? target.departmentId;
  const amountText = Form.useWatch('amount', form);
  // Read from the fund each render: after a conflict the reloaded fund brings the current version.
  const line = fund.lines.find((l) => l.id === lineId);
  const existing = line?.allocations.find((a) => a.departmentId === departmentId);
  const newBudget = amountText ? parseYuan(amountText) : null;
  const change = newBudget !== null && newBudget >= 0 ? newBudget - (existing?.budgetFen ?? 0) : null;
  const editing = Boolean(target.lineId && target.departmentId && existing);

  const departmentOptions = useMemo(() => {
    const items = departments.data ?? [];
    const label = (d: (typeof items)[number]) => {
      const share = line?.allocations.find((a) => a.departmentId === d.id);
      return share ? `${d.shortName}（${t('fund.currentShare', { amount: formatYuan(share.budgetFen) })}）` : d.shortName;
    };
    const option = (d: (typeof items)[number]) => ({ value: d.id, label: label(d), search: `${d.shortName}${d.name}` });
    return [
      { label: t('fund.serviceDepartments'), options: items.filter((d) => d.isServiceDepartment).map(option) },
      { label: t('fund.otherUnits'), options: items.filter((d) => !d.isServiceDepartment).map(option) },
    ];
  }, [departments.data, line, t]);

  const submit = (values: AllocationValues) => {
    const budgetFen = parseYuan(values.amount ?? '');
    if (!values.lineId || !values.departmentId || budgetFen === null) return;
    setAllocation.mutate(
      { lineId: values.lineId, departmentId: values.departmentId, budgetFen, version: existing?.version, note: values.note?.trim() || undefined },
      {
        onSuccess: () => {
          notifySuccess(t('fund.allocationSaved'));
          onClose();
        },
        onError: (error) => applyProblemToForm(form, error, (path) => (path === 'budgetFen' ? 'amount' : path)),
      },
    );
  };

  return (
    <Modal
      open
      title={editing ? t('fund.adjustAllocationTitle', { department: existing?.departmentName ?? '' }) : t('fund.setAllocationTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={setAllocation.isPending}
      okButtonProps={{ 'data-testid': 'allocation-submit' }}
      width={isPhone ? '100%' : 560}
      destroyOnHidden
    >
      <ProblemAlert error={setAllocation.error} />
      <Form<AllocationValues>
        form={form}
        name="fundAllocation"
        layout="vertical"
        initialValues={{ lineId: target.lineId, departmentId: target.departmentId, amount: existing ? formatYuan(existing.budgetFen, { grouping: false }) : '' }}
        onFinish={submit}
      >
        <Form.Item name="lineId" label={t('fund.line')} rules={[{ required: true, message: t('fund.lineRequired') }]}>
          <Select disabled={editing} options={fund.lines.map((l) => ({ value: l.id, label: l.name }))} data-testid="allocation-line" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('fund.department')} rules={[{ required: true, message: t('fund.departmentRequired') }]}>
          <Select
            disabled={editing}
            showSearch={{ optionFilterProp: 'search' }}
            loading={departments.isPending}
            placeholder={t('fund.departmentPlaceholder')}
            options={departmentOptions}
            data-testid="allocation-department"
          />
        </Form.Item>
        {line ? (
          <Descriptions
            size="small"
            column={1}
            bordered
            className="sz-mb-16"
            items={[
              { key: 'unallocated', label: t('fund.lineUnallocated'), children: `${formatYuan(line.unallocatedFen)} ${t('fund.yuan')}` },
              ...(existing
                ? [
                    { key: 'budget', label: t('fund.currentBudget'), children: `${formatYuan(existing.budgetFen)} ${t('fund.yuan')}` },
                    { key: 'used', label: t('fund.inUse'), children: `${formatYuan(existing.reservedFen + existing.committedFen + existing.paidFen)} ${t('fund.yuan')}` },
                  ]
                : []),
            ]}
          />
        ) : null}
        <Form.Item name="amount" label={t('fund.newBudget')} required rules={[amountRule]} extra={<ChangeHint change={change} unallocatedFen={line?.unallocatedFen ?? 0} />}>
          <Input inputMode="decimal" suffix={t('fund.yuan')} placeholder="450000.00" autoComplete="off" data-testid="allocation-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('fund.note')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('fund.notePlaceholder')} data-testid="allocation-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface LineValues {
  name: string;
  amount: string;
}

/** Renames a line or changes its budget; the budget cannot fall below what departments already hold. */
export function LineModal({ fund, lineId, onClose }: { fund: Fund; lineId: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<LineValues>();
  const { updateLine } = useFundMutations();
  const { notifySuccess } = useFeedback();
  const amountRule = useYuanRule(true);
  const line = fund.lines.find((l) => l.id === lineId);
  if (!line) return null;
  const otherLines = fund.lines.filter((l) => l.id !== lineId).reduce((n, l) => n + l.budgetFen, 0);

  const submit = (values: LineValues) => {
    const budgetFen = parseYuan(values.amount);
    if (budgetFen === null) return;
    updateLine.mutate(
      { lineId, version: line.version, name: values.name.trim() === line.name ? undefined : values.name.trim(), budgetFen: budgetFen === line.budgetFen ? undefined : budgetFen },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          onClose();
        },
        onError: (error) => applyProblemToForm(form, error, (path) => (path === 'budgetFen' ? 'amount' : path)),
      },
    );
  };

  return (
    <Modal
      open
      title={t('fund.editLineTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={updateLine.isPending}
      okButtonProps={{ 'data-testid': 'line-submit' }}
      destroyOnHidden
    >
      <ProblemAlert error={updateLine.error} />
      <Form<LineValues> form={form} name="fundLine" layout="vertical" initialValues={{ name: line.name, amount: formatYuan(line.budgetFen, { grouping: false }) }} onFinish={submit}>
        <Form.Item name="name" label={t('fund.lineName')} rules={[{ required: true, whitespace: true, message: t('fund.lineNameRequired') }, { max: 60 }]}>
          <Input maxLength={60} data-testid="line-name" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('fund.lineBudget')}
          required
          rules={[amountRule]}
          extra={t('fund.lineBudgetHelp', { allocated: formatYuan(line.allocatedFen), room: formatYuan(fund.totalFen - otherLines) })}
        >
          <Input inputMode="decimal" suffix={t('fund.yuan')} autoComplete="off" data-testid="line-budget" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface NewFundValues {
  year: number;
  name: string;
  total: string;
  lines: { name: string; purpose: FundLinePurpose; amount?: string }[];
}

/** Line codes are for data exchange, not for people: derive them from the purpose (services, services2, …). */
function lineCodes(purposes: FundLinePurpose[]): string[] {
  const seen = new Map<string, number>();
  return purposes.map((p) => {
    const n = (seen.get(p) ?? 0) + 1;
    seen.set(p, n);
    return n === 1 ? p : `${p}${n}`;
  });
}

/** Sets up a year's fund and its lines; departments get their shares afterwards, line by line. */
export function CreateFundModal({ defaultYear, onClose, onCreated }: { defaultYear: number; onClose: () => void; onCreated: (fund: Fund) => void }) {
  const { t, locale } = useI18n();
  const isPhone = useIsPhone();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const [form] = Form.useForm<NewFundValues>();
  const { createFund } = useFundMutations();
  const { notifySuccess } = useFeedback();
  const totalRule = useYuanRule(true);
  const lineRule = useYuanRule(true);
  const total = parseYuan(Form.useWatch('total', form) ?? '');
  const lines = Form.useWatch('lines', form) ?? [];
  const linesSum = lines.reduce((n, l) => n + (parseYuan(l?.amount ?? '') ?? 0), 0);

  const submit = (values: NewFundValues) => {
    const totalFen = parseYuan(values.total);
    if (totalFen === null) return;
    const codes = lineCodes(values.lines.map((l) => l.purpose));
    createFund.mutate(
      {
        year: values.year,
        name: values.name.trim(),
        totalFen,
        lines: values.lines.map((l, i) => ({ code: codes[i], name: l.name.trim(), purpose: l.purpose, budgetFen: parseYuan(l.amount ?? '') ?? 0 })),
      },
      {
        onSuccess: (fund) => {
          notifySuccess(t('fund.created'));
          onCreated(fund);
        },
        onError: (error) => applyProblemToForm(form, error, (path) => (path === 'totalFen' ? 'total' : path)),
      },
    );
  };

  return (
    <Modal
      open
      title={t('fund.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={createFund.isPending}
      okButtonProps={{ 'data-testid': 'fund-create-submit' }}
      width={isPhone ? '100%' : 640}
      destroyOnHidden
    >
      <ProblemAlert error={createFund.error} />
      <Form<NewFundValues>
        form={form}
        name="newFund"
        layout="vertical"
        initialValues={{
          year: defaultYear,
          name: t('fund.defaultName', { year: defaultYear }),
          total: '',
          lines: FUND_LINE_PURPOSES.map((purpose) => ({ name: FUND_LINE_PURPOSE_NAMES[purpose][lang], purpose, amount: '' })),
        }}
        onValuesChange={(changed: Partial<NewFundValues>) => {
          if (changed.year) form.setFieldValue('name', t('fund.defaultName', { year: changed.year }));
        }}
        onFinish={submit}
      >
        <Flex gap={12} wrap>
          <Form.Item name="year" label={t('fund.year')} rules={[{ required: true }]} style={{ width: 120 }}>
            <InputNumber min={2000} max={2100} precision={0} className="sz-w-full" data-testid="fund-create-year" />
          </Form.Item>
          <Form.Item name="total" label={t('fund.totalAmount')} required rules={[totalRule]} style={{ flex: '1 1 200px' }}>
            <Input inputMode="decimal" suffix={t('fund.yuan')} placeholder="10000000" autoComplete="off" data-testid="fund-create-total" />
          </Form.Item>
        </Flex>
        <Form.Item name="name" label={t('fund.fundName')} rules={[{ required: true, whitespace: true }, { max: 60 }]}>
          <Input maxLength={60} data-testid="fund-create-name" />
        </Form.Item>
        <Typography.Text strong>{t('fund.lines')}</Typography.Text>
        <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-4 sz-mb-8">
          {t('fund.linesHelp', { sum: formatYuan(linesSum), total: total === null ? '—' : formatYuan(total) })}
        </Typography.Paragraph>
        {total !== null && linesSum > total ? <Alert type="warning" showIcon className="sz-mb-12" title={t('fund.linesOverTotal')} /> : null}
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.length && !isPhone ? (
                <Flex gap={8} style={{ marginBottom: 4, paddingInlineEnd: 40 }}>
                  <Typography.Text type="secondary" style={{ flex: '1 1 0' }}>{t('fund.lineName')}</Typography.Text>
                  <Typography.Text type="secondary" style={{ flex: '0 0 170px' }}>{t('fund.linePurpose')}</Typography.Text>
                  <Typography.Text type="secondary" style={{ flex: '0 0 160px' }}>{t('fund.lineBudget')}</Typography.Text>
                </Flex>
              ) : null}
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap={isPhone} align="flex-start" className={isPhone ? 'sz-dashed-bottom sz-mb-8' : undefined}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('fund.lineNameRequired') }, { max: 60 }]} style={{ flex: isPhone ? '1 1 100%' : '1 1 0', marginBottom: 8 }}>
                    <Input placeholder={t('fund.lineName')} maxLength={60} aria-label={t('fund.lineName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'purpose']} rules={[{ required: true }]} style={{ flex: isPhone ? '1 1 100%' : '0 0 170px', marginBottom: 8 }}>
                    <Select prefix={isPhone ? `${t('fund.linePurpose')}：` : undefined} options={FUND_LINE_PURPOSES.map((p) => ({ value: p, label: FUND_LINE_PURPOSE_NAMES[p][lang] }))} aria-label={t('fund.linePurpose')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} rules={[lineRule]} style={{ flex: isPhone ? '1 1 0' : '0 0 160px', marginBottom: 8 }}>
                    <Input inputMode="decimal" suffix={t('fund.yuan')} placeholder={t('fund.lineBudget')} autoComplete="off" aria-label={t('fund.lineBudget')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('fund.removeLine')} title={t('fund.removeLine')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', purpose: 'services', amount: '' })} block>
                {t('fund.addLine')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
