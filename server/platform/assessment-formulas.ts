import type { DbOrTx } from './db/client.js';

/*
 * Computed indicators (issue 18 §1): a rubric names a formula (`<module>.<name>`); the module that owns the data
 * declares it in its manifest and the app registers it here at start, so the assessment engine reads a station's
 * concerns, projects or rotation without reaching into those modules' tables. The platform never imports a module.
 */

/** Who or what is assessed, as a formula sees it. */
export interface FormulaSubject {
  /** station | town | bid | proposal | project */
  subjectType: string;
  /** The subject's id in its own module (a station's, a town's region id …). */
  subjectRef: string;
  /** The town (or other region) whose data counts for the subject; null when the subject has no place. */
  regionId: string | null;
  regionPath: string | null;
}

export interface FormulaQuery {
  cityId: string;
  /** The assessed year: its data runs from 1 January to 31 December (China time). */
  year: number;
  subjects: readonly FormulaSubject[];
  /** The indicator's target where the formula counts towards one (4 certified workers, 8 incubated orgs …). */
  target: number | null;
}

/**
 * What a formula found for one subject: its attainment in [0, 1] (the indicator earns that share of its maximum) and
 * the figure behind it in words — or, its data absent (a module not in use, nothing recorded that year), null with
 * the reason, so the indicator is scored by the evaluators instead of counting as zero.
 */
export interface FormulaValue {
  attainment: number | null;
  figure: string;
  /** How many records or answers the figure rests on. */
  sample: number | null;
}

export interface ComputedFormula {
  /** `<module>.<name>`, as rubrics name it. */
  name: string;
  label: { zh: string; en: string };
  /** What it measures and how attainment is counted, for the rubric editor. */
  description: string;
  subjectTypes: readonly string[];
  compute: (db: DbOrTx, q: FormulaQuery) => Promise<Map<string, FormulaValue>>;
}

const formulas = new Map<string, ComputedFormula>();

export function registerFormula(f: ComputedFormula): void {
  formulas.set(f.name, f);
}

export function formulaOf(name: string): ComputedFormula | undefined {
  return formulas.get(name);
}

export function registeredFormulas(): ComputedFormula[] {
  return [...formulas.values()].sort((a, b) => a.name.localeCompare(b.name));
}
