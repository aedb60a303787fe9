import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../components/page-header';
import { ConcernList } from './concern-list';
import { ConcernSettingsView } from './concern-settings-view';
import { ConcernStatsView } from './concern-stats-view';

const TABS = ['list', 'stats', 'settings'] as const;

/** 民情办理: the list of concerns in reach, their statistics, and the city's categories, routing rules and Open311 keys. */
export function ConcernsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = (TABS as readonly string[]).includes(asked ?? '') ? asked! : 'list';
  return (
    <>
      <PageHeader title={t('concern.nav')} description={t('concern.pageDescription')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'list' ? {} : { tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'list', label: <span data-testid="concern-tab-list">{t('concern.tab.list')}</span>, children: <ConcernList /> },
            { key: 'stats', label: <span data-testid="concern-tab-stats">{t('concern.tab.stats')}</span>, children: <ConcernStatsView /> },
            { key: 'settings', label: <span data-testid="concern-tab-settings">{t('concern.tab.settings')}</span>, children: <ConcernSettingsView /> },
          ]}
        />
      </Card>
    </>
  );
}
