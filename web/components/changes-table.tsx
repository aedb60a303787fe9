import { Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT, type MessageKey, type Translate } from '../app/i18n';

export type Changes = Record<string, { before: unknown; after: unknown }>;

/** Field names that appear in audit `changes`, as people call them; other fields show their own name. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'field.name',
  code: 'field.code',
  kind: 'field.kind',
  level: 'field.level',
  parentId: 'field.parent',
  parentName: 'field.parent',
  retiredAt: 'field.retiredAt',
  retireReason: 'field.retireReason',
  displayName: 'field.displayName',
  username: 'field.username',
  status: 'field.status',
  role: 'field.role',
  grants: 'field.grants',
  mustChangePassword: 'field.mustChangePassword',
  password: 'field.password',
  kindOfDay: 'field.kind',
  date: 'field.date',
};

export function fieldLabel(field: string, t: Translate): string {
  const key = FIELD_LABELS[field];
  return key ? t(key) : field;
}

export function formatValue(value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Bookkeeping fields (the tree's materialized path) that say nothing a person needs to read. */
const HIDDEN_FIELDS = new Set(['path', 'version', 'updatedAt']);

/**
 * An audit event's `changes` as a small field / before / after table. `renderValue` lets a feature show
 * an id as a name (a parent region, say); it returns undefined to fall back to the plain value.
 */
export function ChangesTable({
  changes,
  renderValue,
  labelOf,
}: {
  changes: Changes;
  renderValue?: (field: string, value: unknown) => ReactNode | undefined;
  /** A feature's own names for its fields (the registry's, say); undefined falls back to the shared ones. */
  labelOf?: (field: string) => string | undefined;
}) {
  const t = useT();
  const rows = Object.entries(changes)
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .map(([field, change]) => ({ field, ...change }));
  const show = (field: string, value: unknown) => (value === null || value === undefined ? undefined : renderValue?.(field, value)) ?? formatValue(value, t);
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('changes.field'), dataIndex: 'field', render: (field: string) => labelOf?.(field) ?? fieldLabel(field, t), width: 120 },
        {
          title: t('changes.before'),
          dataIndex: 'before',
          render: (value: unknown, row) => (
            <Typography.Text type="secondary" delete={value !== null && value !== undefined}>
              {show(row.field, value)}
            </Typography.Text>
          ),
        },
        { title: t('changes.after'), dataIndex: 'after', render: (value: unknown, row) => <Typography.Text strong>{show(row.field, value)}</Typography.Text> },
      ]}
    />
  );
}
