import type { Db } from '../../../platform/db/client.js';
import { presentPublicationPolicy, type OcdsSettings } from '../opendata.presenter.js';
import { findPublisher } from './find-publisher.js';

/** The publication policy the packages link to, in Markdown. */
export async function publicationPolicy(db: Db, settings: OcdsSettings): Promise<string> {
  const { name } = await findPublisher(db);
  return presentPublicationPolicy(settings, name);
}
