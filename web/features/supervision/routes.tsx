import { EyeOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const MySupervisionPage = lazy(() => import('./my-supervision-page').then((m) => ({ default: m.MySupervisionPage })));

export const supervisionRoutes: AppRoute[] = [
  // The office holds project.supervise everywhere; the worklist is for third-party supervisors, named per project.
  { path: '/supervision', labelKey: 'supervision.nav', icon: <EyeOutlined />, permission: 'project.supervise', unless: 'project.manage', testId: 'menu-supervision', element: lazyPage(<MySupervisionPage />) },
];
