import type { Db } from '../../../platform/db/client.js';
import { portalCity } from '../../../platform/access/portal-city.js';
import { packagePublisherName, presentPublicationPolicy, type OcdsSettings } from '../opendata.presenter.js';
import { findPublishers } from './find-publisher.js';

/** The publication policy the packages link to, in Markdown: one city's with `city` (its division code), else every city's. */
export async function publicationPolicy(db: Db, settings: OcdsSettings, cityCode?: string): Promise<string> {
  const city = await portalCity(db, cityCode);
  return presentPublicationPolicy(settings, packagePublisherName(await findPublishers(db), city?.code), city);
}
