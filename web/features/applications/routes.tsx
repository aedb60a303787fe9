import { DashboardOutlined, FileDoneOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';
import { ApplicationsPage } from './applications-page';
import { ApplicationPage } from './application-page';
import { ApplicationWizard } from './application-wizard';
import { ApplicationEditPage } from './application-edit-page';
import { ApplicationSettingsPage } from './application-settings-page';

const ServiceLevelsPage = lazy(() => import('./service-levels-page').then((m) => ({ default: m.ServiceLevelsPage })));

export const applicationsRoutes: AppRoute[] = [
  { path: '/applications', labelKey: 'nav.applications', icon: <FileDoneOutlined />, anyOf: ['application.apply', 'application.read', 'application.handle', 'application.review'], testId: 'menu-applications', element: <ApplicationsPage /> },
  { path: '/applications/new', labelKey: 'nav.applications', icon: null, permission: 'application.apply', hidden: true, testId: 'route-application-new', element: <ApplicationWizard /> },
  { path: '/applications/settings', labelKey: 'nav.applications', icon: null, permission: 'application.manage', hidden: true, testId: 'route-application-settings', element: <ApplicationSettingsPage /> },
  { path: '/applications/:id/edit', labelKey: 'nav.applications', icon: null, permission: 'application.apply', hidden: true, testId: 'route-application-edit', element: <ApplicationEditPage /> },
  { path: '/applications/:id', labelKey: 'nav.applications', icon: null, hidden: true, testId: 'route-application', element: <ApplicationPage /> },
  { path: '/service-levels', labelKey: 'nav.serviceLevels', icon: <DashboardOutlined />, anyOf: ['application.read', 'application.handle'], testId: 'menu-sla', element: lazyPage(<ServiceLevelsPage />) },
];
