import { Tag, Typography } from 'antd';
import type { FundMovementKind } from '../../../contracts/funds';
import { formatYuan, type Fen } from '../../../contracts/money';

/** One colour per kind of movement, wherever the ledger shows one. */
export const KIND_COLORS: Record<FundMovementKind, string> = {
  allocate: 'blue',
  reserve: 'orange',
  release: 'cyan',
  commit: 'purple',
  decommit: 'geekblue',
  pay: 'green',
};

export function KindTag({ kind, name }: { kind: FundMovementKind; name: string }) {
  return <Tag color={KIND_COLORS[kind]}>{name}</Tag>;
}

/**
 * What a movement does to the department's available balance (the ledger's balance column), so the sign
 * a clerk sees matches the balance next to it: an allocation adds (or, when negative, takes away), a
 * reservation takes, a release or an ended commitment gives back. A commitment and a payment move money
 * between buckets that are both already spoken for, so they leave the available balance as it was: 0.
 */
export function availableEffect(kind: FundMovementKind, amountFen: Fen): Fen {
  switch (kind) {
    case 'allocate':
      return amountFen;
    case 'reserve':
      return -amountFen;
    case 'release':
    case 'decommit':
      return amountFen;
    case 'commit':
    case 'pay':
      return 0;
  }
}

/** "+1,000.00" in green, "-1,000.00" in red; `neutral` for movements between spoken-for buckets. */
export function SignedYuan({ kind, amountFen, testId }: { kind: FundMovementKind; amountFen: Fen; testId?: string }) {
  const effect = availableEffect(kind, amountFen);
  if (effect === 0) return <span data-testid={testId}>{formatYuan(amountFen)}</span>;
  return (
    <Typography.Text strong className={effect > 0 ? 'sz-nowrap sz-text-success' : 'sz-nowrap sz-text-error'} data-testid={testId}>
      {effect > 0 ? '+' : '-'}
      {formatYuan(Math.abs(effect))}
    </Typography.Text>
  );
}

/** A right-aligned amount in yuan with two decimals; red when negative (never expected, but visible if it is). */
export function Yuan({ fen, strong }: { fen: Fen; strong?: boolean }) {
  return (
    <Typography.Text strong={strong} type={fen < 0 ? 'danger' : undefined} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatYuan(fen)}
    </Typography.Text>
  );
}

