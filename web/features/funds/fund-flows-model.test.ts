import { describe, expect, it } from 'vitest';
import { departmentRows, OTHER_DEPARTMENTS, readableFlows } from './fund-flows-model';
import type { FundFlows } from './funds-api';

/** A fund of 100 over one line, seven departments, two with projects. */
function flows(): FundFlows {
  const departments = [45, 20, 10, 10, 5, 5, 5];
  const nodes: FundFlows['nodes'] = [
    { id: 'fund:f', name: '专项经费', kind: 'fund' },
    { id: 'line:l', name: '购买服务', kind: 'line' },
    ...departments.map((_, i) => ({ id: `department:${i}`, name: `部门${i}`, kind: 'department' as const })),
    { id: 'project:a', name: '项目A', kind: 'project' },
    { id: 'project:b', name: '项目B', kind: 'project' },
    { id: 'bucket:paid', name: '已支付', kind: 'paid' },
    { id: 'bucket:available', name: '可用余额', kind: 'available' },
  ];
  const links: FundFlows['links'] = [
    { source: 'fund:f', target: 'line:l', valueFen: 100 },
    ...departments.map((v, i) => ({ source: 'line:l', target: `department:${i}`, valueFen: v })),
    { source: 'department:0', target: 'project:a', valueFen: 30 },
    { source: 'project:a', target: 'bucket:paid', valueFen: 30 },
    { source: 'department:6', target: 'project:b', valueFen: 5 },
    { source: 'project:b', target: 'bucket:paid', valueFen: 2 },
    { source: 'project:b', target: 'bucket:available', valueFen: 3 },
    { source: 'department:0', target: 'bucket:available', valueFen: 15 },
    ...departments.slice(1).map((v, i) => (i === 5 ? null : { source: `department:${i + 1}`, target: 'bucket:available', valueFen: v })).filter((l) => l !== null),
  ];
  return { nodes, links };
}

const into = (f: FundFlows, id: string) => f.links.filter((l) => l.target === id).reduce((s, l) => s + l.valueFen, 0);

describe('the funds Sankey, readable (issue 15 §7)', () => {
  it('folds projects into their departments and keeps every bucket whole', () => {
    const before = flows();
    const after = readableFlows(before, 10, (n) => `其他 ${n} 个部门`);
    expect(after.nodes.some((n) => n.kind === 'project')).toBe(false);
    for (const bucket of ['bucket:paid', 'bucket:available']) expect(into(after, bucket)).toBe(into(before, bucket));
    expect(after.links).toContainEqual({ source: 'department:0', target: 'bucket:paid', valueFen: 30 });
    expect(after.links).toContainEqual({ source: 'department:6', target: 'bucket:available', valueFen: 3 });
  });

  it('draws the largest departments one by one and the rest as one node, largest first', () => {
    const after = readableFlows(flows(), 3, (n) => `其他 ${n} 个部门`);
    const departments = after.nodes.filter((n) => n.kind === 'department');
    expect(departments.map((d) => d.id)).toEqual(['department:0', 'department:1', 'department:2', OTHER_DEPARTMENTS]);
    expect(departments.at(-1)!.name).toBe('其他 4 个部门');
    expect(into(after, OTHER_DEPARTMENTS)).toBe(10 + 5 + 5 + 5);
    expect(into(after, 'bucket:paid') + into(after, 'bucket:available')).toBe(100);
    // One band per pair of nodes.
    const keys = after.links.map((l) => `${l.source}→${l.target}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not hide a single department behind "others"', () => {
    const after = readableFlows(flows(), 6, (n) => `其他 ${n} 个部门`);
    expect(after.nodes.some((n) => n.id === OTHER_DEPARTMENTS)).toBe(false);
    expect(after.nodes.filter((n) => n.kind === 'department')).toHaveLength(7);
  });

  it('gives the phone one row per department with its share by bucket', () => {
    const rows = departmentRows(readableFlows(flows(), 10, (n) => `其他 ${n} 个部门`));
    expect(rows.find((r) => r.id === 'department:0')).toEqual({ id: 'department:0', name: '部门0', shareFen: 45, buckets: { 'bucket:paid': 30, 'bucket:available': 15 } });
    expect(rows.reduce((s, r) => s + r.shareFen, 0)).toBe(100);
  });
});
