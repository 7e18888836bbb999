/**
 * The mixed-integer programme of a suggestion problem, as plain arrays
 * HiGHS takes (`ModelData`), and the objective it minimises, evaluated
 * directly on a choice of options so tests can brute-force it.
 *
 * Variables: y_o in {0,1} per candidate option o (lecturer l takes k pieces
 * of slot s); d_l >= 0 per lecturer of the pool; in the fallback, overflow
 * hours oc_l, ot_l >= 0 beyond capacity and maximum teaching.
 *
 *   cover      sum_o k_o y_o = n_s                  every gap filled exactly
 *   one        sum_{o of (l,s)} y_o <= 1            one share per lecturer and gap
 *   capacity   sum_o H_o y_o (- oc_l) <= max(0, C_l - A_l)
 *   teaching   sum_o T_o y_o (- ot_l) <= max(0, M_l - T_l)
 *   deviation  d_l >= +-((A_l + sum_o H_o y_o) / C_l - t)
 *
 * Objective (each term 0..1, weighted by strategy, defaults.ts):
 *   balance    (1/|P|) sum_l |u_l - t|      the mean absolute deviation of
 *              utilisation u_l from the target t, the pool's utilisation with
 *              the gaps filled. Chosen over the largest utilisation because
 *              it counts every lecturer, not only the most loaded one (a
 *              minimax plan may leave everyone else as unbalanced as it
 *              likes), and because its target is the pool's own level, it
 *              spreads work rather than filling people up to 100%.
 *   expertise  (1/F) sum_o f_o (1 - e_o)     shortfall of expertise
 *   continuity (1/F) sum_o f_o (1 - c_o)     work not kept with last year's lecturer
 *   extra      (1/D) sum_o x_o                hours above the cheapest candidate's (first
 *              deliveries), over the hours the gaps need at their cheapest: without
 *              it, while everyone is below the target, more hours would look better
 * where f_o is the share of whole components o stands for and F their total.
 */
import { allocatedOf, componentFraction, teachingOf } from "./problem";
import type { CandidateOption, ObjectiveWeights, Problem } from "./types";

export type MipMode =
  /** Capacity and maximum teaching are hard. */
  | { kind: "hard" }
  /** Fallback phase 1: minimise the hours beyond capacity and maximum teaching. */
  | { kind: "overflow" }
  /** Fallback phase 2: the strategy's objective, with at most `cap` overflow hours. */
  | { kind: "elastic"; cap: number };

export type MipModel = {
  numCols: number;
  numRows: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  rowLower: number[];
  rowUpper: number[];
  integrality: number[];
  matrix: { format: "csc"; numRows: number; numCols: number; starts: number[]; indices: number[]; values: number[] };
  /** Column of each candidate option (same index as problem.candidates). */
  optionColumns: number[];
  /** Column of d_l for each pool lecturer, in pool order. */
  deviationColumns: number[];
  /** Overflow columns per pool lecturer (fallback modes only). */
  capacityOverflow: Map<number, number>;
  teachingOverflow: Map<number, number>;
};

const INF = Number.POSITIVE_INFINITY;

export function buildMip(problem: Problem, weights: ObjectiveWeights, mode: MipMode): MipModel {
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lo: number, hi: number) => {
    rowLower.push(lo);
    rowUpper.push(hi);
    return rowLower.length - 1;
  };
  const elastic = mode.kind !== "hard";
  const objectiveOn = mode.kind !== "overflow";
  const t = problem.target_utilisation;

  const cover = problem.slots.map((s) => addRow(s.units, s.units));
  const one = new Map<string, number>();
  for (const o of problem.candidates) {
    const slot = problem.slots[o.slot];
    const key = `${o.lecturer}:${o.slot}`;
    if (slot.units > 1 && !one.has(key)) one.set(key, addRow(-INF, 1));
  }
  const capacity = new Map<number, number>();
  const teaching = new Map<number, number>();
  const devPlus = new Map<number, number>();
  const devMinus = new Map<number, number>();
  const hasTeaching = new Set(problem.candidates.filter((o) => o.teaching_hours > 0).map((o) => o.lecturer));
  for (const l of problem.pool) {
    const lecturer = problem.lecturers[l];
    const allocated = allocatedOf(lecturer);
    capacity.set(l, addRow(-INF, Math.max(0, lecturer.contract_hours - allocated)));
    if (hasTeaching.has(l)) teaching.set(l, addRow(-INF, Math.max(0, lecturer.max_teaching_hours - teachingOf(lecturer))));
    const u0 = allocated / lecturer.contract_hours;
    devPlus.set(l, addRow(-INF, t - u0));
    devMinus.set(l, addRow(-INF, u0 - t));
  }
  const capRow = mode.kind === "elastic" ? addRow(-INF, mode.cap) : -1;

  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integrality: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const addCol = (cost: number, lo: number, hi: number, integer: boolean, entries: [number, number][]) => {
    colCost.push(cost);
    colLower.push(lo);
    colUpper.push(hi);
    integrality.push(integer ? 1 : 0);
    for (const [row, value] of entries.sort((a, b) => a[0] - b[0])) {
      if (value === 0) continue;
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
    return colCost.length - 1;
  };

  const optionColumns = problem.candidates.map((o) => {
    const lecturer = problem.lecturers[o.lecturer];
    const cost = objectiveOn ? optionCost(problem, weights, o) : 0;
    const u = o.hours / lecturer.contract_hours;
    const entries: [number, number][] = [
      [cover[o.slot], o.units],
      [capacity.get(o.lecturer)!, o.hours],
      [devPlus.get(o.lecturer)!, u],
      [devMinus.get(o.lecturer)!, -u],
    ];
    const oneRow = one.get(`${o.lecturer}:${o.slot}`);
    if (oneRow !== undefined) entries.push([oneRow, 1]);
    if (o.teaching_hours > 0) entries.push([teaching.get(o.lecturer)!, o.teaching_hours]);
    return addCol(cost, 0, 1, true, entries);
  });
  const poolSize = problem.pool.length || 1;
  const deviationColumns: number[] = [];
  for (const l of problem.pool) {
    deviationColumns.push(addCol(objectiveOn ? weights.balance / poolSize : 0, 0, INF, false, [
      [devPlus.get(l)!, -1],
      [devMinus.get(l)!, -1],
    ]));
  }
  const capacityOverflow = new Map<number, number>();
  const teachingOverflow = new Map<number, number>();
  if (elastic) {
    const overflowCost = mode.kind === "overflow" ? 1 : 0;
    for (const l of problem.pool) {
      const entries: [number, number][] = [[capacity.get(l)!, -1]];
      if (capRow >= 0) entries.push([capRow, 1]);
      capacityOverflow.set(l, addCol(overflowCost, 0, INF, false, entries));
      const tRow = teaching.get(l);
      if (tRow !== undefined) {
        const tEntries: [number, number][] = [[tRow, -1]];
        if (capRow >= 0) tEntries.push([capRow, 1]);
        teachingOverflow.set(l, addCol(overflowCost, 0, INF, false, tEntries));
      }
    }
  }
  const numCols = colCost.length;
  const numRows = rowLower.length;
  return {
    numCols,
    numRows,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    integrality,
    matrix: { format: "csc", numRows, numCols, starts, indices, values },
    optionColumns,
    deviationColumns,
    capacityOverflow,
    teachingOverflow,
  };
}

/** An option's share of the linear terms (expertise, continuity, extra hours): one definition for the programme, its evaluation and the start heuristic. */
export function optionCost(problem: Problem, weights: ObjectiveWeights, o: CandidateOption): number {
  const f = componentFraction(problem, o);
  const F = problem.component_total || 1;
  const D = problem.demand_hours || 1;
  return (weights.expertise * f * (1 - o.expertise) + weights.continuity * f * (1 - o.continuity)) / F + (weights.extra_hours * o.extra_hours) / D;
}

export type Evaluation = {
  objective: number;
  balance: number;
  expertise: number;
  continuity: number;
  extra_hours: number;
  /** Every gap filled exactly, at most one option per lecturer and gap. */
  complete: boolean;
  /** Hours beyond capacity / maximum teaching that the choice adds (0 when within both). */
  capacity_overflow: number;
  teaching_overflow: number;
};

/** The objective of a choice of options, computed from the problem itself (not from the programme). */
export function evaluateChoice(problem: Problem, weights: ObjectiveWeights, chosen: readonly number[]): Evaluation {
  const added = new Map<number, { hours: number; teaching: number }>();
  const units = new Map<number, number>();
  const pairs = new Set<string>();
  let complete = true;
  let expertise = 0;
  let continuity = 0;
  let extra = 0;
  let linear = 0;
  for (const index of chosen) {
    const o = problem.candidates[index];
    const a = added.get(o.lecturer) ?? { hours: 0, teaching: 0 };
    added.set(o.lecturer, { hours: a.hours + o.hours, teaching: a.teaching + o.teaching_hours });
    units.set(o.slot, (units.get(o.slot) ?? 0) + o.units);
    const pair = `${o.lecturer}:${o.slot}`;
    if (pairs.has(pair)) complete = false;
    pairs.add(pair);
    const f = componentFraction(problem, o);
    expertise += f * (1 - o.expertise);
    continuity += f * (1 - o.continuity);
    extra += o.extra_hours;
    linear += optionCost(problem, weights, o);
  }
  for (const slot of problem.slots) if ((units.get(slot.index) ?? 0) !== slot.units) complete = false;
  const F = problem.component_total || 1;
  let deviation = 0;
  let capacityOverflow = 0;
  let teachingOverflow = 0;
  for (const l of problem.pool) {
    const lecturer = problem.lecturers[l];
    const a = added.get(l) ?? { hours: 0, teaching: 0 };
    const allocated = allocatedOf(lecturer);
    deviation += Math.abs((allocated + a.hours) / lecturer.contract_hours - problem.target_utilisation);
    capacityOverflow += Math.max(0, a.hours - Math.max(0, lecturer.contract_hours - allocated));
    teachingOverflow += Math.max(0, a.teaching - Math.max(0, lecturer.max_teaching_hours - teachingOf(lecturer)));
  }
  const balance = deviation / (problem.pool.length || 1);
  const e = expertise / F;
  const c = continuity / F;
  return {
    objective: weights.balance * balance + linear,
    balance,
    expertise: e,
    continuity: c,
    extra_hours: extra / (problem.demand_hours || 1),
    complete,
    capacity_overflow: capacityOverflow,
    teaching_overflow: teachingOverflow,
  };
}
