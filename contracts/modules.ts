/**
 * Every module's shared manifest, once. The permission registry and the audit catalogue are collected from this
 * list; a new module adds `contracts/<module>.manifest.ts` and one line here (and its server manifest to
 * server/modules/index.ts).
 */
import type { ModuleContract } from './module.js';
import { platformContract } from './platform.manifest.js';
import { regionsContract } from './regions.manifest.js';
import { departmentsContract } from './departments.manifest.js';
import { citiesContract } from './cities.manifest.js';
import { peopleContract } from './people.manifest.js';
import { orgsContract } from './orgs.manifest.js';
import { applicationsContract } from './applications.manifest.js';
import { catalogContract } from './catalog.manifest.js';
import { fundsContract } from './funds.manifest.js';
import { projectsContract } from './projects.manifest.js';
import { meetingsContract } from './meetings.manifest.js';
import { opendataContract } from './opendata.manifest.js';
import { workforceContract } from './workforce.manifest.js';
import { rotationContract } from './rotation.manifest.js';
import { concernsContract } from './concerns.manifest.js';
import { assessmentContract } from './assessment.manifest.js';

export const MODULE_CONTRACTS = [
  platformContract,
  regionsContract,
  departmentsContract,
  citiesContract,
  peopleContract,
  orgsContract,
  applicationsContract,
  catalogContract,
  fundsContract,
  projectsContract,
  meetingsContract,
  opendataContract,
  workforceContract,
  rotationContract,
  concernsContract,
  assessmentContract,
] as const;

type AnyContract = (typeof MODULE_CONTRACTS)[number];
/** The union of every module's permission names (distributes over the modules). */
export type DeclaredPermission = AnyContract extends infer C ? (C extends ModuleContract<infer P, string> ? P : never) : never;
/** The union of every module's audit actions. */
export type DeclaredAuditAction = AnyContract extends infer C ? (C extends ModuleContract<string, infer A> ? A : never) : never;
