import { Card, Descriptions, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { CATALOG_TIER_NAMES, type CatalogTier } from '../../../../contracts/funds';
import { formatYuan } from '../../../../contracts/money';
import { useI18n } from '../../../app/i18n';
import { chinaDay } from '../../../components/china-time';
import { useIsPhone } from '../../../components/use-is-phone';
import { Yuan } from '../project-labels';
import type { Project } from '../projects-api';
import { moneyColors } from '../../../app/theme';

/** 项目概况: the need as proposed, its indicators, where it serves, and its money in the ledger. */
export function OverviewTab({ project: p }: { project: Project }) {
  const { t, locale } = useI18n();
  const isPhone = useIsPhone();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const tierName = CATALOG_TIER_NAMES[p.tier as CatalogTier]?.[lang] ?? p.tier;
  return (
    <div data-testid="project-overview">
      <Descriptions
        size="small"
        bordered
        column={isPhone ? 1 : 2}
        items={[
          { key: 'number', label: t('project.number'), children: p.number },
          { key: 'year', label: t('project.year'), children: t('project.yearOption', { year: p.year }) },
          { key: 'department', label: t('project.department'), children: p.departmentName },
          { key: 'category', label: t('project.category'), children: `${tierName} · ${p.categoryName}` },
          {
            key: 'domains',
            label: t('project.domains'),
            children: (
              <Flex wrap gap={4}>
                {p.domains.map((d) => (
                  <Tag key={d.code}>
                    {d.name}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          { key: 'groups', label: t('project.targetGroups'), children: p.targetGroups.join('、') },
          { key: 'towns', label: t('project.towns'), children: p.townNames.length ? p.townNames.join('、') : t('project.cityWide') },
          { key: 'budget', label: t('project.budget'), children: <Yuan fen={p.budgetFen} /> },
          { key: 'duration', label: t('project.duration'), children: t('project.months', { months: p.durationMonths }) },
          ...(p.procurementMethodName ? [{ key: 'method', label: t('project.procurementMethod'), children: p.procurementMethodName }] : []),
        ]}
      />
      <Typography.Title level={5} className="sz-mt-20">
        {t('project.summary')}
      </Typography.Title>
      <Typography.Paragraph className="sz-pre-wrap">{p.summary}</Typography.Paragraph>

      <Typography.Title level={5}>{t('project.indicators')}</Typography.Title>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={p.indicators}
        columns={[
          { title: t('project.indicatorKind'), dataIndex: 'kind', width: 100, render: (k: string) => <Tag color={k === 'output' ? 'geekblue' : 'green'}>{t(k === 'output' ? 'project.kind.output' : 'project.kind.outcome')}</Tag> },
          { title: t('project.indicatorName'), dataIndex: 'name' },
          { title: t('project.indicatorTarget'), key: 'target', width: 140, render: (_: unknown, i) => `${i.target} ${i.unit}` },
        ]}
      />

      {p.funds.lineId ? (
        <>
          <Typography.Title level={5} className="sz-mt-20">
            {t('project.fundsTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('project.fundsHelp', { line: p.funds.lineName ?? '' })}
          </Typography.Paragraph>
          <div style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${isPhone ? 130 : 180}px, 1fr))`, gap: 12 }} data-testid="project-funds">
            {(
              [
                ['reserved', p.funds.reservedFen, moneyColors.reserved],
                ['committed', p.funds.committedFen, moneyColors.committed],
                ['paid', p.funds.paidFen, moneyColors.paid],
              ] as const
            ).map(([key, fen, color]) => (
              <Card key={key} size="small">
                <Statistic title={t(`project.funds.${key}`)} value={formatYuan(fen)} suffix={t('project.yuan')} styles={{ content: { color, fontSize: 20 } }} />
              </Card>
            ))}
          </div>
        </>
      ) : null}

      {p.callNotice ? (
        <>
          <Typography.Title level={5} className="sz-mt-20">
            {t('project.callNotice')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="sz-mb-4 sz-text-sm">
            {p.callPublishedAt ? t('project.noticePublishedOn', { date: chinaDay(p.callPublishedAt), deadline: p.callDeadline ?? '—' }) : null}
          </Typography.Paragraph>
          <Typography.Paragraph className="sz-quote">{p.callNotice}</Typography.Paragraph>
        </>
      ) : null}
    </div>
  );
}
