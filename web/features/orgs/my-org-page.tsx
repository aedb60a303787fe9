import { Empty, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { ErrorAlert } from '../../components/error-alert';
import { OrgDetailPage } from './org-detail-page';
import { useMyOrgs } from './orgs-api';

/**
 * 本组织: the organization the signed-in member acts for — its registration data, certificate, grade, project record,
 * its own applications and its accounts — on the registry's page for it. Someone acting for several picks one.
 */
export function MyOrgPage() {
  const t = useT();
  const mine = useMyOrgs();
  const [chosen, setChosen] = useState<string | null>(null);
  if (mine.isPending) return <Spin className="sz-block sz-m-48" />;
  if (mine.isError) return <ErrorAlert error={mine.error} onRetry={mine.refetch} />;
  const items = mine.data.items;
  if (items.length === 0) return <Empty className="sz-m-48" description={t('org.mine.none')} data-testid="my-org-none" />;
  const current = items.find((o) => o.id === chosen) ?? items[0];
  return (
    <>
      {items.length > 1 ? (
        <Typography.Paragraph className="sz-mb-12">
          {t('org.mine.pick')}{' '}
          <Select value={current.id} onChange={setChosen} options={items.map((o) => ({ value: o.id, label: o.name }))} style={{ minWidth: 240, maxWidth: '100%' }} data-testid="my-org-pick" />
        </Typography.Paragraph>
      ) : null}
      <OrgDetailPage key={current.id} orgId={current.id} mine />
    </>
  );
}
