export { opendataRoutes } from './opendata.routes.js';
export { exportReleasePackage, findRecordPackage, type OcdsSettings, type ReleaseExport } from './use-cases/export-releases.js';
/** The benchmark hook: bench/ may call it to time an OCDS export of N projects. */
export { measureOcdsExport, type OcdsExportMeasurement } from './use-cases/measure-export.js';
