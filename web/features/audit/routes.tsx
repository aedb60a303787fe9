import { AuditOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { AuditPage } from './audit-page';

export const auditRoutes: AppRoute[] = [
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', testId: 'menu-audit', element: <AuditPage /> },
];
