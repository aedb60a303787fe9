import { TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../app/i18n';
import { RegionTitle } from './region-labels';
import { fetchAllChildren, regionKeys, useRegionRoots, type Region, type RegionLevel } from './regions-api';

const DEPTH: Record<RegionLevel, number> = { province: -2, prefecture: -1, city: 0, town: 1, community: 2, grid: 3 };

interface RegionTreeSelectProps {
  /** The levels a choice may be; nodes of other levels only open to reach them. */
  levels: readonly RegionLevel[];
  value?: string;
  onChange?: (id: string | undefined, region: Region | undefined) => void;
  /** A node that may not be chosen (moving a node under itself makes no sense). */
  excludeId?: string;
  placeholder?: string;
  'data-testid'?: string;
}

/** Pick one region from the tree the user may see, opening levels lazily, never going deeper than needed. */
export function RegionTreeSelect({ levels, value, onChange, excludeId, placeholder, 'data-testid': testId }: RegionTreeSelectProps) {
  const t = useT();
  const client = useQueryClient();
  const roots = useRegionRoots();
  const [loaded, setLoaded] = useState<Record<string, Region[]>>({});
  const deepest = Math.max(...levels.map((level) => DEPTH[level]));

  const all = useMemo(() => [...(roots.data ?? []).filter((r) => !r.retiredAt), ...Object.values(loaded).flat()], [roots.data, loaded]);
  const treeData = useMemo(
    () =>
      all.map((region) => ({
        id: region.id,
        pId: region.parentId ?? undefined,
        value: region.id,
        title: <RegionTitle region={region} />,
        searchText: `${region.name} ${region.code}`,
        isLeaf: region.childCount === 0 || DEPTH[region.level] >= deepest,
        selectable: levels.includes(region.level) && region.id !== excludeId,
        disabled: region.id === excludeId,
      })),
    [all, deepest, levels, excludeId],
  );

  const loadChildren = async (id: string) => {
    const items = await client.fetchQuery({ queryKey: regionKeys.children(id, false), queryFn: () => fetchAllChildren(id, false) });
    setLoaded((current) => (current[id] ? current : { ...current, [id]: items }));
  };
  const loadData = async (node: { id?: string | number; value?: string | number }) => {
    const id = String(node.id ?? node.value);
    if (!loaded[id]) await loadChildren(id);
  };

  // A root that cannot be chosen (the city, when picking a town) is opened at once: one click saved.
  const [expanded, setExpanded] = useState<(string | number)[]>([]);
  useEffect(() => {
    const closedRoots = (roots.data ?? []).filter((root) => !levels.includes(root.level) && root.childCount > 0 && DEPTH[root.level] < deepest);
    if (closedRoots.length === 0) return;
    void Promise.all(closedRoots.map((root) => loadChildren(root.id))).then(() => setExpanded((keys) => [...new Set([...keys, ...closedRoots.map((r) => r.id)])]));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per set of roots
  }, [roots.data]);

  return (
    <TreeSelect
      data-testid={testId}
      treeDataSimpleMode
      treeData={treeData}
      loadData={loadData}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map((key) => (typeof key === 'number' ? key : String(key))))}
      value={value}
      onChange={(id: string | undefined) => onChange?.(id, all.find((r) => r.id === id))}
      loading={roots.isPending}
      placeholder={placeholder ?? t('region.pickPlaceholder')}
      showSearch={{ filterTreeNode: (input, node) => String((node as { searchText?: string }).searchText ?? '').toLowerCase().includes(input.toLowerCase()) }}
      treeExpandAction="click"
      allowClear
      className="sz-w-full"
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      notFoundContent={t('common.noData')}
    />
  );
}
