import { LoginOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useT, type MessageKey } from '../../app/i18n';
import { LanguageSwitch } from '../../components/language-switch';
import { useIsPhone } from '../../components/use-is-phone';
import { BrandMark } from '../auth/brand-mark';

export type PublicSection = 'projects' | 'calls' | 'meetings' | 'directory';

const SECTIONS: { key: PublicSection; path: string; label: MessageKey }[] = [
  { key: 'projects', path: '/open/projects', label: 'open.nav.projects' },
  { key: 'calls', path: '/open/calls', label: 'open.nav.calls' },
  { key: 'meetings', path: '/open/meetings', label: 'open.nav.meetings' },
  { key: 'directory', path: '/directory', label: 'open.nav.directory' },
];

/**
 * The frame of every public page (no login): the brand bar, the sections of the public portal as tabs that
 * scroll sideways on a phone, and the page. Residents mostly read these on phones, so it is narrow first.
 */
export function PublicShell({ active, children, maxWidth = 960, testId }: { active: PublicSection; children: ReactNode; maxWidth?: number; testId?: string }) {
  const t = useT();
  const isPhone = useIsPhone();
  return (
    <div className="sz-page" style={{ display: 'flex', flexDirection: 'column' }}>
      <header className="sz-header-band">
        <Flex align="center" gap={10} style={{ maxWidth, margin: '0 auto', padding: isPhone ? '10px 12px 6px' : '12px 16px 8px', boxSizing: 'border-box' }}>
          <Link to="/open/projects" className="sz-on-dark" style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
            <BrandMark size={28} />
            <span className="sz-min-w-0">
              <span className="sz-header-title" style={{ display: 'block', lineHeight: 1.2 }}>
                {t('app.name')} · {t('open.portal')}
              </span>
              {isPhone ? null : <span style={{ display: 'block', fontSize: 12, opacity: 0.7, lineHeight: 1.4 }}>{t('open.portalTagline')}</span>}
            </span>
          </Link>
          <span style={{ flex: 1 }} />
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
                to={s.path}
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
      </footer>
    </div>
  );
}
