import { Card, Empty, Flex, Skeleton, Table, Typography, type TableProps } from 'antd';
import type { ColumnType, ColumnsType } from 'antd/es/table';
import type { CSSProperties, Key, ReactNode } from 'react';
import { useT } from '../app/i18n';
import { ErrorAlert } from './error-alert';
import { LoadMore } from './load-more';
import { useIsPhone } from './use-is-phone';

/** What a list page gets from a query hook (usePagedList or a plain useQuery): the rows and how far they are. */
export interface ListState<T> {
  items: readonly T[];
  isPending: boolean;
  error: unknown;
  refetch?: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
}

export interface ListShellProps<T> {
  list: ListState<T>;
  columns: ColumnsType<T>;
  rowKey: keyof T & string | ((row: T) => Key);
  /** A phone's card body; without it the card shows the first column as its title and the others as label: value. */
  renderCard?: (row: T, index: number) => ReactNode;
  /** A card's own look, from its row (a coloured edge for its kind). */
  cardStyle?: (row: T) => CSSProperties;
  /** A click on a row or a card (the page still puts a real link in the row for keyboard and middle-click). */
  onOpen?: (row: T) => void;
  /** Said when there is no row; "暂无数据" when not given. */
  empty?: ReactNode;
  /** The table's width before it scrolls sideways. */
  scrollX?: number;
  /** data-testid of the table (desktop) and of the card list (phone); each card gets `cardTestId`, each table row `rowTestId`. */
  tableTestId?: string;
  listTestId?: string;
  cardTestId?: string;
  rowTestId?: string;
  /** What else the desktop table needs (expandable rows, size). */
  tableProps?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'rowKey' | 'loading' | 'pagination'>;
}

/** A cell's value as a column would show it: its dataIndex (a name or a path), through its render. */
export function cellOf<T>(column: ColumnType<T>, row: T, index: number): ReactNode {
  // antd types dataIndex as a deep path of T; a card only needs its keys.
  const dataIndex = (column as { dataIndex?: unknown }).dataIndex as string | number | readonly (string | number)[] | undefined;
  const path: readonly (string | number)[] = dataIndex === undefined ? [] : Array.isArray(dataIndex) ? dataIndex : [dataIndex as string | number];
  const value = path.reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string | number, unknown>)[k]), path.length ? row : undefined);
  if (column.render) {
    const rendered = column.render(value, row, index) as ReactNode | { children?: ReactNode };
    return rendered !== null && typeof rendered === 'object' && !('$$typeof' in rendered) && 'children' in rendered ? rendered.children : (rendered as ReactNode);
  }
  return value == null ? null : (value as ReactNode);
}

/** The columns a card can show: leaf columns (groups flattened) that have a title or a value. */
export function cardColumns<T>(columns: ColumnsType<T>): ColumnType<T>[] {
  return columns.flatMap((c) => ('children' in c && c.children ? cardColumns(c.children) : [c as ColumnType<T>]));
}

function DerivedCard<T>({ row, index, columns }: { row: T; index: number; columns: ColumnType<T>[] }) {
  const [first, ...rest] = columns;
  return (
    <>
      {first ? <Typography.Text strong>{cellOf(first, row, index)}</Typography.Text> : null}
      {rest.map((column, i) => {
        const cell = cellOf(column, row, index);
        if (cell === null || cell === undefined || cell === '') return null;
        return (
          <Flex key={String(column.key ?? column.dataIndex ?? i)} gap={6} align="baseline" wrap className="sz-mt-4">
            {typeof column.title === 'function' ? null : <Typography.Text type="secondary" className="sz-text-sm sz-nowrap">{column.title}</Typography.Text>}
            <span className="sz-min-w-0">{cell}</span>
          </Flex>
        );
      })}
    </>
  );
}

/**
 * The one shape of a list page's body: an antd Table from md (768 px) up, a column of cards on a phone; a skeleton
 * while the first page loads, the one error alert with a retry, an empty state, and "加载更多" when the list has a
 * next cursor. Filters and the page header stay with the page.
 */
export function ListShell<T extends object>({ list, columns, rowKey, renderCard, cardStyle, onOpen, empty, scrollX, tableTestId, listTestId, cardTestId, rowTestId, tableProps }: ListShellProps<T>) {
  const t = useT();
  const isPhone = useIsPhone();
  const keyOf = (row: T, index: number): Key => (typeof rowKey === 'function' ? rowKey(row) : ((row[rowKey] as Key | undefined) ?? index));
  const emptyState = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('common.noData')} />;

  let body: ReactNode;
  if (list.error && list.items.length === 0) body = <ErrorAlert error={list.error} onRetry={list.refetch} />;
  else if (isPhone) {
    if (list.isPending) body = <Skeleton active />;
    else if (list.items.length === 0) body = emptyState;
    else {
      const fields = renderCard ? [] : cardColumns(columns);
      body = (
        <Flex vertical gap={8} data-testid={listTestId}>
          {list.items.map((row, index) => (
            <Card
              key={keyOf(row, index)}
              size="small"
              hoverable={Boolean(onOpen)}
              onClick={onOpen ? () => onOpen(row) : undefined}
              className={onOpen ? 'sz-pointer' : undefined}
              style={cardStyle?.(row)}
              data-testid={cardTestId}
            >
              {renderCard ? renderCard(row, index) : <DerivedCard row={row} index={index} columns={fields} />}
            </Card>
          ))}
        </Flex>
      );
    }
  } else
    body = (
      <Table<T>
        rowKey={rowKey}
        dataSource={list.items}
        columns={columns}
        loading={list.isPending}
        pagination={false}
        scroll={scrollX ? { x: scrollX } : undefined}
        locale={{ emptyText: list.isPending ? ' ' : emptyState }}
        rowClassName={onOpen ? () => 'sz-clickable-row' : undefined}
        onRow={onOpen || rowTestId ? (row) => ({ onClick: onOpen ? () => onOpen(row) : undefined, ...(rowTestId ? { 'data-testid': rowTestId } : {}) }) : undefined}
        data-testid={tableTestId}
        {...tableProps}
      />
    );

  return (
    <>
      {body}
      {list.error && list.items.length > 0 ? <div className="sz-mt-12"><ErrorAlert error={list.error} onRetry={list.refetch} /></div> : null}
      {list.fetchNextPage ? <LoadMore hasNextPage={Boolean(list.hasNextPage)} isFetchingNextPage={Boolean(list.isFetchingNextPage)} fetchNextPage={list.fetchNextPage} /> : null}
    </>
  );
}
