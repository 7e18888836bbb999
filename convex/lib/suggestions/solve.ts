/**
 * Solving a suggestion problem with HiGHS. The caller passes a freshly
 * loaded HiGHS runtime (one per run: no state or Wasm memory carries over
 * between runs); this module only builds models, runs them with a time
 * limit and reads the answer, so it stays free of Node APIs.
 *
 * First the programme with capacity and maximum teaching as hard
 * constraints. When that is infeasible (or no plan is found in time), the
 * fallback: phase 1 finds the fewest hours beyond capacity and maximum
 * teaching any complete plan needs, phase 2 the best plan within that
 * overflow; the overflow is reported by team as the binding constraint.
 */
import type { Highs } from "highs";
import { OVERFLOW_TOLERANCE_HOURS, STRATEGY_WEIGHTS, SUGGESTION_MIP_HEURISTIC_EFFORT, SUGGESTION_MIP_REL_GAP } from "./defaults";
import { cleanHours } from "../workload";
import { buildMip, optionCost, type MipMode, type MipModel } from "./model";
import { allocatedOf, teachingOf } from "./problem";
import type { ObjectiveWeights, Problem } from "./types";

export type PhaseName = "hard" | "overflow" | "elastic";

export type PhaseReport = {
  phase: PhaseName;
  /** HiGHS's model status, in words. */
  status: "optimal" | "time_limit" | "infeasible" | "no_solution" | "error";
  objective: number | null;
  /** Best bound on the objective (the dual bound) and the relative gap to it. */
  bound: number | null;
  gap: number | null;
  solve_ms: number;
  columns: number;
  rows: number;
};

export type SolveOutcome = {
  /** optimal: proven best within the gap setting; time_limit: best found, `gap` from proven; fallback_*: over capacity was needed. */
  status: "optimal" | "time_limit" | "fallback_optimal" | "fallback_time_limit" | "nothing_to_fill" | "no_solution";
  chosen: number[];
  objective: number | null;
  bound: number | null;
  gap: number | null;
  solve_ms: number;
  phases: PhaseReport[];
  /** Per pool lecturer, hours beyond capacity and beyond maximum teaching in the chosen plan (fallback only). */
  overflow: { lecturer: number; capacity_hours: number; teaching_hours: number }[];
  columns: number;
  rows: number;
};

type RunResult = PhaseReport & { values: Float64Array | null };

function runModel(highs: Highs, mip: MipModel, phase: PhaseName, timeLimitSeconds: number, start: number[] | null): RunResult {
  const model = highs.createModel({
    numCols: mip.numCols,
    numRows: mip.numRows,
    colCost: mip.colCost,
    colLower: mip.colLower,
    colUpper: mip.colUpper,
    rowLower: mip.rowLower,
    rowUpper: mip.rowUpper,
    integrality: mip.integrality as never,
    matrix: mip.matrix,
    sense: highs.constants.objectiveSense.minimize,
  });
  const started = performance.now();
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.1, timeLimitSeconds),
      mip_rel_gap: SUGGESTION_MIP_REL_GAP,
      mip_heuristic_effort: SUGGESTION_MIP_HEURISTIC_EFFORT,
    });
    if (start) model.setSolution({ colValue: start });
    model.run();
    const solveMs = Math.round(performance.now() - started);
    const code = model.getModelStatus();
    const s = highs.constants.modelStatus;
    const feasible = Number(model.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;
    const values = feasible ? model.getSolution().colValue : null;
    const objective = feasible ? model.getObjectiveValue() : null;
    const bound = Number(model.info.get("mip_dual_bound"));
    const gap = Number(model.info.get("mip_gap"));
    const status: PhaseReport["status"] =
      code === s.optimal
        ? "optimal"
        : code === s.infeasible
          ? "infeasible"
          : code === s.timeLimit || code === s.interrupted || code === s.iterationLimit || code === s.solutionLimit
            ? feasible
              ? "time_limit"
              : "no_solution"
            : feasible
              ? "time_limit"
              : "error";
    return {
      phase,
      status,
      objective,
      bound: Number.isFinite(bound) ? bound : null,
      gap: feasible && Number.isFinite(gap) ? Math.max(0, gap) : null,
      solve_ms: solveMs,
      columns: mip.numCols,
      rows: mip.numRows,
      values,
    };
  } finally {
    model.dispose();
  }
}

function chosenOf(mip: MipModel, values: Float64Array): number[] {
  const chosen: number[] = [];
  mip.optionColumns.forEach((col, option) => {
    if (values[col] > 0.5) chosen.push(option);
  });
  return chosen;
}

const strip = ({ values: _values, ...report }: RunResult): PhaseReport => report;

/** Solves `problem` by its strategy within `problem.options.time_limit_seconds`. */
export function solveProblem(highs: Highs, problem: Problem): SolveOutcome {
  const weights = STRATEGY_WEIGHTS[problem.options.strategy];
  const limit = problem.options.time_limit_seconds;
  if (problem.slots.length === 0) {
    return { status: "nothing_to_fill", chosen: [], objective: 0, bound: 0, gap: 0, solve_ms: 0, phases: [], overflow: [], columns: 0, rows: 0 };
  }
  const deadline = performance.now() + limit * 1000;
  const remaining = () => Math.max(0.5, (deadline - performance.now()) / 1000);
  const build = (mode: MipMode) => buildMip(problem, weights, mode);

  // A start for the solver: the least-loaded fill, within capacity where it can be.
  const heuristic = improveByMoves(problem, leastLoadedFill(problem), weights);
  const heuristicFits = overflowOf(problem, heuristic).length === 0;
  const hardMip = build({ kind: "hard" });
  // A plan within capacity is known to exist: the whole limit; otherwise leave time for the fallback.
  const hard = runModel(highs, hardMip, "hard", heuristicFits ? limit : limit / 2, heuristicFits ? startValues(problem, hardMip, heuristic) : null);
  const phases: PhaseReport[] = [strip(hard)];
  const totalMs = () => phases.reduce((s, p) => s + p.solve_ms, 0);
  if (hard.values && (hard.status === "optimal" || hard.status === "time_limit")) {
    return {
      status: hard.status,
      chosen: chosenOf(hardMip, hard.values),
      objective: hard.objective,
      bound: hard.bound,
      gap: hard.gap,
      solve_ms: totalMs(),
      phases,
      overflow: [],
      columns: hardMip.numCols,
      rows: hardMip.numRows,
    };
  }

  // Fallback: the fewest overflow hours, then the best plan within them (each phase starts from the previous answer).
  const overflowMip = build({ kind: "overflow" });
  const first = runModel(highs, overflowMip, "overflow", remaining() / 2, startValues(problem, overflowMip, heuristic));
  phases.push(strip(first));
  if (!first.values || first.objective === null) {
    return { status: "no_solution", chosen: [], objective: null, bound: null, gap: null, solve_ms: totalMs(), phases, overflow: [], columns: overflowMip.numCols, rows: overflowMip.numRows };
  }
  const elasticMip = build({ kind: "elastic", cap: first.objective + OVERFLOW_TOLERANCE_HOURS });
  const second = runModel(highs, elasticMip, "elastic", remaining(), [...first.values]);
  phases.push(strip(second));
  const use = second.values ? { mip: elasticMip, run: second } : { mip: overflowMip, run: first };
  const values = use.run.values!;
  const chosen = chosenOf(use.mip, values);
  const overflow = overflowOf(problem, chosen);
  const proven = first.status === "optimal" && second.status === "optimal";
  return {
    status: proven ? "fallback_optimal" : "fallback_time_limit",
    chosen,
    objective: second.values ? second.objective : null,
    bound: second.values ? second.bound : null,
    gap: second.values ? second.gap : null,
    solve_ms: totalMs(),
    phases,
    overflow,
    columns: use.mip.numCols,
    rows: use.mip.numRows,
  };
}

/** Hours a choice puts beyond each pool lecturer's capacity and maximum teaching (computed from the choice, not the slack variables). */
export function overflowOf(problem: Problem, chosen: readonly number[]): SolveOutcome["overflow"] {
  const added = new Map<number, { hours: number; teaching: number }>();
  for (const i of chosen) {
    const o = problem.candidates[i];
    const a = added.get(o.lecturer) ?? { hours: 0, teaching: 0 };
    added.set(o.lecturer, { hours: a.hours + o.hours, teaching: a.teaching + o.teaching_hours });
  }
  const out: SolveOutcome["overflow"] = [];
  for (const [l, a] of added) {
    const lecturer = problem.lecturers[l];
    const capacity = cleanHours(Math.max(0, a.hours - Math.max(0, lecturer.contract_hours - allocatedOf(lecturer))));
    const teaching = cleanHours(Math.max(0, a.teaching - Math.max(0, lecturer.max_teaching_hours - teachingOf(lecturer))));
    if (capacity > OVERFLOW_TOLERANCE_HOURS || teaching > OVERFLOW_TOLERANCE_HOURS) out.push({ lecturer: l, capacity_hours: capacity, teaching_hours: teaching });
  }
  return out.sort((a, b) => a.lecturer - b.lecturer);
}

/**
 * A complete plan to start the solver from: the biggest gaps first, each
 * whole to the candidate left least utilised who still has room for it
 * (capacity and maximum teaching), else to the one it overloads least.
 */
export function leastLoadedFill(problem: Problem): number[] {
  const added = new Map<number, { hours: number; teaching: number }>();
  const order = [...problem.slots].sort((a, b) => b.remaining * b.components.length - a.remaining * a.components.length || a.index - b.index);
  const chosen: number[] = [];
  for (const slot of order) {
    let best: { option: number; fits: boolean; score: number } | null = null;
    for (const o of problem.candidates) {
      if (o.slot !== slot.index || o.units !== slot.units) continue;
      const l = problem.lecturers[o.lecturer];
      const a = added.get(o.lecturer) ?? { hours: 0, teaching: 0 };
      const hours = allocatedOf(l) + a.hours + o.hours;
      const teaching = teachingOf(l) + a.teaching + o.teaching_hours;
      const over = Math.max(0, hours - l.contract_hours) + Math.max(0, teaching - l.max_teaching_hours);
      const fits = over <= OVERFLOW_TOLERANCE_HOURS;
      const score = fits ? hours / l.contract_hours : over;
      if (!best || (fits && !best.fits) || (fits === best.fits && score < best.score)) best = { option: o.index, fits, score };
    }
    if (!best) continue;
    const o = problem.candidates[best.option];
    const a = added.get(o.lecturer) ?? { hours: 0, teaching: 0 };
    added.set(o.lecturer, { hours: a.hours + o.hours, teaching: a.teaching + o.teaching_hours });
    chosen.push(o.index);
  }
  return chosen;
}

/** Every column's value for a choice of options: the deviations and overflows it implies. */
function startValues(problem: Problem, mip: MipModel, chosen: readonly number[]): number[] {
  const values = new Array<number>(mip.numCols).fill(0);
  const added = new Map<number, number>();
  for (const i of chosen) {
    values[mip.optionColumns[i]] = 1;
    const o = problem.candidates[i];
    added.set(o.lecturer, (added.get(o.lecturer) ?? 0) + o.hours);
  }
  problem.pool.forEach((l, k) => {
    const lecturer = problem.lecturers[l];
    const u = (allocatedOf(lecturer) + (added.get(l) ?? 0)) / lecturer.contract_hours;
    values[mip.deviationColumns[k]] = Math.abs(u - problem.target_utilisation);
  });
  for (const o of overflowOf(problem, chosen)) {
    const c = mip.capacityOverflow.get(o.lecturer);
    if (c !== undefined) values[c] = o.capacity_hours;
    const t = mip.teachingOverflow.get(o.lecturer);
    if (t !== undefined) values[t] = o.teaching_hours;
  }
  return values;
}

/**
 * Improves a plan by moving single lines to another candidate for the same
 * gap while that lowers the objective and adds no hours beyond capacity or
 * maximum teaching: a cheap first answer, so the solver's time goes into
 * improving and bounding it rather than finding one.
 */
export function improveByMoves(problem: Problem, start: readonly number[], weights: ObjectiveWeights): number[] {
  const chosen = [...start];
  const poolSize = problem.pool.length || 1;
  const t = problem.target_utilisation;
  const load = new Map<number, { hours: number; teaching: number }>();
  for (const l of problem.pool) load.set(l, { hours: allocatedOf(problem.lecturers[l]), teaching: teachingOf(problem.lecturers[l]) });
  const onSlot = new Set<string>();
  for (const i of chosen) {
    const o = problem.candidates[i];
    const a = load.get(o.lecturer)!;
    load.set(o.lecturer, { hours: a.hours + o.hours, teaching: a.teaching + o.teaching_hours });
    onSlot.add(`${o.lecturer}:${o.slot}`);
  }
  const bySlotUnits = new Map<string, number[]>();
  for (const o of problem.candidates) {
    const key = `${o.slot}:${o.units}`;
    bySlotUnits.set(key, [...(bySlotUnits.get(key) ?? []), o.index]);
  }
  const cost = (i: number) => optionCost(problem, weights, problem.candidates[i]);
  const dev = (l: number, hours: number) => (weights.balance * Math.abs(hours / problem.lecturers[l].contract_hours - t)) / poolSize;
  const overBy = (l: number, hours: number, teaching: number) => {
    const lecturer = problem.lecturers[l];
    return Math.max(0, hours - lecturer.contract_hours) + Math.max(0, teaching - lecturer.max_teaching_hours);
  };
  for (let round = 0; round < 50; round++) {
    let improved = false;
    for (let k = 0; k < chosen.length; k++) {
      const from = problem.candidates[chosen[k]];
      const a = load.get(from.lecturer)!;
      let best: { index: number; delta: number } | null = null;
      for (const j of bySlotUnits.get(`${from.slot}:${from.units}`) ?? []) {
        const to = problem.candidates[j];
        if (to.lecturer === from.lecturer || onSlot.has(`${to.lecturer}:${to.slot}`)) continue;
        const b = load.get(to.lecturer)!;
        const aAfter = { hours: a.hours - from.hours, teaching: a.teaching - from.teaching_hours };
        const bAfter = { hours: b.hours + to.hours, teaching: b.teaching + to.teaching_hours };
        const overBefore = overBy(from.lecturer, a.hours, a.teaching) + overBy(to.lecturer, b.hours, b.teaching);
        const overAfter = overBy(from.lecturer, aAfter.hours, aAfter.teaching) + overBy(to.lecturer, bAfter.hours, bAfter.teaching);
        if (overAfter > overBefore + 1e-9) continue;
        const delta =
          (overAfter - overBefore) * 1e6 +
          dev(from.lecturer, aAfter.hours) - dev(from.lecturer, a.hours) +
          dev(to.lecturer, bAfter.hours) - dev(to.lecturer, b.hours) +
          cost(j) - cost(chosen[k]);
        if (delta < -1e-12 && (!best || delta < best.delta)) best = { index: j, delta };
      }
      if (!best) continue;
      const to = problem.candidates[best.index];
      const b = load.get(to.lecturer)!;
      load.set(from.lecturer, { hours: a.hours - from.hours, teaching: a.teaching - from.teaching_hours });
      load.set(to.lecturer, { hours: b.hours + to.hours, teaching: b.teaching + to.teaching_hours });
      onSlot.delete(`${from.lecturer}:${from.slot}`);
      onSlot.add(`${to.lecturer}:${to.slot}`);
      chosen[k] = best.index;
      improved = true;
    }
    if (!improved) break;
  }
  return chosen;
}
