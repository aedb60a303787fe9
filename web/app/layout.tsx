import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import { NotificationBell } from '../features/cases/notification-bell';
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser, useLogout, type Grant } from './auth';
import { useT } from './i18n';
import { useVisibleRoutes } from './routes';
import { LanguageSwitch } from '../components/language-switch';
import { useIsPhone } from '../components/use-is-phone';

/** "社工办管理员 · 海宁市": a grant as people say it. */
export function grantLabel(grant: Pick<Grant, 'roleName' | 'scopeName'>): string {
  return grant.scopeName ? `${grant.roleName} · ${grant.scopeName}` : grant.roleName;
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const location = useLocation();
  const routes = useVisibleRoutes();
  const firstSegment = `/${location.pathname.split('/')[1] ?? ''}`;
  return (
    <Menu
      mode="inline"
      selectedKeys={[firstSegment]}
      style={{ borderInlineEnd: 'none' }}
      onClick={onNavigate}
      items={routes.filter((route) => !route.hidden).map((route) => ({
        key: route.path,
        icon: route.icon,
        label: (
          <Link to={route.path} data-testid={route.testId}>
            {t(route.labelKey)}
          </Link>
        ),
      }))}
    />
  );
}

function UserSummary({ compact }: { compact: boolean }) {
  const me = useCurrentUser();
  const t = useT();
  const navigate = useNavigate();
  // The organization a member acts for names them first: 社会组织成员 · 海宁市…服务中心.
  const first = me.grants.find((g) => g.scopeType === 'org' && g.scopeName) ?? me.grants[0];
  const summary = first ? grantLabel(first) + (me.grants.length > 1 ? t('layout.moreGrants', { count: me.grants.length - 1 }) : '') : t('layout.noGrants');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          ...me.grants.map((grant) => ({ key: grant.id, label: grantLabel(grant), disabled: true })),
          { type: 'divider' as const },
          { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
        ],
        onClick: ({ key }) => {
          if (key === 'password') navigate('/account/password');
        },
      }}
    >
      <Button type="text" data-testid="user-menu" className="sz-on-dark" style={{ height: 'auto', padding: '4px 8px', maxWidth: compact ? 140 : 320 }}>
        <Flex align="center" gap={8} className="sz-min-w-0">
          <UserOutlined />
          <span style={{ textAlign: 'left', lineHeight: 1.25, minWidth: 0 }}>
            <span style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} data-testid="current-user-name">
              {me.displayName}
            </span>
            {compact ? null : (
              <span style={{ display: 'block', fontSize: 12, opacity: 0.75, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{summary}</span>
            )}
          </span>
        </Flex>
      </Button>
    </Dropdown>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logout = useLogout();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ padding: isPhone ? '0 8px' : '0 20px', display: 'flex', alignItems: 'center', gap: 8, position: 'sticky', top: 0, zIndex: 100, height: 56, lineHeight: '56px' }}
      >
        {isPhone ? (
          <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('layout.openMenu')} data-testid="menu-toggle" className="sz-on-dark" />
        ) : null}
        <Link to="/" style={{ display: 'flex', alignItems: 'baseline', gap: 10, minWidth: 0 }}>
          <span className="sz-header-title">{t('app.name')}</span>
          {isPhone ? null : (
            <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', whiteSpace: 'nowrap' }} ellipsis>
              {t('app.tagline')}
            </Typography.Text>
          )}
        </Link>
        <Flex align="center" gap={isPhone ? 0 : 4} className="sz-ms-auto sz-min-w-0">
          <NotificationBell />
          <LanguageSwitch compact={isPhone} dark />
          <UserSummary compact={isPhone} />
          <Button
            type="text"
            icon={<LogoutOutlined />}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
            data-testid="logout"
            aria-label={t('layout.logout')}
            className="sz-on-dark"
          >
            {isPhone ? null : t('layout.logout')}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        {isPhone ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title={t('app.name')} styles={{ body: { padding: 0 } }}>
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid var(--sz-border)' }}>
            <SideMenu />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
