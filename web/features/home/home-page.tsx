import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth';
import { useT, type MessageKey } from '../../app/i18n';
import { useVisibleRoutes } from '../../app/routes';
import { grantLabel } from '../../app/layout';

const DESCRIPTIONS: Record<string, MessageKey> = {
  '/regions': 'home.link.regions',
  '/users': 'home.link.users',
  '/audit': 'home.link.audit',
  '/calendar': 'home.link.calendar',
};

function greetingKey(hour: number): MessageKey {
  if (hour < 11) return 'home.morning';
  if (hour < 13) return 'home.noon';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const links = useVisibleRoutes().filter((route) => route.path !== '/' && !route.hidden);
  const now = dayjs();

  return (
    <Space orientation="vertical" size={16} className="sz-w-full">
      <Card>
        <Typography.Title level={3} className="sz-mt-0" data-testid="home-greeting">
          {t(greetingKey(now.hour()), { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-mb-12">
          {t('home.today', { date: now.format(t('format.longDate')) })}
        </Typography.Paragraph>
        <Typography.Text strong>{t('home.yourRoles')}</Typography.Text>
        <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {me.grants.length === 0 ? <Typography.Text type="secondary">{t('layout.noGrants')}</Typography.Text> : null}
          {me.grants.map((grant) => (
            <Tag key={grant.id} color="blue" style={{ fontSize: 13, padding: '2px 8px', marginInlineEnd: 0 }}>
              {grantLabel(grant)}
            </Tag>
          ))}
        </div>
      </Card>
      <Typography.Title level={5} className="sz-m-0 sz-mt-8">
        {t('home.quickLinks')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((route) => (
          <Col key={route.path} xs={24} sm={12} xl={6}>
            <Link to={route.path} data-testid={`home-link-${route.path.slice(1)}`}>
              <Card hoverable className="sz-h-full">
                <Space align="start" size={14}>
                  <span className="sz-text-primary" style={{ fontSize: 26 }}>{route.icon}</span>
                  <div>
                    <Typography.Text strong className="sz-text-xl">
                      {t(route.labelKey)}
                    </Typography.Text>
                    <Typography.Paragraph type="secondary" className="sz-m-0 sz-mt-4">
                      {DESCRIPTIONS[route.path] ? t(DESCRIPTIONS[route.path]) : null}
                    </Typography.Paragraph>
                  </div>
                </Space>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
