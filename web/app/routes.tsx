import { AccountBookOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, DashboardOutlined, FileDoneOutlined, HomeOutlined, InboxOutlined, ProfileOutlined, TeamOutlined } from '@ant-design/icons';
import { FundProjectionScreenOutlined, ScheduleOutlined } from '@ant-design/icons';
import { EyeOutlined, NotificationOutlined, ProjectOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { useCan, useMe, type Permission } from './auth';
import type { MessageKey } from './i18n';
import { HomePage } from '../features/home/home-page';
import { RegionsPage } from '../features/regions/regions-page';
import { UsersPage } from '../features/people/users-page';
import { AuditPage } from '../features/audit/audit-page';
import { CalendarPage } from '../features/calendar/calendar-page';
import { OrgsPage } from '../features/orgs/orgs-page';
import { OrgImportPage } from '../features/orgs/import-page';
import { OrgDetailPage } from '../features/orgs/org-detail-page';
import { InboxPage } from '../features/applications/inbox-page';
import { ApplicationsPage } from '../features/applications/applications-page';
import { ApplicationPage } from '../features/applications/application-page';
import { ApplicationWizard } from '../features/applications/application-wizard';
import { ApplicationSettingsPage } from '../features/applications/application-settings-page';

const ServiceLevelsPage = lazy(() => import('../features/applications/service-levels-page').then((m) => ({ default: m.ServiceLevelsPage })));
const FundsPage = lazy(() => import('../features/funds/funds-page').then((m) => ({ default: m.FundsPage })));
const CatalogPage = lazy(() => import('../features/catalog/catalog-page').then((m) => ({ default: m.CatalogPage })));
const MeetingsPage = lazy(() => import('../features/meetings/meetings-page').then((m) => ({ default: m.MeetingsPage })));
const ProjectDashboardPage = lazy(() => import('../features/project-dashboard/project-dashboard-page').then((m) => ({ default: m.ProjectDashboardPage })));
const ProjectsPage = lazy(() => import('../features/projects/projects-page').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('../features/projects/project-page').then((m) => ({ default: m.ProjectPage })));
const ProjectFormPage = lazy(() => import('../features/projects/project-form-page').then((m) => ({ default: m.ProjectFormPage })));
const ReviewsPage = lazy(() => import('../features/reviews/reviews-page').then((m) => ({ default: m.ReviewsPage })));
const MySupervisionPage = lazy(() => import('../features/supervision/my-supervision-page').then((m) => ({ default: m.MySupervisionPage })));
const ReviewPage = lazy(() => import('../features/reviews/review-page').then((m) => ({ default: m.ReviewPage })));
const CallsPage = lazy(() => import('../features/calls/calls-page').then((m) => ({ default: m.CallsPage })));
const BidPage = lazy(() => import('../features/calls/bid-page').then((m) => ({ default: m.BidPage })));
const lazyPage = (page: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>{page}</Suspense>;

/** One entry per page in the side menu: its path, menu label, icon, and the permission that shows it. */
export interface AppRoute {
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  permission?: Permission;
  /** Any one of these permissions shows the page (for pages several roles share). */
  anyOf?: Permission[];
  /** Hidden from whoever holds this permission (a page for one role that others' broader grants would also open). */
  unless?: Permission;
  /** Routes reached from inside pages, not from the menu. */
  hidden?: boolean;
  /** Reference pages for staff: not in the menu of applicants and org members, who hold the read permission only to fill forms. */
  staffOnly?: boolean;
  testId: string;
  element: ReactNode;
}

export const APP_ROUTES: AppRoute[] = [
  { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, testId: 'menu-home', element: <HomePage /> },
  { path: '/inbox', labelKey: 'nav.inbox', icon: <InboxOutlined />, testId: 'menu-inbox', element: <InboxPage /> },
  { path: '/applications', labelKey: 'nav.applications', icon: <FileDoneOutlined />, anyOf: ['application.apply', 'application.read', 'application.handle', 'application.review'], testId: 'menu-applications', element: <ApplicationsPage /> },
  { path: '/applications/new', labelKey: 'nav.applications', icon: null, permission: 'application.apply', hidden: true, testId: 'route-application-new', element: <ApplicationWizard /> },
  { path: '/applications/settings', labelKey: 'nav.applications', icon: null, permission: 'application.manage', hidden: true, testId: 'route-application-settings', element: <ApplicationSettingsPage /> },
  { path: '/applications/:id', labelKey: 'nav.applications', icon: null, hidden: true, testId: 'route-application', element: <ApplicationPage /> },
  { path: '/service-levels', labelKey: 'nav.serviceLevels', icon: <DashboardOutlined />, anyOf: ['application.read', 'application.handle'], testId: 'menu-sla', element: lazyPage(<ServiceLevelsPage />) },
  { path: '/orgs', labelKey: 'nav.orgs', icon: <BankOutlined />, permission: 'org.read', testId: 'menu-orgs', element: <OrgsPage /> },
  { path: '/orgs/import', labelKey: 'nav.orgs', icon: null, permission: 'org.import', hidden: true, testId: 'route-org-import', element: <OrgImportPage /> },
  { path: '/orgs/:id', labelKey: 'nav.orgs', icon: null, permission: 'org.read', hidden: true, testId: 'route-org', element: <OrgDetailPage /> },
  { path: '/funds', labelKey: 'fund.nav', icon: <AccountBookOutlined />, permission: 'fund.read', testId: 'menu-funds', element: lazyPage(<FundsPage />) },
  { path: '/projects', labelKey: 'project.nav', icon: <ProjectOutlined />, permission: 'project.read', testId: 'menu-projects', element: lazyPage(<ProjectsPage />) },
  { path: '/projects/new', labelKey: 'project.nav', icon: null, permission: 'project.propose', hidden: true, testId: 'route-project-new', element: lazyPage(<ProjectFormPage />) },
  { path: '/projects/:id/edit', labelKey: 'project.nav', icon: null, permission: 'project.propose', hidden: true, testId: 'route-project-edit', element: lazyPage(<ProjectFormPage />) },
  // No permission here: the provider's members (no project.read) open their project too; the server answers 404 to anyone else.
  { path: '/projects/:id', labelKey: 'project.nav', icon: null, hidden: true, testId: 'route-project', element: lazyPage(<ProjectPage />) },
  { path: '/reviews', labelKey: 'review.nav', icon: <SolutionOutlined />, permission: 'bid.score', testId: 'menu-reviews', element: lazyPage(<ReviewsPage />) },
  { path: '/reviews/:projectId', labelKey: 'review.nav', icon: null, permission: 'bid.score', hidden: true, testId: 'route-review', element: lazyPage(<ReviewPage />) },
  // The office holds project.supervise everywhere; the worklist is for third-party supervisors, named per project.
  { path: '/supervision', labelKey: 'supervision.nav', icon: <EyeOutlined />, permission: 'project.supervise', unless: 'project.manage', testId: 'menu-supervision', element: lazyPage(<MySupervisionPage />) },
  { path: '/calls', labelKey: 'call.nav', icon: <NotificationOutlined />, permission: 'project.bid', testId: 'menu-calls', element: lazyPage(<CallsPage />) },
  { path: '/calls/:projectId/bid', labelKey: 'call.nav', icon: null, permission: 'project.bid', hidden: true, testId: 'route-bid', element: lazyPage(<BidPage />) },
  { path: '/meetings', labelKey: 'meeting.nav', icon: <ScheduleOutlined />, permission: 'project.read', testId: 'menu-meetings', element: lazyPage(<MeetingsPage />) },
  { path: '/project-dashboard', labelKey: 'dashboard.nav', icon: <FundProjectionScreenOutlined />, permission: 'project.read', testId: 'menu-dashboard', element: lazyPage(<ProjectDashboardPage />) },
  { path: '/catalog', labelKey: 'catalog.nav', icon: <ProfileOutlined />, staffOnly: true, testId: 'menu-catalog', element: lazyPage(<CatalogPage />) },
  { path: '/regions', labelKey: 'nav.regions', icon: <ApartmentOutlined />, permission: 'region.read', staffOnly: true, testId: 'menu-regions', element: <RegionsPage /> },
  { path: '/users', labelKey: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', testId: 'menu-users', element: <UsersPage /> },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', testId: 'menu-audit', element: <AuditPage /> },
  { path: '/calendar', labelKey: 'nav.calendar', icon: <CalendarOutlined />, permission: 'calendar.read', staffOnly: true, testId: 'menu-calendar', element: <CalendarPage /> },
];

/** The menu and the route guard read the same table, so a hidden item is also a closed page. */
export function useVisibleRoutes(): AppRoute[] {
  const can = useCan();
  const { data: me } = useMe();
  const isStaff = (me?.grants ?? []).some((g) => g.role !== 'applicant' && g.role !== 'orgMember');
  return APP_ROUTES.filter((route) => (!route.permission || can(route.permission)) && (!route.anyOf || route.anyOf.some((p) => can(p))) && (!route.staffOnly || isStaff) && (!route.unless || !can(route.unless)));
}

