import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { rows } from '../db/sql.js';
import { clockNow } from '../clock.js';
import { caseTimeLimits } from './cases.tables.js';
import { caseTypes, type CaseTypeDef } from './define.js';
import { invalidateTimeLimits } from './engine.js';

/*
 * A city's promised step limits (issue 16 §3: "application time limits … project time limits" per city), for every
 * case type the modules registered: each state that has a limit, per variant where the type names its variants
 * (成立登记, 变更登记 …). A row of case_time_limits is the city's own; without one the type's declaration holds.
 */

export interface CityTimeLimit {
  caseType: string;
  variant: string;
  state: string;
  /** The type's declaration. */
  defaultDays: number | null;
  /** What the city's cases are given now: its own row, else its row for every variant, else the default. */
  days: number | null;
  /** The city has its own row for this variant and state. */
  own: boolean;
}

const variantsOf = (def: CaseTypeDef) => (def.variantNames ? Object.keys(def.variantNames) : ['*']);

/** Every limit of every registered case type, as `cityId` has it. */
export async function listCityTimeLimits(db: DbOrTx, cityId: string): Promise<CityTimeLimit[]> {
  const own = await rows<{ case_type: string; variant: string; state: string; working_days: number }>(
    db,
    sql`select case_type, variant, state, working_days from case_time_limits where city_id = ${cityId}`,
  );
  const kept = new Map(own.map((r) => [`${r.case_type}|${r.variant}|${r.state}`, r.working_days]));
  const out: CityTimeLimit[] = [];
  for (const def of caseTypes().sort((a, b) => a.type.localeCompare(b.type))) {
    const limits = def.timeLimits as Record<string, number | undefined>;
    for (const variant of variantsOf(def)) {
      for (const state of def.states) {
        if (def.terminal.includes(state)) continue;
        const mine = kept.get(`${def.type}|${variant}|${state}`);
        const every = kept.get(`${def.type}|*|${state}`);
        const defaultDays = limits[state] ?? null;
        if (defaultDays === null && mine === undefined && every === undefined) continue;
        out.push({ caseType: def.type, variant, state, defaultDays, days: mine ?? every ?? defaultDays, own: mine !== undefined });
      }
    }
  }
  return out;
}

export interface TimeLimitChange {
  caseType: string;
  variant: string;
  state: string;
  /** Null: back to the type's default (the city's row goes). */
  workingDays: number | null;
}

/**
 * Writes a city's limits in the caller's transaction; answers the limits before and after each change. The caller
 * checks what the user saw (a 409 when it moved) and audits.
 */
export async function setCityTimeLimits(tx: Tx, cityId: string, changes: readonly TimeLimitChange[], userId: string | null): Promise<void> {
  for (const c of changes) {
    if (c.workingDays === null) {
      await tx.execute(sql`delete from case_time_limits where city_id = ${cityId} and case_type = ${c.caseType} and variant = ${c.variant} and state = ${c.state}`);
      continue;
    }
    await tx
      .insert(caseTimeLimits)
      .values({ cityId, caseType: c.caseType, variant: c.variant, state: c.state, workingDays: c.workingDays, updatedBy: userId })
      .onConflictDoUpdate({ target: [caseTimeLimits.cityId, caseTimeLimits.caseType, caseTimeLimits.variant, caseTimeLimits.state], set: { workingDays: c.workingDays, updatedAt: clockNow(), updatedBy: userId } });
  }
  await invalidateTimeLimits(tx);
}

/** Whether a change names a limit the list offers (a known type, variant and non-final state). */
export function isKnownTimeLimit(c: { caseType: string; variant: string; state: string }): boolean {
  const def = caseTypes().find((d) => d.type === c.caseType);
  return !!def && variantsOf(def).includes(c.variant) && def.states.includes(c.state) && !def.terminal.includes(c.state);
}

