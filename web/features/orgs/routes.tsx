import { BankOutlined, TeamOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { OrgsPage } from './orgs-page';
import { OrgImportPage } from './import-page';
import { OrgDetailPage } from './org-detail-page';
import { MyOrgPage } from './my-org-page';

export const orgsRoutes: AppRoute[] = [
  { path: '/orgs', labelKey: 'nav.orgs', icon: <BankOutlined />, permission: 'org.read', testId: 'menu-orgs', element: <OrgsPage /> },
  // 本组织: one role's page — the members of an organization (the office holds org.members too, for every org).
  { path: '/my-org', labelKey: 'org.nav.myOrg', icon: <TeamOutlined />, roles: ['orgMember'], testId: 'menu-my-org', element: <MyOrgPage /> },
  { path: '/orgs/import', labelKey: 'nav.orgs', icon: null, permission: 'org.import', hidden: true, testId: 'route-org-import', element: <OrgImportPage /> },
  // An org's own members open its page too (the server answers them for their org only).
  { path: '/orgs/:id', labelKey: 'nav.orgs', icon: null, anyOf: ['org.read', 'org.members'], hidden: true, testId: 'route-org', element: <OrgDetailPage /> },
];
