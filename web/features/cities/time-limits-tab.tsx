import { UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, InputNumber, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { useFeedback } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { useIsPhone } from '../../components/use-is-phone';
import { useCityTimeLimits, useSaveTimeLimits, type City, type CityTimeLimit, type TimeLimitChange } from './cities-api';

const keyOf = (l: { caseType: string; variant: string; state: string }) => `${l.caseType}|${l.variant}|${l.state}`;

/**
 * 办理时限: every step limit the city's cases run on, in working days on the official calendar — its own where the
 * office set one, else the platform's default. The office edits several and saves them together; a limit someone
 * else changed meanwhile is refused whole (409) and the list reloads.
 */
export function TimeLimitsTab({ city }: { city: City }) {
  const t = useT();
  const isPhone = useIsPhone();
  const limits = useCityTimeLimits(city.id);
  const save = useSaveTimeLimits(city.id);
  const { notifyError, notifySuccess } = useFeedback();
  /** Edits not saved yet: a number, or null for "back to the default". */
  const [edits, setEdits] = useState<Record<string, number | null>>({});
  const [stale, setStale] = useState(false);
  const manageable = limits.data?.manageable ?? false;

  const rows = useMemo(() => (limits.data?.items ?? []).map((l) => ({ ...l, key: keyOf(l) })), [limits.data]);
  const changes: TimeLimitChange[] = rows
    .filter((r) => r.key in edits && edits[r.key] !== (r.own ? r.days : null))
    .map((r) => ({ caseType: r.caseType, variant: r.variant, state: r.state, expectedDays: r.days, workingDays: edits[r.key] }));

  const submit = () =>
    save.mutate(changes, {
      onSuccess: () => {
        setEdits({});
        setStale(false);
        notifySuccess(t('city.limits.saved', { n: changes.length }));
      },
      onError: (error) => {
        if (error instanceof ProblemError && error.code === 'stale') {
          setEdits({});
          setStale(true);
        } else notifyError(error);
      },
    });

  if (limits.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (limits.isError) return <ErrorAlert error={limits.error} onRetry={limits.refetch} />;

  const columns: ColumnsType<(typeof rows)[number]> = [
    {
      title: t('city.limits.matter'),
      key: 'matter',
      render: (_, r: CityTimeLimit) => (
        <span>
          {r.caseTypeName}
          {r.variantName ? <Typography.Text type="secondary"> · {r.variantName}</Typography.Text> : null}
        </span>
      ),
    },
    { title: t('city.limits.step'), dataIndex: 'stateName', key: 'step' },
    { title: t('city.limits.default'), key: 'default', width: 110, render: (_, r) => (r.defaultDays === null ? '—' : t('city.limits.days', { n: r.defaultDays })) },
    {
      title: t('city.limits.city'),
      key: 'days',
      width: isPhone ? 150 : 220,
      render: (_, r) => {
        const edited = r.key in edits;
        const value = edited ? edits[r.key] : r.own ? r.days : null;
        if (!manageable) return r.days === null ? '—' : t('city.limits.days', { n: r.days });
        return (
          <Flex gap={6} align="center">
            <InputNumber
              min={0}
              max={365}
              precision={0}
              value={value}
              placeholder={r.defaultDays === null ? '—' : String(r.defaultDays)}
              onChange={(v) => setEdits((e) => ({ ...e, [r.key]: v === null ? null : Number(v) }))}
              suffix={isPhone ? undefined : t('city.limits.unit')}
              style={{ width: isPhone ? 80 : 140 }}
              aria-label={`${r.caseTypeName}${r.variantName ? ` ${r.variantName}` : ''} ${r.stateName}`}
              data-testid={`limit-${r.caseType}-${r.variant}-${r.state}`}
            />
            {value !== null ? (
              <Tooltip title={t('city.limits.reset')}>
                <Button size="small" type="text" icon={<UndoOutlined />} aria-label={t('city.limits.reset')} onClick={() => setEdits((e) => ({ ...e, [r.key]: null }))} />
              </Tooltip>
            ) : null}
          </Flex>
        );
      },
    },
    {
      title: t('city.limits.source'),
      key: 'source',
      width: 90,
      render: (_, r) => (r.key in edits ? <Tag color="gold">{t('city.limits.edited')}</Tag> : r.own ? <Tag color="blue">{t('city.limits.own')}</Tag> : <Tag>{t('city.limits.platform')}</Tag>),
    },
  ];

  // On a phone the step carries its matter and its source, and the default is the input's placeholder: two columns fit.
  const phoneColumns: ColumnsType<(typeof rows)[number]> = [
    {
      title: t('city.limits.step'),
      key: 'step',
      render: (_, r) => (
        <Flex vertical gap={2}>
          <Typography.Text type="secondary" className="sz-text-sm">
            {r.caseTypeName}
            {r.variantName ? ` · ${r.variantName}` : ''}
          </Typography.Text>
          <span>
            {r.stateName} {r.own && !(r.key in edits) ? <Tag color="blue">{t('city.limits.own')}</Tag> : null}
            {r.key in edits ? <Tag color="gold">{t('city.limits.edited')}</Tag> : null}
          </span>
        </Flex>
      ),
    },
    { ...columns[3], title: `${t('city.limits.city')}（${t('city.limits.unit')}）` },
  ];

  return (
    <div data-testid="city-time-limits">
      <Alert type="info" showIcon className="sz-mb-16" title={t('city.limits.help')} />
      {stale ? <Alert type="warning" showIcon closable onClose={() => setStale(false)} className="sz-mb-16" title={t('city.limits.stale')} data-testid="city-limits-stale" /> : null}
      <Table rowKey="key" size="small" columns={isPhone ? phoneColumns : columns} dataSource={rows} pagination={false} scroll={isPhone ? undefined : { x: 640 }} />
      {manageable ? (
        <Flex justify="end" gap={8} className="sz-mt-16">
          <Button disabled={changes.length === 0} onClick={() => setEdits({})}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" disabled={changes.length === 0} loading={save.isPending} onClick={submit} data-testid="city-limits-save">
            {changes.length ? t('city.limits.saveN', { n: changes.length }) : t('common.save')}
          </Button>
        </Flex>
      ) : null}
    </div>
  );
}
