import { CalendarOutlined } from '@ant-design/icons';
import type { AppRoute } from '../../app/app-route';
import { CalendarPage } from './calendar-page';

export const calendarRoutes: AppRoute[] = [
  { path: '/calendar', labelKey: 'nav.calendar', icon: <CalendarOutlined />, permission: 'calendar.read', staffOnly: true, testId: 'menu-calendar', element: <CalendarPage /> },
];
