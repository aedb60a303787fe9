import { MessageOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const ConcernsPage = lazy(() => import('./concerns-page').then((m) => ({ default: m.ConcernsPage })));
const ConcernPage = lazy(() => import('./concern-page').then((m) => ({ default: m.ConcernPage })));

/** 民情办理 for staff: the office, towns, stations, departments, the auditor (and collectors, their grids). Notifications link to /concerns/:id. */
export const concernsRoutes: AppRoute[] = [
  { path: '/concerns', labelKey: 'concern.nav', icon: <MessageOutlined />, permission: 'concern.read', testId: 'menu-concerns', element: lazyPage(<ConcernsPage />) },
  { path: '/concerns/:id', labelKey: 'concern.nav', icon: null, permission: 'concern.read', hidden: true, testId: 'route-concern', element: lazyPage(<ConcernPage />) },
];
