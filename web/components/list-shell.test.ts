// The list shell's phone cards are built from the table's columns when a page gives no card of its own: the same
// cell a column shows (its dataIndex, a name or a path, through its render), column groups flattened.
import fs from 'node:fs';
import path from 'node:path';
import type { ColumnsType } from 'antd/es/table';
import { describe, expect, it } from 'vitest';
import { cardColumns, cellOf } from './list-shell';

interface Row {
  id: string;
  name: string;
  town: { name: string };
  budgetFen: number;
}
const row: Row = { id: 'o1', name: '海宁市善行社工服务中心', town: { name: '许村镇' }, budgetFen: 1_250_000 };

describe('the list shell', () => {
  it('shows a cell as its column does: a name, a path, a render', () => {
    const [name, town, budget, actions] = cardColumns<Row>([
      { title: '名称', dataIndex: 'name' },
      { title: '镇街', dataIndex: ['town', 'name'] },
      { title: '预算', dataIndex: 'budgetFen', render: (fen: number) => `${fen / 100} 元` },
      { title: '操作', key: 'actions', render: (_: unknown, r) => `打开 ${r.id}` },
    ]);
    expect(cellOf(name, row, 0)).toBe('海宁市善行社工服务中心');
    expect(cellOf(town, row, 0)).toBe('许村镇');
    expect(cellOf(budget, row, 0)).toBe('12500 元');
    expect(cellOf(actions, row, 0)).toBe('打开 o1');
  });

  it('flattens column groups into their leaf columns', () => {
    const columns: ColumnsType<Row> = [
      { title: '名称', dataIndex: 'name' },
      { title: '所在地', children: [{ title: '镇街', dataIndex: ['town', 'name'] }] },
    ];
    expect(cardColumns(columns).map((c) => c.title)).toEqual(['名称', '镇街']);
  });

  it('is what the main list pages render, not a table and a list of their own', () => {
    const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
    const pages = [
      'features/orgs/orgs-page.tsx',
      'features/people/users-page.tsx',
      'features/applications/applications-page.tsx',
      'features/home/inbox-page.tsx',
      'features/meetings/meetings-page.tsx',
      'features/projects/projects-page.tsx',
      'features/audit/audit-page.tsx',
    ];
    const own = pages.filter((p) => !fs.readFileSync(path.join(webDir, p), 'utf8').includes('<ListShell'));
    expect(own).toEqual([]);
  });
});
