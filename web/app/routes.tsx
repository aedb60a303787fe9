import { useCan, useMe } from './auth';
import type { AppRoute, PublicRoute } from './app-route';
import { FEATURES } from './features';

export type { AppRoute, PublicRoute } from './app-route';

let appRoutes: AppRoute[] | undefined;

/**
 * Every feature's signed-in pages in the order of FEATURES, which is the menu's. Collected on first use, not at
 * module load: the home page imports this file (it lists the menu), so FEATURES may not be initialized yet then.
 */
export function collectAppRoutes(): AppRoute[] {
  return (appRoutes ??= FEATURES.flatMap((feature): readonly AppRoute[] => ('routes' in feature ? feature.routes : [])));
}

/** Every feature's pages outside the signed-in shell. */
export function collectPublicRoutes(): PublicRoute[] {
  return FEATURES.flatMap((feature): readonly PublicRoute[] => ('publicRoutes' in feature ? feature.publicRoutes : []));
}

/** The menu and the route guard read the same table, so a hidden item is also a closed page. */
export function useVisibleRoutes(): AppRoute[] {
  const can = useCan();
  const { data: me } = useMe();
  const grants = me?.grants ?? [];
  const isStaff = grants.some((g) => g.role !== 'applicant' && g.role !== 'orgMember');
  return collectAppRoutes().filter(
    (route) =>
      (!route.permission || can(route.permission)) &&
      (!route.anyOf || route.anyOf.some((p) => can(p))) &&
      (!route.staffOnly || isStaff) &&
      (!route.unless || !can(route.unless)) &&
      (!route.roles || grants.some((g) => route.roles!.includes(g.role))),
  );
}
