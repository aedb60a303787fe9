import { ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useCan, type Permission } from './auth';
import type { MessageKey } from './i18n';
import { HomePage } from '../features/home/home-page';
import { RegionsPage } from '../features/regions/regions-page';
import { UsersPage } from '../features/people/users-page';
import { AuditPage } from '../features/audit/audit-page';
import { CalendarPage } from '../features/calendar/calendar-page';
import { OrgsPage } from '../features/orgs/orgs-page';

/** One entry per page in the side menu: its path, menu label, icon, and the permission that shows it. */
export interface AppRoute {
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  permission?: Permission;
  testId: string;
  element: ReactNode;
}

export const APP_ROUTES: AppRoute[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, testId: 'menu-home', element: <HomePage /> },
  { path: '/orgs', labelKey: 'nav.orgs', icon: <BankOutlined />, permission: 'org.read', testId: 'menu-orgs', element: <OrgsPage /> },
  { path: '/regions', labelKey: 'nav.regions', icon: <ApartmentOutlined />, permission: 'region.read', testId: 'menu-regions', element: <RegionsPage /> },
  { path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', testId: 'menu-users', element: <UsersPage /> },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', testId: 'menu-audit', element: <AuditPage /> },
  { path: '/calendar', labelKey: 'nav.calendar', icon: <CalendarOutlined />, permission: 'calendar.read', testId: 'menu-calendar', element: <CalendarPage /> },
];

/** The menu and the route guard read the same table, so a hidden item is also a closed page. */
export function useVisibleRoutes(): AppRoute[] {
  const can = useCan();
  return APP_ROUTES.filter((route) => !route.permission || can(route.permission));
}

