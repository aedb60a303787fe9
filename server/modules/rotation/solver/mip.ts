import type { Highs } from 'highs';

/** How a MIP run ended: `noSolution` is a time limit reached before any feasible plan. */
export interface MipOutcome {
  status: 'optimal' | 'timeLimit' | 'infeasible' | 'noSolution';
  objective: number | null;
  /** HiGHS' relative gap, never negative; null when it has none. */
  gap: number | null;
  values: Float64Array | null;
}

/**
 * A mixed-integer program written row by row and column by column, handed to HiGHS in the column-compressed (CSC)
 * form it takes: both of the rotation's models (a town's season, the year's pairing) are built with it.
 */
export class MipBuilder {
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  private readonly cost: number[] = [];
  private readonly colLower: number[] = [];
  private readonly colUpper: number[] = [];
  private readonly integrality: (0 | 1)[] = [];
  /** Per column, its [row, coefficient] entries. */
  private readonly entries: [number, number][][] = [];

  get numRows(): number {
    return this.rowLower.length;
  }

  get numCols(): number {
    return this.cost.length;
  }

  addRow(lower: number, upper: number): number {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  addCol(cost: number, lower: number, upper: number, integer: boolean, entries: [number, number][]): number {
    this.cost.push(cost);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.integrality.push(integer ? 1 : 0);
    this.entries.push(entries);
    return this.cost.length - 1;
  }

  solve(highs: Highs, options: { timeLimitSeconds: number; mipGap: number }): MipOutcome {
    const numRows = this.numRows;
    const numCols = this.numCols;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const e of this.entries) {
      for (const [row, v] of [...e].sort((a, b) => a[0] - b[0])) {
        indices.push(row);
        values.push(v);
      }
      starts.push(indices.length);
    }
    const fin = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
    const model = highs.createModel({
      numCols,
      numRows,
      colCost: this.cost,
      colLower: this.colLower.map(fin),
      colUpper: this.colUpper.map(fin),
      rowLower: this.rowLower.map(fin),
      rowUpper: this.rowUpper.map(fin),
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      integrality: this.integrality,
    });
    try {
      // A fixed seed: the same data gives the same plan, run after run (the demo image depends on it).
      model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: options.mipGap, random_seed: 1 });
      model.run();
      const code = model.getModelStatus();
      const st = highs.constants.modelStatus;
      if (code === st.infeasible || code === st.unboundedOrInfeasible) return { status: 'infeasible', objective: null, gap: null, values: null };
      if (Number(model.info.get('primal_solution_status')) !== 2) return { status: code === st.timeLimit ? 'noSolution' : 'infeasible', objective: null, gap: null, values: null };
      const gap = Number(model.info.get('mip_gap'));
      return { status: code === st.optimal ? 'optimal' : 'timeLimit', objective: model.getObjectiveValue(), gap: Number.isFinite(gap) ? Math.max(0, gap) : null, values: model.getSolution().colValue };
    } finally {
      model.dispose();
    }
  }
}
