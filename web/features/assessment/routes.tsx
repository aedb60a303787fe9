import { BarChartOutlined, FormOutlined, HomeOutlined, SolutionOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { lazyPage, type AppRoute } from '../../app/app-route';

const RoundsPage = lazy(() => import('./rounds-page').then((m) => ({ default: m.RoundsPage })));
const RoundPage = lazy(() => import('./round-page').then((m) => ({ default: m.RoundPage })));
const RubricsPage = lazy(() => import('./rubrics-page').then((m) => ({ default: m.RubricsPage })));
const RubricEditPage = lazy(() => import('./rubric-edit-page').then((m) => ({ default: m.RubricEditPage })));
const ReviewsPage = lazy(() => import('./reviews-page').then((m) => ({ default: m.ReviewsPage })));
const ReviewPage = lazy(() => import('./reviews-page').then((m) => ({ default: m.ReviewPage })));
const SheetPage = lazy(() => import('./sheet-page').then((m) => ({ default: m.SheetPage })));
const MinePage = lazy(() => import('./mine-page').then((m) => ({ default: m.MinePage })));
const SelfPage = lazy(() => import('./self-page').then((m) => ({ default: m.SelfPage })));
const StationsPage = lazy(() => import('./stations-page').then((m) => ({ default: m.StationsPage })));
const ResultsPage = lazy(() => import('./results-page').then((m) => ({ default: m.ResultsPage })));

/**
 * 评估 (issue 18): the office's rounds and rubrics (assessment.manage), the evaluators' tasks (assessment.score), a
 * station's or town's own self-assessment and appeals (assessment.self), and the published results (assessment.read).
 */
export const assessmentRoutes: AppRoute[] = [
  { path: '/assessment/rounds', labelKey: 'assess.nav', icon: <TrophyOutlined />, permission: 'assessment.manage', testId: 'menu-assessment', element: lazyPage(<RoundsPage />) },
  { path: '/assessment/rounds/:id', labelKey: 'assess.nav', icon: null, permission: 'assessment.manage', hidden: true, testId: 'route-assessment-round', element: lazyPage(<RoundPage />) },
  { path: '/assessment/rubrics', labelKey: 'assess.rubricsNav', icon: null, permission: 'assessment.manage', hidden: true, testId: 'route-assessment-rubrics', element: lazyPage(<RubricsPage />) },
  { path: '/assessment/rubrics/:id/edit', labelKey: 'assess.rubricsNav', icon: null, permission: 'assessment.manage', hidden: true, testId: 'route-assessment-rubric-edit', element: lazyPage(<RubricEditPage />) },
  { path: '/assessment/stations', labelKey: 'assess.station.nav', icon: <HomeOutlined />, permission: 'assessment.manage', testId: 'menu-assessment-stations', element: lazyPage(<StationsPage />) },
  { path: '/assessment/reviews', labelKey: 'assess.reviewsNav', icon: <FormOutlined />, permission: 'assessment.score', roles: ['evaluator'], testId: 'menu-assessment-reviews', element: lazyPage(<ReviewsPage />) },
  { path: '/assessment/reviews/:id', labelKey: 'assess.reviewsNav', icon: null, permission: 'assessment.score', hidden: true, testId: 'route-assessment-review', element: lazyPage(<ReviewPage />) },
  { path: '/assessment/reviews/:id/:label', labelKey: 'assess.reviewsNav', icon: null, permission: 'assessment.score', hidden: true, testId: 'route-assessment-sheet', element: lazyPage(<SheetPage />) },
  { path: '/assessment/mine', labelKey: 'assess.mineNav', icon: <SolutionOutlined />, permission: 'assessment.self', testId: 'menu-assessment-mine', element: lazyPage(<MinePage />) },
  { path: '/assessment/mine/:id/:subjectId', labelKey: 'assess.mineNav', icon: null, permission: 'assessment.self', hidden: true, testId: 'route-assessment-self', element: lazyPage(<SelfPage />) },
  { path: '/assessment/results', labelKey: 'assess.resultsNav', icon: <BarChartOutlined />, permission: 'assessment.read', testId: 'menu-assessment-results', element: lazyPage(<ResultsPage />) },
];
