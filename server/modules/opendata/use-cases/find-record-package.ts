import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/errors/app-error.js';
import { requireOwnOcid } from '../opendata.policy.js';
import { compileRelease, presentRecordPackage, type OcdsSettings, type RecordPackage } from '../opendata.presenter.js';
import { selectReleasedProjects } from '../opendata.queries.js';
import { findPublisher } from './find-publisher.js';

/** The record package for one ocid (`GET /api/v1/opendata/ocds/records/:ocid`); an ocid that is not ours, unknown or not published is a 404. */
export async function findRecordPackage(db: Db, settings: OcdsSettings, ocid: string): Promise<RecordPackage> {
  const number = requireOwnOcid(settings.prefix, ocid);
  const { projects, orgs } = await selectReleasedProjects(db, { number, limit: 1 });
  if (!projects.length) throw notFound('record');
  const publisher = await findPublisher(db);
  const release = compileRelease(projects[0], { prefix: settings.prefix, office: publisher.office, orgs });
  return presentRecordPackage(settings, publisher.name, release);
}
