import { ErrorAlert } from '../../components/error-alert';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Descriptions, Flex, Form, type FormInstance, Input, InputNumber, Progress, Select, Skeleton, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { formatWanYuan, formatYuan } from '../../../contracts/money';
import { PROCUREMENT_METHOD_NAMES, PROCUREMENT_METHODS, type EvaluationGrade, type ProcurementMethod } from '../../../contracts/projects';
import { api } from '../../app/api';
import { useI18n, type MessageKey } from '../../app/i18n';
import { chinaDayjs } from '../../components/china-time';
import { fundKeys, useFunds, type Fund } from '../funds/funds-api';
import { yuan } from './project-labels';
import { useEvaluationStandard, useIndicatorProgress, useProcurementBand, useServiceRecords, type Project } from './projects-api';

export interface ApproveValues {
  lineId?: string;
}

/**
 * 批准立项: the fund line that pays. Each line of the project's year shows what the buying department
 * still has available in it; approving reserves the budget there (the server refuses an overdraft).
 */
export function ApproveFields({ project, form }: { project: Project; form: FormInstance }) {
  const { t } = useI18n();
  const funds = useFunds();
  const ofYear = (funds.data ?? []).filter((f) => f.year === project.year);
  const details = useQueries({ queries: ofYear.map((f) => ({ queryKey: fundKeys.detail(f.id), queryFn: () => api.get<Fund>(`/funds/${f.id}`) })) });
  const lines = useMemo(
    () =>
      details
        .flatMap((d) => d.data?.lines ?? [])
        .map((line) => ({ line, share: line.allocations.find((a) => a.departmentId === project.departmentId) ?? null })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the query results are the inputs
    [details.map((d) => d.dataUpdatedAt).join(), project.departmentId],
  );
  const lineId = Form.useWatch('lineId', form) as string | undefined;
  const chosen = lines.find((l) => l.line.id === lineId);
  const fits = (l: (typeof lines)[number]) => !!l.share && l.share.availableFen >= project.budgetFen;

  useEffect(() => {
    if (lineId || lines.length === 0) return;
    const best = lines.find((l) => l.line.purpose === 'services' && fits(l)) ?? lines.find(fits);
    if (best) form.setFieldValue('lineId', best.line.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- choose a default once the lines are in
  }, [lines.length]);

  if (funds.isPending || details.some((d) => d.isPending)) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (funds.isError) return <ErrorAlert error={funds.error} />;
  if (lines.length === 0) return <Alert type="warning" showIcon className="sz-mb-16" title={t('project.noFundForYear', { year: project.year })} data-testid="approve-no-fund" />;
  const unit = t('project.yuan');
  return (
    <>
      <Form.Item name="lineId" label={t('project.fundLine')} rules={[{ required: true, message: t('project.fundLineRequired') }]}>
        <Select
          data-testid="approve-line"
          options={lines.map((l) => ({
            value: l.line.id,
            label: l.line.name,
            disabled: !l.share,
            extra: l.share ? t('project.lineAvailable', { department: project.departmentName, amount: yuan(l.share.availableFen, unit) }) : t('project.lineNoShare', { department: project.departmentName }),
          }))}
          optionRender={(o) => (
            <div>
              <div>{o.label}</div>
              <Typography.Text type="secondary" className="sz-text-sm">
                {(o.data as { extra: string }).extra}
              </Typography.Text>
            </div>
          )}
        />
      </Form.Item>
      {chosen?.share ? (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            className="sz-mb-8"
            data-testid="approve-balance"
            items={[
              { key: 'share', label: t('project.departmentShare', { department: project.departmentName }), children: yuan(chosen.share.budgetFen, unit) },
              { key: 'used', label: t('project.shareInUse'), children: yuan(chosen.share.reservedFen + chosen.share.committedFen + chosen.share.paidFen, unit) },
              { key: 'available', label: t('project.shareAvailable'), children: <strong data-testid="approve-available">{yuan(chosen.share.availableFen, unit)}</strong> },
              { key: 'budget', label: t('project.thisBudget'), children: yuan(project.budgetFen, unit) },
              {
                key: 'after',
                label: t('project.availableAfter'),
                children:
                  chosen.share.availableFen >= project.budgetFen ? (
                    yuan(chosen.share.availableFen - project.budgetFen, unit)
                  ) : (
                    <Typography.Text type="danger">{t('project.shareShort', { amount: yuan(project.budgetFen - chosen.share.availableFen, unit) })}</Typography.Text>
                  ),
              },
            ]}
          />
        </>
      ) : null}
    </>
  );
}

export interface CallValues {
  procurementMethod?: ProcurementMethod;
  deadline?: Dayjs;
  notice?: string;
}

/** A working day `add` working days after today, on the official calendar (holidays and adjusted workdays). */
function useWorkingDayFromToday(add: number) {
  const today = chinaDayjs().format('YYYY-MM-DD');
  return useQuery({ queryKey: ['calendar', 'working-days', today, add], queryFn: () => api.get<{ date: string }>('/calendar/working-days', { from: today, add }).then((r) => r.date), staleTime: 60 * 60_000 });
}

/** The call's text, with the deadline in it; kept in step with the deadline until the clerk edits it. */
function noticeText(title: string, deadline: string, t: (key: MessageKey, v?: Record<string, string | number>) => string) {
  return t('project.noticeTemplate', { title, deadline });
}

/**
 * 发布申报公告: method, deadline (at least 5 working days ahead: the server names the earliest date if not), notice.
 * The method defaults to the city's band for the budget (GET /procurement-bands/for-amount) — or the method chosen
 * before, when the call is published again; with no band the clerk picks. Where the band binds, another method is
 * warned about here and refused by the server.
 */
export function CallFields({ project, form, again }: { project: Project; form: FormInstance; again: boolean }) {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const earliest = useWorkingDayFromToday(5);
  const suggested = useWorkingDayFromToday(10);
  const band = useProcurementBand(project.budgetFen);
  const deadline = Form.useWatch('deadline', form) as Dayjs | undefined;
  const amountText = (fen: number) => (lang === 'zh' ? formatWanYuan(fen) : formatYuan(fen, { symbol: true }));
  const bandMethod = band.data ? PROCUREMENT_METHOD_NAMES[band.data.method][lang] : '';

  useEffect(() => {
    if (band.isPending || form.getFieldValue('procurementMethod')) return;
    const method = project.procurementMethod ?? band.data?.method;
    if (!method) return;
    form.setFieldValue('procurementMethod', method);
    // A method chosen before that the band now refuses is warned about at once.
    if (band.data?.binding && method !== band.data.method) void form.validateFields(['procurementMethod']).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once the band is in
  }, [band.isPending]);
  useEffect(() => {
    if (!suggested.data || form.getFieldValue('deadline')) return;
    form.setFieldsValue({
      deadline: dayjs(suggested.data),
      notice: again && project.callNotice ? project.callNotice : noticeText(project.title, suggested.data, t),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once the suggestion is in
  }, [suggested.data]);
  useEffect(() => {
    if (!deadline || form.isFieldTouched('notice') || again) return;
    form.setFieldValue('notice', noticeText(project.title, deadline.format('YYYY-MM-DD'), t));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the deadline only
  }, [deadline?.format('YYYY-MM-DD')]);

  return (
    <>
      <Flex gap={16} wrap>
        <Form.Item
          name="procurementMethod"
          label={t('project.procurementMethod')}
          rules={[
            { required: true, message: t('project.procurementMethodRequired') },
            {
              warningOnly: true,
              validator: async (_, value: ProcurementMethod | undefined) => {
                if (!band.data?.binding || !value || value === band.data.method) return;
                throw new Error(t('project.procurementMethodBinding', { amount: amountText(project.budgetFen), from: amountText(band.data.fromFen), method: bandMethod }));
              },
            },
          ]}
          extra={
            band.data ? (
              <div data-testid="call-method-help">
                <div>{t(band.data.binding ? 'project.procurementMethodMust' : 'project.procurementMethodDefault', { amount: amountText(project.budgetFen), method: bandMethod })}</div>
                {band.data.note ? <div>{band.data.note}</div> : null}
              </div>
            ) : undefined
          }
          style={{ flex: '1 1 220px' }}
        >
          <Select options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: PROCUREMENT_METHOD_NAMES[m][lang] }))} placeholder={t('project.procurementMethodRequired')} data-testid="call-method" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('project.callDeadline')}
          rules={[{ required: true, message: t('project.callDeadlineRequired') }]}
          extra={earliest.data ? t('project.callDeadlineHelp', { date: earliest.data }) : undefined}
          style={{ flex: '1 1 220px' }}
        >
          <DatePicker className="sz-w-full" disabledDate={(d) => !!earliest.data && d.format('YYYY-MM-DD') < earliest.data} data-testid="call-deadline" />
        </Form.Item>
      </Flex>
      <Form.Item name="notice" label={t('project.callNotice')} rules={[{ required: true, whitespace: true, message: t('project.callNoticeRequired') }, { min: 10, message: t('project.callNoticeTooShort') }, { max: 5000 }]}>
        <Input.TextArea rows={6} maxLength={5000} showCount data-testid="call-notice" />
      </Form.Item>
    </>
  );
}

/** Indicators below their target, as a warning: the evaluation and the closure are not to pass them over in silence. */
export function UnmetIndicatorsAlert({ project, closing = false }: { project: Project; closing?: boolean }) {
  const { t } = useI18n();
  const progress = useIndicatorProgress(project.id);
  const unmet = (progress.data ?? []).filter((i) => i.achieved < i.target);
  if (!unmet.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="sz-mb-12"
      data-testid="unmet-indicators"
      message={t(closing ? 'project.closeUnmetIndicators' : 'project.unmetIndicators', { count: unmet.length })}
      description={unmet.map((i) => `${i.name}：${i.achieved}/${i.target}${i.unit}`).join('；')}
    />
  );
}

export interface EvaluateValues {
  scores?: Record<string, number>;
  evaluationSummary?: string;
}

const GRADE_COLORS: Record<EvaluationGrade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };

export function gradeOf(total: number, bands: { excellent: number; good: number; pass: number }): EvaluationGrade {
  return total >= bands.excellent ? 'excellent' : total >= bands.good ? 'good' : total >= bands.pass ? 'pass' : 'fail';
}

/** 终期评估: whole points per criterion of the evaluation standard, the running total and the grade it gives; the indicators for reference. */
export function EvaluateFields({ project, form }: { project: Project; form: FormInstance }) {
  const { t } = useI18n();
  const standard = useEvaluationStandard();
  const progress = useIndicatorProgress(project.id);
  const records = useServiceRecords(project.id);
  const scores = (Form.useWatch('scores', form) ?? {}) as Record<string, number | null | undefined>;
  if (standard.isPending) return <Skeleton active />;
  if (standard.isError) return <ErrorAlert error={standard.error} />;
  const s = standard.data;
  const total = s.criteria.reduce((n, c) => n + (typeof scores[c.key] === 'number' ? scores[c.key]! : 0), 0);
  const complete = s.criteria.every((c) => typeof scores[c.key] === 'number');
  const grade = gradeOf(total, s.bands);
  return (
    <>
      <UnmetIndicatorsAlert project={project} />
      <Typography.Paragraph type="secondary" className="sz-mb-8" data-testid="evaluate-records">
        {records.isPending
          ? null
          : records.items.length === 0
            ? t('project.evaluateNoRecords')
            : t('project.evaluateRecords', { count: records.items.length, more: records.hasNextPage ? '+' : '', last: records.items[0].servedOn })}
      </Typography.Paragraph>
      {progress.data?.length ? (
        <div className="sz-mb-12">
          <Typography.Text strong>{t('project.indicatorProgress')}</Typography.Text>
          {progress.data.map((i) => (
            <Flex key={i.index} gap={8} align="center">
              <span style={{ flex: '0 0 45%', fontSize: 13 }}>
                {i.name}（{i.achieved}/{i.target}
                {i.unit}）
              </span>
              <Progress percent={Math.min(100, i.percent)} size="small" format={() => `${i.percent}%`} style={{ flex: 1, margin: 0 }} />
            </Flex>
          ))}
        </div>
      ) : null}
      {s.criteria.map((c) => (
        <Form.Item
          key={c.key}
          name={['scores', c.key]}
          label={`${c.name}（${t('project.maxPoints', { points: c.maxPoints })}）`}
          extra={c.description}
          rules={[{ required: true, message: t('project.scoreRequired') }, { type: 'number', max: c.maxPoints, message: t('project.scoreTooHigh', { name: c.name, max: c.maxPoints }) }]}
          className="sz-mb-12"
        >
          {/* No `max` on the input: antd would silently turn 30 into the maximum on blur; the rule refuses it by name. */}
          <InputNumber min={0} precision={0} step={1} style={{ width: 160 }} suffix={t('project.pointsUnit')} data-testid={`evaluate-score-${c.key}`} />
        </Form.Item>
      ))}
      <Flex gap={8} align="center" wrap className="sz-m-0 sz-mt-4 sz-mb-16" data-testid="evaluate-total">
        <Typography.Text strong>{t('project.totalPoints', { total })}</Typography.Text>
        {complete ? <Tag color={GRADE_COLORS[grade]}>{t(`project.grade.${grade}` as MessageKey)}</Tag> : <Typography.Text type="secondary">{t('project.gradeWhenComplete')}</Typography.Text>}
        <Typography.Text type="secondary" className="sz-text-sm">
          {t('project.gradeBands', { excellent: s.bands.excellent, good: s.bands.good, pass: s.bands.pass })}
        </Typography.Text>
      </Flex>
      <Form.Item
        name="evaluationSummary"
        label={t('project.evaluationSummary')}
        rules={[{ required: true, whitespace: true, message: t('project.evaluationSummaryRequired') }, { min: 10, message: t('project.evaluationSummaryTooShort') }, { max: 5000 }]}
      >
        <Input.TextArea rows={4} maxLength={5000} showCount data-testid="evaluate-summary" />
      </Form.Item>
    </>
  );
}
