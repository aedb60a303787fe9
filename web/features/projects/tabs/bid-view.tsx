import { Flex, Table, Tag, Typography } from 'antd';
import type { Fen } from '../../../../contracts/money';
import { useI18n } from '../../../app/i18n';
import { Yuan } from '../project-labels';

interface BidContent {
  plan: string;
  budgetItems: { name: string; amountFen: Fen }[];
  team: { name: string; role: string; certified: boolean }[];
  totalFen: Fen;
}

/** A bid's content as the office, the bidder and the experts read it: plan, budget lines with their total, team. */
export function BidContentView({ bid, budgetFen }: { bid: BidContent; budgetFen?: Fen }) {
  const { t } = useI18n();
  const certified = bid.team.filter((m) => m.certified).length;
  return (
    <div data-testid="bid-content">
      <Typography.Text strong>{t('project.bidPlan')}</Typography.Text>
      <Typography.Paragraph className="sz-pre-wrap sz-mt-4" ellipsis={{ rows: 8, expandable: 'collapsible', symbol: (open) => (open ? t('project.collapse') : t('project.expand')) }}>
        {bid.plan}
      </Typography.Paragraph>
      <Typography.Text strong>{t('project.bidBudget')}</Typography.Text>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={bid.budgetItems}
        className="sz-m-0 sz-mt-4 sz-mb-12"
        columns={[
          { title: t('project.budgetItem'), dataIndex: 'name' },
          { title: t('project.amountYuan'), dataIndex: 'amountFen', align: 'right', width: 160, render: (fen: number) => <Yuan fen={fen} /> },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('project.bidTotal')}</Typography.Text>
              {budgetFen !== undefined ? (
                <Typography.Text type="secondary" className="sz-text-sm">
                  {' '}
                  {t('project.ofBudget', { percent: budgetFen > 0 ? Math.round((bid.totalFen * 1000) / budgetFen) / 10 : 0 })}
                </Typography.Text>
              ) : null}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Yuan fen={bid.totalFen} strong />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Text strong>
        {t('project.bidTeam')}
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
          {' '}
          {t('project.teamCertified', { count: bid.team.length, certified })}
        </Typography.Text>
      </Typography.Text>
      <Flex wrap gap={6} className="sz-mt-4">
        {bid.team.map((m, i) => (
          <Tag key={i} color={m.certified ? 'green' : undefined}>
            {m.name} · {m.role}
            {m.certified ? ` · ${t('project.certified')}` : ''}
          </Tag>
        ))}
      </Flex>
    </div>
  );
}
