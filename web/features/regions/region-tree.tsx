import { Empty, Skeleton, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useT } from '../../app/i18n';
import { RegionTitle } from './region-labels';
import type { Region } from './regions-api';

interface RegionTreeProps {
  roots: Region[];
  childrenOf: Record<string, Region[]>;
  loading: boolean;
  selectedId: string | null;
  expandedKeys: string[];
  onExpand: (keys: string[]) => void;
  onSelect: (id: string) => void;
  loadChildren: (id: string) => Promise<unknown>;
}

export function RegionTree({ roots, childrenOf, loading, selectedId, expandedKeys, onExpand, onSelect, loadChildren }: RegionTreeProps) {
  const t = useT();
  const treeData = useMemo(() => {
    const build = (region: Region): DataNode => ({
      key: region.id,
      title: <RegionTitle region={region} />,
      isLeaf: region.childCount === 0,
      children: childrenOf[region.id]?.map(build),
    });
    return roots.map(build);
  }, [roots, childrenOf]);

  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (treeData.length === 0) return <Empty description={t('region.treeEmpty')} />;

  return (
    <div data-testid="region-tree">
      <Tree
        blockNode
        showLine={{ showLeafIcon: false }}
        treeData={treeData}
        loadedKeys={Object.keys(childrenOf)}
        loadData={async (node) => {
          await loadChildren(String(node.key));
        }}
        expandedKeys={expandedKeys}
        onExpand={(keys) => onExpand(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys, info) => onSelect(String(info.node.key))}
      />
    </div>
  );
}
