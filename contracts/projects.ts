/**
 * The purchased service project's contract, one file per seam of its lifecycle (contracts/projects/). Callers
 * import from here; a seam's file imports only the seams it builds on. Meetings are their own module's contract
 * (contracts/meetings.ts) and are re-exported for the project pages that show them.
 */
export * from './projects/lifecycle.js';
export * from './projects/initiation.js';
export * from './projects/calls.js';
export * from './projects/procurement.js';
export * from './projects/delivery.js';
export * from './projects/supervision.js';
export * from './projects/payments.js';
export * from './projects/evaluation.js';
export * from './projects/documents.js';
export * from './projects/disclosure.js';
export * from './meetings.js';
