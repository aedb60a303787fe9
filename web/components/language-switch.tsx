import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useI18n, type Locale } from '../app/i18n';

const LABELS: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

/** 中文 / English. Language names are written in their own language, so they are not in the catalogs. */
export function LanguageSwitch({ compact = false, dark = false }: { compact?: boolean; dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(LABELS) as Locale[]).map((key) => ({ key, label: <span data-testid={`lang-${key}`}>{LABELS[key]}</span> })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('common.language')} data-testid="lang-switch" style={dark ? { color: 'rgba(255,255,255,0.88)' } : undefined}>
        {compact ? null : LABELS[locale]}
      </Button>
    </Dropdown>
  );
}
