import { defineModule } from '../../platform/module.js';
import { opendataContract } from '../../../contracts/opendata.manifest.js';
import { opendataRoutes } from './opendata.routes.js';

// No tables of its own: it publishes what the other modules hand it.
/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const opendataModule = defineModule({
  name: 'opendata',
  contract: opendataContract,
  routes: [opendataRoutes],
  tables: [],
});

// What other modules may use.
export { opendataRoutes } from './opendata.routes.js';
export { exportReleasePackage, type ReleaseExport } from './use-cases/export-releases.js';
export { findRecordPackage } from './use-cases/find-record-package.js';
export type { OcdsSettings } from './opendata.presenter.js';
/** The benchmark hook: bench/ may call it to time an OCDS export of N projects. */
export { measureOcdsExport, type OcdsExportMeasurement } from './use-cases/measure-export.js';
