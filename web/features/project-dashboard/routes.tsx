import { FundProjectionScreenOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const ProjectDashboardPage = lazy(() => import('./project-dashboard-page').then((m) => ({ default: m.ProjectDashboardPage })));

export const projectDashboardRoutes: AppRoute[] = [
  { path: '/project-dashboard', labelKey: 'dashboard.nav', icon: <FundProjectionScreenOutlined />, permission: 'project.read', testId: 'menu-dashboard', element: lazyPage(<ProjectDashboardPage />) },
];
