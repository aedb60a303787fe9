import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { citySettings } from './cities.tables.js';

export type CitySettingsRow = typeof citySettings.$inferSelect;

export async function selectCitySettings(db: DbOrTx, cityIds: readonly string[]): Promise<Map<string, CitySettingsRow>> {
  if (!cityIds.length) return new Map();
  const found = await db.select().from(citySettings).where(inArray(citySettings.cityId, [...cityIds]));
  return new Map(found.map((r) => [r.cityId, r]));
}

export async function lockCitySettings(tx: Tx, cityId: string): Promise<CitySettingsRow | undefined> {
  const [row] = await tx.select().from(citySettings).where(eq(citySettings.cityId, cityId)).for('update');
  return row;
}
