import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchAllChildren, regionKeys, useRegionRoots, type Region } from './regions-api';

/**
 * The lazily loaded region tree as data: the roots the user may see, and the children of each node opened
 * so far. `reloadAround` refreshes the lists a change touched (the node's old and new parent, and their
 * parents, whose child counts changed).
 */
export function useRegionTree(includeRetired: boolean) {
  const client = useQueryClient();
  const roots = useRegionRoots();
  const [childrenOf, setChildrenOf] = useState<Record<string, Region[]>>({});
  const childrenRef = useRef(childrenOf);
  childrenRef.current = childrenOf;

  useEffect(() => setChildrenOf({}), [includeRetired]);

  const loadChildren = useCallback(
    async (id: string) => {
      const items = await client.fetchQuery({ queryKey: regionKeys.children(id, includeRetired), queryFn: () => fetchAllChildren(id, includeRetired), staleTime: 0 });
      setChildrenOf((current) => ({ ...current, [id]: items }));
      return items;
    },
    [client, includeRetired],
  );

  const parentOf = useCallback(
    (id: string): string | null => {
      for (const node of roots.data ?? []) if (node.id === id) return node.parentId;
      for (const list of Object.values(childrenRef.current)) for (const node of list) if (node.id === id) return node.parentId;
      return null;
    },
    [roots.data],
  );

  const reloadAround = useCallback(
    async (ids: (string | null | undefined)[]) => {
      const lists = new Set<string>();
      for (const id of ids) {
        if (!id) continue;
        lists.add(id);
        const parent = parentOf(id);
        if (parent) lists.add(parent);
      }
      const loaded = [...lists].filter((id) => id in childrenRef.current);
      await Promise.all([roots.refetch(), ...loaded.map((id) => loadChildren(id))]);
    },
    [loadChildren, parentOf, roots],
  );

  const visibleRoots = useMemo(() => (roots.data ?? []).filter((r) => includeRetired || !r.retiredAt), [roots.data, includeRetired]);

  return { roots: visibleRoots, rootsQuery: roots, childrenOf, loadChildren, reloadAround };
}
