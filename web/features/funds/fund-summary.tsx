import { Card, Flex, Tooltip, Typography } from 'antd';
import { formatWanYuan, formatYuan, type Fen } from '../../../contracts/money';
import { useT, type MessageKey } from '../../app/i18n';
import type { Fund } from './funds-api';
import { moneyColors } from '../../app/theme';

/** formatWanYuan with thousands grouped, as finance tables print it: 10,000,000 yuan → "1,000 万元". */
export function wanYuan(fen: Fen): string {
  return formatWanYuan(fen).replace(/^-?\d+/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

/** The figures of the cards: the whole fund for the office and auditors, the sum of their shares for a department. */
export function fundFigures(fund: Fund, whole: boolean) {
  const sum = (pick: (line: Fund['lines'][number]) => number) => fund.lines.reduce((n, line) => n + pick(line), 0);
  if (whole) {
    return {
      total: fund.totalFen,
      allocated: sum((l) => l.allocatedFen),
      unallocated: fund.totalFen - sum((l) => l.allocatedFen),
      reserved: fund.reservedFen,
      committed: fund.committedFen,
      paid: fund.paidFen,
      available: fund.availableFen,
    };
  }
  return {
    total: sum((l) => l.budgetFen),
    allocated: sum((l) => l.budgetFen),
    unallocated: 0,
    reserved: sum((l) => l.reservedFen),
    committed: sum((l) => l.committedFen),
    paid: sum((l) => l.paidFen),
    available: sum((l) => l.availableFen),
  };
}

const SEGMENTS = [
  { key: 'paid', color: moneyColors.paid, label: 'fund.paid' },
  { key: 'committed', color: moneyColors.committed, label: 'fund.committed' },
  { key: 'reserved', color: moneyColors.reserved, label: 'fund.reserved' },
] as const satisfies readonly { key: string; color: string; label: MessageKey }[];

function percentOf(part: Fen, total: Fen): number {
  return total > 0 ? Math.round((part * 1000) / total) / 10 : 0;
}

/** Six cards (five for a department) and one bar: how much of the money is paid, committed, reserved, still free. */
export function FundSummary({ fund, whole }: { fund: Fund; whole: boolean }) {
  const t = useT();
  const f = fundFigures(fund, whole);
  const cards: { key: string; title: MessageKey; value: Fen; hint?: string; color?: string }[] = [
    { key: 'total', title: whole ? 'fund.total' : 'fund.ownTotal', value: f.total },
    ...(whole ? [{ key: 'allocated', title: 'fund.allocated' as const, value: f.allocated, hint: t('fund.unallocatedHint', { amount: wanYuan(f.unallocated) }) }] : []),
    { key: 'reserved', title: 'fund.reserved', value: f.reserved, color: moneyColors.reserved },
    { key: 'committed', title: 'fund.committed', value: f.committed, color: moneyColors.committed },
    { key: 'paid', title: 'fund.paid', value: f.paid, color: moneyColors.paid },
    { key: 'available', title: 'fund.available', value: f.available, color: moneyColors.available },
  ];
  const used = f.paid + f.committed + f.reserved;
  return (
    <>
      {/* As many equal columns as fit: six on a desktop, two on a phone. */}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: 12, marginBottom: 12 }}>
        {cards.map((card) => (
          <Card key={card.key} size="small" className="sz-h-full" data-testid={`fund-card-${card.key}`}>
            <Typography.Text type="secondary">{t(card.title)}</Typography.Text>
            <div style={{ fontSize: 22, fontWeight: 600, lineHeight: 1.4, color: card.color, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={`fund-card-${card.key}-value`}>
              {wanYuan(card.value)}
            </div>
            <Typography.Text type="secondary" className="sz-text-sm sz-num">
              {formatYuan(card.value)} {t('fund.yuan')}
            </Typography.Text>
            {card.hint ? (
              <Typography.Text type="secondary" className="sz-block sz-text-sm">
                {card.hint}
              </Typography.Text>
            ) : null}
          </Card>
        ))}
      </div>
      <Card size="small" className="sz-mb-16">
        <Flex justify="space-between" wrap gap={8} className="sz-mb-8">
          <Typography.Text strong>{t('fund.progressTitle')}</Typography.Text>
          <Typography.Text type="secondary">{t('fund.progressUsed', { percent: percentOf(used, f.total), paid: percentOf(f.paid, f.total) })}</Typography.Text>
        </Flex>
        <div
          role="img"
          aria-label={t('fund.progressTitle')}
          style={{ display: 'flex', height: 14, borderRadius: 7, overflow: 'hidden', background: 'var(--sz-track)' }}
          data-testid="fund-progress"
        >
          {SEGMENTS.map((s) => {
            const value = f[s.key];
            if (value <= 0 || f.total <= 0) return null;
            return (
              <Tooltip key={s.key} title={`${t(s.label)} ${wanYuan(value)}（${percentOf(value, f.total)}%）`}>
                <div style={{ width: `${(value / f.total) * 100}%`, minWidth: 3, background: s.color }} />
              </Tooltip>
            );
          })}
        </div>
        <Flex wrap gap={16} className="sz-mt-8 sz-text-sm">
          {SEGMENTS.map((s) => (
            <span key={s.key}>
              <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: s.color, marginInlineEnd: 4 }} />
              {t(s.label)} {percentOf(f[s.key], f.total)}%
            </span>
          ))}
          <span>
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: 'var(--sz-track)', marginInlineEnd: 4, border: '1px solid var(--sz-track-border)' }} />
            {t('fund.available')} {percentOf(f.available, f.total)}%
          </span>
        </Flex>
      </Card>
    </>
  );
}
