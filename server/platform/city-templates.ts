import type { Tx } from './db/client.js';
import type { RequestContext } from './http/context.js';
import type { CityRef } from './access/cities.js';
import { caseTimeLimitsTemplate } from './cases/time-limits-template.js';

/**
 * What a module copies when a new city starts from an existing one (issue 16 §3: "a new city starts from a template
 * copied from an existing city, then edited"). Declared in the module's manifest (`cityTemplate`); the cities module
 * runs every part in one transaction and never learns whose tables they are.
 */
export interface CityTemplatePart {
  label: { zh: string; en: string };
  /**
   * Copies the module's per-city data of `from` into `to`, leaving what `to` already has (by its natural key) as
   * it is, so copying twice adds nothing. Answers how many were copied and how many were already there.
   */
  copy: (tx: Tx, ctx: RequestContext, from: CityRef, to: CityRef) => Promise<{ copied: number; skipped: number }>;
  /**
   * What a city has from the moment it is made, before any template: the settings without which its work cannot
   * start (an application's promised time limit). Runs in the transaction that creates the city node.
   */
  defaults?: (tx: Tx, city: CityRef) => Promise<void>;
}

const parts = new Map<string, CityTemplatePart>();

export function registerCityTemplate(module: string, part: CityTemplatePart): void {
  parts.set(module, part);
}

/**
 * A city node was created (by hand or by a division-code import): every module gives it its defaults. The region
 * tree's owner calls this and never learns which modules keep settings.
 */
export async function cityCreated(tx: Tx, city: CityRef): Promise<void> {
  for (const part of parts.values()) await part.defaults?.(tx, city);
}

/** The kernel's own part (the case engine's step limits), then every module's, in the order the modules are listed. */
export function cityTemplateParts(): [string, CityTemplatePart][] {
  return [['cases', caseTimeLimitsTemplate], ...parts.entries()];
}
