import type { AppRoute, PublicRoute } from './app-route';
import type { Messages } from './i18n/define';
import { homeRoutes } from '../features/home/routes';
import { homeMessages } from '../features/home/i18n';
import { applicationsRoutes } from '../features/applications/routes';
import { applicationsMessages } from '../features/applications/i18n';
import { orgsRoutes } from '../features/orgs/routes';
import { orgsMessages } from '../features/orgs/i18n';
import { workforceRoutes } from '../features/workforce/routes';
import { workforceMessages } from '../features/workforce/i18n';
import { rotationRoutes } from '../features/rotation/routes';
import { rotationMessages } from '../features/rotation/i18n';
import { concernsRoutes } from '../features/concerns/routes';
import { concernsMessages } from '../features/concerns/i18n';
import { assessmentRoutes } from '../features/assessment/routes';
import { assessmentMessages } from '../features/assessment/i18n';
import { fundsRoutes } from '../features/funds/routes';
import { fundsMessages } from '../features/funds/i18n';
import { projectsRoutes } from '../features/projects/routes';
import { projectsMessages } from '../features/projects/i18n';
import { reviewsRoutes } from '../features/reviews/routes';
import { reviewsMessages } from '../features/reviews/i18n';
import { supervisionRoutes } from '../features/supervision/routes';
import { supervisionMessages } from '../features/supervision/i18n';
import { callsRoutes } from '../features/calls/routes';
import { callsMessages } from '../features/calls/i18n';
import { meetingsRoutes } from '../features/meetings/routes';
import { meetingsMessages } from '../features/meetings/i18n';
import { projectDashboardRoutes } from '../features/project-dashboard/routes';
import { projectDashboardMessages } from '../features/project-dashboard/i18n';
import { catalogRoutes } from '../features/catalog/routes';
import { catalogMessages } from '../features/catalog/i18n';
import { regionsRoutes } from '../features/regions/routes';
import { regionsMessages } from '../features/regions/i18n';
import { citiesRoutes } from '../features/cities/routes';
import { citiesMessages } from '../features/cities/i18n';
import { peopleRoutes } from '../features/people/routes';
import { peopleMessages } from '../features/people/i18n';
import { auditRoutes } from '../features/audit/routes';
import { auditMessages } from '../features/audit/i18n';
import { calendarRoutes } from '../features/calendar/routes';
import { calendarMessages } from '../features/calendar/i18n';
import { authPublicRoutes } from '../features/auth/routes';
import { authMessages } from '../features/auth/i18n';
import { portalPublicRoutes } from '../features/public/routes';
import { publicMessages } from '../features/public/i18n';
import { casesMessages } from '../features/cases/i18n';

/** What a feature folder (web/features/<name>/) brings: its routes.tsx and its i18n.ts. */
export interface Feature {
  name: string;
  /** Pages in the signed-in shell; the side menu shows them in the order of this list. */
  routes?: readonly AppRoute[];
  /** Pages outside it (login, the public portal). */
  publicRoutes?: readonly PublicRoute[];
  /** The feature's own texts; texts many features share are in web/app/i18n/app-messages.ts. */
  messages?: Messages<string>;
}

/**
 * Every feature, once: web/app/routes.tsx (the menu and the router) and web/app/i18n (the dictionary) collect from
 * here. The order is the side menu's. Read it only inside functions: features import web/app, so this list is
 * not yet initialized while their modules load.
 */
export const FEATURES = [
  { name: 'home', routes: homeRoutes, messages: homeMessages },
  { name: 'applications', routes: applicationsRoutes, messages: applicationsMessages },
  { name: 'orgs', routes: orgsRoutes, messages: orgsMessages },
  { name: 'workforce', routes: workforceRoutes, messages: workforceMessages },
  { name: 'rotation', routes: rotationRoutes, messages: rotationMessages },
  { name: 'concerns', routes: concernsRoutes, messages: concernsMessages },
  { name: 'assessment', routes: assessmentRoutes, messages: assessmentMessages },
  { name: 'funds', routes: fundsRoutes, messages: fundsMessages },
  { name: 'projects', routes: projectsRoutes, messages: projectsMessages },
  { name: 'reviews', routes: reviewsRoutes, messages: reviewsMessages },
  { name: 'supervision', routes: supervisionRoutes, messages: supervisionMessages },
  { name: 'calls', routes: callsRoutes, messages: callsMessages },
  { name: 'meetings', routes: meetingsRoutes, messages: meetingsMessages },
  { name: 'project-dashboard', routes: projectDashboardRoutes, messages: projectDashboardMessages },
  { name: 'catalog', routes: catalogRoutes, messages: catalogMessages },
  { name: 'regions', routes: regionsRoutes, messages: regionsMessages },
  { name: 'cities', routes: citiesRoutes, messages: citiesMessages },
  { name: 'people', routes: peopleRoutes, messages: peopleMessages },
  { name: 'audit', routes: auditRoutes, messages: auditMessages },
  { name: 'calendar', routes: calendarRoutes, messages: calendarMessages },
  { name: 'auth', publicRoutes: authPublicRoutes, messages: authMessages },
  { name: 'cases', messages: casesMessages },
  { name: 'public', publicRoutes: portalPublicRoutes, messages: publicMessages },
] as const satisfies readonly Feature[];
