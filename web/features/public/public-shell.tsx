import { DownOutlined, EnvironmentOutlined, LoginOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useT, type MessageKey } from '../../app/i18n';
import { LanguageSwitch } from '../../components/language-switch';
import { useIsPhone } from '../../components/use-is-phone';
import { BrandMark } from '../auth/brand-mark';
import { useCityPath, usePortalCity, type PublicCity } from './portal-city';

export type PublicSection = 'projects' | 'calls' | 'meetings' | 'directory' | 'concerns';

const SECTIONS: { key: PublicSection; path: string; label: MessageKey }[] = [
  { key: 'projects', path: '/open/projects', label: 'open.nav.projects' },
  // Second, so that a phone shows it without scrolling the tabs: residents come to the portal for it most.
  { key: 'concerns', path: '/open/concerns', label: 'open.nav.concerns' },
  { key: 'calls', path: '/open/calls', label: 'open.nav.calls' },
  { key: 'meetings', path: '/open/meetings', label: 'open.nav.meetings' },
  { key: 'directory', path: '/directory', label: 'open.nav.directory' },
];

/**
 * The city switcher of an installation that serves several cities (issue 16 §3): the city goes into the address
 * (`?city=330483`), and the section's list opens afresh in it — a detail page or a filter belonged to the other city.
 */
function CitySwitch({ cities, city, path, compact }: { cities: PublicCity[]; city: PublicCity | undefined; path: string; compact: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [city?.code ?? ''],
        items: [{ key: '', label: t('open.city.all') }, ...cities.map((c) => ({ key: c.code, label: <span data-testid={`public-city-${c.code}`}>{c.name}</span> }))],
        onClick: ({ key }) => void navigate(key ? `${path}?city=${key}` : path),
      }}
    >
      <Button
        type="text"
        size={compact ? 'small' : 'middle'}
        aria-label={t('open.city.switch')}
        data-testid="public-city-switch"
        style={compact ? { color: 'rgba(255,255,255,0.8)', fontSize: 12, height: 20, padding: 0, gap: 4 } : { color: 'rgba(255,255,255,0.88)' }}
      >
        <EnvironmentOutlined />
        {city?.name ?? t('open.city.all')}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}

/**
 * The frame of every public page (no login): the brand bar, the sections of the public portal as tabs that
 * scroll sideways on a phone, and the page. Residents mostly read these on phones, so it is narrow first. The portal
 * is a city's: its name and contacts are the city's settings; an installation of several cities offers a switcher,
 * and the city chosen rides along in every link (useCityPath).
 */
export function PublicShell({ active, children, maxWidth = 960, testId }: { active: PublicSection; children: ReactNode; maxWidth?: number; testId?: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { cities, city } = usePortalCity();
  const cityPath = useCityPath();
  const section = SECTIONS.find((s) => s.key === active)!;
  const several = cities.length > 1;
  // A city's portal is called by its own name (its settings); on a phone that name alone fills the line.
  const title = city ? (isPhone ? city.portalName : `${city.portalName} · ${t('open.portal')}`) : `${t('app.name')} · ${t('open.portal')}`;
  const contact = city ? [city.portalContact && t('open.city.contact', { contact: city.portalContact }), city.portalAddress && t('open.city.address', { address: city.portalAddress })].filter(Boolean) : [];
  return (
    <div className="sz-page" style={{ display: 'flex', flexDirection: 'column' }}>
      <header className="sz-header-band">
        <Flex align="center" gap={10} style={{ maxWidth, margin: '0 auto', padding: isPhone ? '10px 12px 6px' : '12px 16px 8px', boxSizing: 'border-box' }}>
          <Link to={cityPath('/open/projects')} className="sz-on-dark" style={{ display: 'flex', flex: 'none' }} aria-hidden tabIndex={-1}>
            <BrandMark size={28} />
          </Link>
          <span className="sz-min-w-0">
            <Link to={cityPath('/open/projects')} className="sz-on-dark sz-header-title" style={{ display: 'block', lineHeight: 1.2, overflow: 'hidden', textOverflow: 'ellipsis', fontSize: isPhone ? 15 : undefined }} data-testid="public-portal-name">
              {title}
            </Link>
            {/* On a phone the line under the name holds the city switcher, where a wide screen shows the tagline. */}
            {isPhone ? (
              several ? <CitySwitch cities={cities} city={city} path={section.path} compact /> : null
            ) : (
              <span style={{ display: 'block', fontSize: 12, opacity: 0.7, lineHeight: 1.4 }}>{t('open.portalTagline')}</span>
            )}
          </span>
          <span style={{ flex: 1 }} />
          {several && !isPhone ? <CitySwitch cities={cities} city={city} path={section.path} compact={false} /> : null}
          <LanguageSwitch compact={isPhone} dark />
          <Link to="/login" className="sz-on-dark sz-nowrap" data-testid="public-login">
            <LoginOutlined /> {t('open.login')}
          </Link>
        </Flex>
        <nav aria-label={t('open.portal')} style={{ maxWidth, margin: '0 auto', padding: isPhone ? '0 4px' : '0 6px', boxSizing: 'border-box', overflowX: 'auto', whiteSpace: 'nowrap', scrollbarWidth: 'none' }}>
          {SECTIONS.map((s) => {
            const on = s.key === active;
            return (
              <Link
                key={s.key}
                to={cityPath(s.path)}
                aria-current={on ? 'page' : undefined}
                style={{
                  display: 'inline-block',
                  padding: '8px 10px 7px',
                  color: on ? 'white' : 'rgba(255,255,255,0.72)',
                  fontWeight: on ? 600 : 400,
                  fontSize: 15,
                  borderBottom: `3px solid ${on ? 'var(--sz-accent)' : 'transparent'}`,
                }}
                data-testid={`public-nav-${s.key}`}
              >
                {t(s.label)}
              </Link>
            );
          })}
        </nav>
      </header>
      <main style={{ maxWidth, width: '100%', margin: '0 auto', padding: isPhone ? 12 : 16, boxSizing: 'border-box', flex: 1 }} data-testid={testId}>
        {children}
      </main>
      <footer style={{ maxWidth, width: '100%', margin: '0 auto', padding: '8px 16px 24px', boxSizing: 'border-box' }}>
        <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0">
          {t('open.footer')}
        </Typography.Paragraph>
        {city && contact.length ? (
          <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0 sz-mt-4" data-testid="public-city-contact">
            {[city.portalName, ...contact].join(' · ')}
          </Typography.Paragraph>
        ) : null}
      </footer>
    </div>
  );
}
