import { Button } from 'antd';
import { useT } from '../app/i18n';

/** "加载更多" under a cursor-paged list; renders nothing when the last page is loaded. */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) {
  const t = useT();
  if (!hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', margin: '16px 0 4px' }}>
      <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="load-more">
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
