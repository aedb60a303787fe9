import { Button } from 'antd';
import { useT } from '../app/i18n';

/** "加载更多" under a cursor-paged list; renders nothing when the last page is loaded. */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) {
  const t = useT();
  if (!hasNextPage) return null;
  return (
    <div className="sz-text-center sz-m-0 sz-mt-16 sz-mb-4">
      <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="load-more">
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
