import type { CSSProperties, ReactNode } from 'react';
import { Alert, Button } from 'antd';
import { useT } from '../app/i18n';
import { problemMessage } from '../app/query';

/**
 * The one way a page says a request failed: the server's problem in the reader's language (a field error the
 * form could not show included), and a retry button when the caller can retry. `description`: what the reader can
 * do about it, when the caller knows (e.g. "someone else acted first; the page shows where it stands now").
 */
export function ErrorAlert({ error, onRetry, style, className, testId, description }: { error: unknown; onRetry?: () => unknown; style?: CSSProperties; className?: string; testId?: string; description?: ReactNode }) {
  const t = useT();
  return (
    <Alert
      type="error"
      showIcon
      title={problemMessage(error, t)}
      description={description}
      style={style}
      className={className}
      data-testid={testId}
      action={onRetry ? <Button onClick={() => void onRetry()}>{t('common.retry')}</Button> : undefined}
    />
  );
}
