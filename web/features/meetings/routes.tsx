import { ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const MeetingsPage = lazy(() => import('./meetings-page').then((m) => ({ default: m.MeetingsPage })));

export const meetingsRoutes: AppRoute[] = [
  { path: '/meetings', labelKey: 'meeting.nav', icon: <ScheduleOutlined />, permission: 'project.read', testId: 'menu-meetings', element: lazyPage(<MeetingsPage />) },
];
