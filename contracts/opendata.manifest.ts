/** The shared half of the opendata module's manifest (open data (OCDS releases)): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const opendataContract = defineModuleContract({
  module: 'opendata',
  permissions: {},
  auditActions: {},
});
