import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { requireOcidCity, requireOwnOcid } from '../opendata.policy.js';
import { compileRelease, presentRecordPackage, publisherOf, type OcdsSettings, type RecordPackage } from '../opendata.presenter.js';
import { selectReleasedProjects } from '../opendata.queries.js';
import { findPublishers } from './find-publisher.js';

/**
 * The record package for one ocid (`GET /api/v1/opendata/ocds/records/:ocid`), published by the project's city; an
 * ocid that is not ours, unknown, not published or naming another city than its project's is a 404. An ocid without a
 * city code (published before cities) is answered with the record under its current ocid.
 */
export async function findRecordPackage(db: Db, settings: OcdsSettings, ocid: string): Promise<RecordPackage> {
  const { cityCode, number } = requireOwnOcid(settings.prefix, ocid);
  const { projects, orgs } = await selectReleasedProjects(db, { number, limit: 1 });
  if (!projects.length) throw notFound('record');
  const publisher = publisherOf(await findPublishers(db), projects[0]);
  requireOcidCity(cityCode, publisher.city.code);
  const release = compileRelease(projects[0], { prefix: settings.prefix, cityCode: publisher.city.code, office: publisher.office, orgs });
  return presentRecordPackage(settings, publisher.name, release, publisher.city.code);
}
