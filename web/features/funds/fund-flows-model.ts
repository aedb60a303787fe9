import type { FundFlows } from './funds-api';

type Node = FundFlows['nodes'][number];
type Link = FundFlows['links'][number];

/** The node that stands for the departments too small to draw one by one. */
export const OTHER_DEPARTMENTS = 'department:other';

/**
 * The flows as a chart can show them legibly: each project's money is folded into its department's bands (the
 * projects are listed in the ledger and on the projects page; sixty thin bands were an unreadable fan), the
 * departments beyond the largest `keep` become one node "其他 N 个部门", and bands between the same two nodes are
 * summed. Every amount is kept: the fund, each line and each bucket receive exactly what they did.
 */
export function readableFlows(data: FundFlows, keep: number, otherName: (count: number) => string): FundFlows {
  const kind = new Map(data.nodes.map((n) => [n.id, n.kind]));
  // A project's department: the source of the band that feeds it.
  const departmentOf = new Map<string, string>();
  for (const l of data.links) if (kind.get(l.target) === 'project') departmentOf.set(l.target, l.source);
  const folded: Link[] = [];
  for (const l of data.links) {
    if (kind.get(l.target) === 'project') continue;
    folded.push(kind.get(l.source) === 'project' ? { ...l, source: departmentOf.get(l.source) ?? l.source } : l);
  }
  const inflow = new Map<string, number>();
  for (const l of folded) inflow.set(l.target, (inflow.get(l.target) ?? 0) + l.valueFen);
  const departments = data.nodes.filter((n) => n.kind === 'department').sort((a, b) => (inflow.get(b.id) ?? 0) - (inflow.get(a.id) ?? 0));
  const small = new Set(departments.length > keep + 1 ? departments.slice(keep).map((d) => d.id) : []);
  const rename = (id: string) => (small.has(id) ? OTHER_DEPARTMENTS : id);
  const summed = new Map<string, Link>();
  for (const l of folded) {
    const source = rename(l.source);
    const target = rename(l.target);
    const key = `${source}→${target}`;
    const found = summed.get(key);
    if (found) found.valueFen += l.valueFen;
    else summed.set(key, { source, target, valueFen: l.valueFen });
  }
  const order: Record<Node['kind'], number> = { fund: 0, line: 1, department: 2, project: 3, paid: 4, committed: 5, reserved: 6, available: 7 };
  const rank = new Map(departments.map((d, i) => [d.id, i]));
  const nodes: Node[] = data.nodes
    .filter((n) => n.kind !== 'project' && !small.has(n.id))
    .concat(small.size ? [{ id: OTHER_DEPARTMENTS, name: otherName(small.size), kind: 'department' }] : [])
    // Largest department first, "others" last: the chart keeps this order.
    .sort((a, b) => order[a.kind] - order[b.kind] || (rank.get(a.id) ?? departments.length) - (rank.get(b.id) ?? departments.length));
  return { nodes, links: [...summed.values()].filter((l) => l.valueFen > 0) };
}

/** One row per department for the phone's table: its share and where that share stands. */
export interface DepartmentFlow {
  id: string;
  name: string;
  shareFen: number;
  buckets: Record<string, number>;
}

export function departmentRows(flows: FundFlows): DepartmentFlow[] {
  return flows.nodes
    .filter((n) => n.kind === 'department')
    .map((d) => {
      const out = flows.links.filter((l) => l.source === d.id);
      return { id: d.id, name: d.name, shareFen: out.reduce((s, l) => s + l.valueFen, 0), buckets: Object.fromEntries(out.map((l) => [l.target, l.valueFen])) };
    });
}
