import { CalendarOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const RotationPage = lazy(() => import('./rotation-page').then((m) => ({ default: m.RotationPage })));
const PlanPage = lazy(() => import('./plan-page').then((m) => ({ default: m.PlanPage })));
const FieldRecordPage = lazy(() => import('./field-record-page').then((m) => ({ default: m.FieldRecordPage })));
const FieldQueuePage = lazy(() => import('./field-queue-page').then((m) => ({ default: m.FieldQueuePage })));
const MyRotationPage = lazy(() => import('./my-rotation-page').then((m) => ({ default: m.MyRotationPage })));

export const rotationRoutes: AppRoute[] = [
  { path: '/rotation', labelKey: 'rotation.nav', icon: <ScheduleOutlined />, permission: 'rotation.read', testId: 'menu-rotation', element: lazyPage(<RotationPage />) },
  { path: '/rotation/plans/:year/:season', labelKey: 'rotation.nav', icon: null, permission: 'rotation.read', hidden: true, testId: 'route-rotation-plan', element: lazyPage(<PlanPage />) },
  { path: '/rotation/mine/record/:assignmentId', labelKey: 'rotation.field.recordTitle', icon: null, roles: ['socialWorker', 'orgMember'], hidden: true, testId: 'route-field-record', element: lazyPage(<FieldRecordPage />) },
  { path: '/rotation/mine/queue', labelKey: 'rotation.field.queueTitle', icon: null, roles: ['socialWorker', 'orgMember'], hidden: true, testId: 'route-field-queue', element: lazyPage(<FieldQueuePage />) },
  { path: '/rotation/mine', labelKey: 'rotation.mine.nav', icon: <CalendarOutlined />, roles: ['socialWorker', 'orgMember'], testId: 'menu-rotation-mine', element: lazyPage(<MyRotationPage />) },
];
