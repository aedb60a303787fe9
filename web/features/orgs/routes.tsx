import { BankOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { OrgsPage } from './orgs-page';
import { OrgImportPage } from './import-page';
import { OrgDetailPage } from './org-detail-page';

export const orgsRoutes: AppRoute[] = [
  { path: '/orgs', labelKey: 'nav.orgs', icon: <BankOutlined />, permission: 'org.read', testId: 'menu-orgs', element: <OrgsPage /> },
  { path: '/orgs/import', labelKey: 'nav.orgs', icon: null, permission: 'org.import', hidden: true, testId: 'route-org-import', element: <OrgImportPage /> },
  { path: '/orgs/:id', labelKey: 'nav.orgs', icon: null, permission: 'org.read', hidden: true, testId: 'route-org', element: <OrgDetailPage /> },
];
