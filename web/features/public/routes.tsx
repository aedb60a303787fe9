import type { PublicRoute } from '../../app/app-route';
import { DirectoryPage } from './directory-page';
import { VerifyPage } from './verify-page';
import { OpenProjectsPage } from './open-projects-page';
import { OpenProjectPage } from './open-project-page';
import { OpenCallsPage } from './open-calls-page';
import { OpenMeetingsPage } from './open-meetings-page';
import { PerCity } from './portal-city';
import { ConcernRaisePage } from './concern-raise-page';
import { ConcernReceiptPage } from './concern-receipt-page';
import { ConcernTrackPage } from './concern-track-page';
import { SurveyPage } from './survey-page';

/** The public portal's pages; each starts afresh when the city changes (PerCity). */
export const portalPublicRoutes: PublicRoute[] = [
  { path: '/directory', element: <PerCity><DirectoryPage /></PerCity> },
  { path: '/verify', element: <VerifyPage /> },
  { path: '/verify/:token', element: <VerifyPage /> },
  { path: '/open/projects', element: <PerCity><OpenProjectsPage /></PerCity> },
  { path: '/open/projects/:id', element: <PerCity><OpenProjectPage /></PerCity> },
  { path: '/open/calls', element: <PerCity><OpenCallsPage /></PerCity> },
  { path: '/open/meetings', element: <PerCity><OpenMeetingsPage /></PerCity> },
  // Residents' concerns (issue 17 §4): raise, the receipt with the tracking number, follow and rate.
  { path: '/open/concerns', element: <PerCity><ConcernRaisePage /></PerCity> },
  { path: '/open/concerns/receipt/:trackingNumber', element: <ConcernReceiptPage /> },
  { path: '/open/concerns/track', element: <ConcernTrackPage /> },
  { path: '/open/concerns/track/:trackingNumber', element: <ConcernTrackPage /> },
  // Residents' satisfaction with a town's social work station (issue 18 §2): the office's link and QR code point here.
  { path: '/portal/survey/:subjectId', element: <SurveyPage /> },
];
