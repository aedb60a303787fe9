import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title line: title and a short description on the left, page-level actions on the right (wrapping on phones). */
export function PageHeader({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" wrap gap={12} className="sz-mb-16">
      <div className="sz-min-w-0">
        <Typography.Title level={3} className="sz-m-0">
          {title}
        </Typography.Title>
        {description ? (
          <Typography.Text type="secondary" className="sz-block sz-mt-4">
            {description}
          </Typography.Text>
        ) : null}
      </div>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
