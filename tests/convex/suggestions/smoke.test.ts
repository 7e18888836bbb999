// @vitest-environment node
import { test } from "vitest";
import loadHighs from "highs";
import { buildProblem, buildProposal, solveProblem, evaluateChoice, STRATEGY_WEIGHTS } from "../../../convex/lib/suggestions";
import { generateDepartment } from "./generate";
import { greedyFirstFit } from "./baselines";

test("smoke", async () => {
  for (const [name, l, it, step] of [["dept", 20, 50, 50], ["dept100", 20, 50, 100], ["faculty", 60, 150, 50], ["faculty100", 60, 150, 100]] as const) {
    const input = generateDepartment({ seed: 7, lecturers: l, iterations: it });
    const t0 = performance.now();
    const problem = buildProblem(input, { strategy: "balance", step_percent: step, time_limit_seconds: 10 });
    const t1 = performance.now();
    const outcome = solveProblem(await loadHighs(), problem);
    const proposal = buildProposal(problem, outcome);
    const g = greedyFirstFit(problem);
    const ge = evaluateChoice(problem, STRATEGY_WEIGHTS.balance, g);
    const gp = buildProposal(problem, { chosen: g, overflow: [] });
    console.log(name, "slots", problem.slots.length, "cands", problem.candidates.length, "build ms", Math.round(t1 - t0),
      outcome.status, outcome.solve_ms, "gap", outcome.gap, "obj", outcome.objective, "cols", outcome.columns, "rows", outcome.rows,
      "greedy", ge.objective, "std", proposal.after.std_dev_utilisation, gp.after.std_dev_utilisation, "over", proposal.after.over_capacity, proposal.after.over_max_teaching, gp.after.over_capacity, "target", problem.target_utilisation, JSON.stringify(outcome.phases.map(p=>[p.phase,p.status,p.solve_ms])));
  }
}, 200_000);
