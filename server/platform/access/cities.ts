import { and, asc, eq, inArray, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../contracts/roles.js';
import type { DbOrTx, Tx } from '../db/client.js';
import { AppError } from '../errors/app-error.js';
import type { Actor } from '../http/context.js';
import { cityReach } from './policy.js';
import { regions } from './scope.tables.js';

/*
 * A city is a region node at the city level: the county-level city or district this platform serves (海宁市,
 * 桐乡市). Settings, departments and funds are a city's (issue 16 §3); whoever works in one city reads and keeps
 * its settings and never another's. These helpers turn the actor's grants into the cities of a list or a write.
 */

/** The actor's cities for `permission` as a WHERE clause over a city id column. */
export function cityScopeWhere(actor: Actor | null, permission: Permission, cityColumn: AnyColumn | SQL): SQL {
  const reach = cityReach(actor, permission);
  if (reach.all) return sql`true`;
  if (!reach.cityIds.length) return sql`false`;
  return sql`${cityColumn} in (${sql.join(
    reach.cityIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/**
 * A list's cities: the one asked for (404 outside the actor's reach, as any out-of-scope record), else every city
 * the actor reaches.
 */
export function cityListWhere(actor: Actor | null, permission: Permission, cityColumn: AnyColumn | SQL, requested: string | undefined): SQL {
  if (!requested) return cityScopeWhere(actor, permission, cityColumn);
  requireCityReach(actor, permission, requested);
  return sql`${cityColumn} = ${requested}::uuid`;
}

export function requireCityReach(actor: Actor | null, permission: Permission, cityId: string): void {
  const reach = cityReach(actor, permission);
  if (!reach.all && !reach.cityIds.includes(cityId)) throw new AppError('not_found', { entity: 'city' }, undefined, { denied: true });
}

export interface CityRef {
  id: string;
  name: string;
  code: string;
  path: string;
}

/** The active cities, by code: the few a deployment serves. */
export async function selectCities(db: DbOrTx, ids?: readonly string[]): Promise<CityRef[]> {
  if (ids && ids.length === 0) return [];
  return db
    .select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, 'city'), isNull(regions.retiredAt), ids ? inArray(regions.id, [...ids]) : undefined))
    .orderBy(asc(regions.code));
}

/**
 * The city a new record goes to: the one named (which the actor must reach, else 404), else the actor's only city
 * for `permission`, else — a platform administrator in an installation of one city — that city. Someone who
 * reaches several cities must name one (a field error on `cityId`).
 */
export async function cityForWrite(db: DbOrTx | Tx, actor: Actor | null, permission: Permission, requested: string | null | undefined): Promise<CityRef> {
  const reach = cityReach(actor, permission);
  if (requested) {
    requireCityReach(actor, permission, requested);
    const [city] = await selectCities(db, [requested]);
    if (!city) throw new AppError('not_found', { entity: 'city' });
    return city;
  }
  const candidates = reach.all ? await selectCities(db) : await selectCities(db, reach.cityIds);
  if (candidates.length === 1) return candidates[0];
  throw new AppError('validation', {}, [
    candidates.length === 0
      ? { path: 'cityId', message: '尚无城市：请先在区域管理中新增城市', messageEn: 'No city yet: add one under Regions first' }
      : { path: 'cityId', message: '您管理多个城市，请选择城市', messageEn: 'You manage several cities: choose one' },
  ]);
}

/** The city a region path lies in (the city node itself, or its city-level ancestor). */
export async function cityOfPath(db: DbOrTx, path: string): Promise<CityRef | undefined> {
  const [city] = await db
    .select({ id: regions.id, name: regions.name, code: regions.code, path: regions.path })
    .from(regions)
    .where(and(eq(regions.level, 'city'), sql`${path} like ${regions.path} || '%'`))
    .limit(1);
  return city;
}
