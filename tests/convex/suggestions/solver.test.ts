// @vitest-environment node
/**
 * The suggestion solver on its own (pure module + HiGHS in Node): on cases
 * small enough to enumerate it finds the brute-force optimum of its own
 * objective; with no plan within capacity it reports what binds, by team;
 * on generated departments it keeps everyone within capacity and beats a
 * greedy first-fit on the objective and on the spread of utilisation; it
 * prices options with the engine (first delivery doubles preparation).
 * The department- and faculty-size figures (solve time, gap) are printed.
 */
import loadHighs from "highs";
import { describe, expect, test } from "vitest";
import {
  buildProblem,
  buildProposal,
  evaluateChoice,
  solveProblem,
  STRATEGY_WEIGHTS,
  type Strategy,
  type SuggestionInput,
} from "../../../convex/lib/suggestions";
import { computeAllocation } from "../../../convex/lib/workload";
import { bruteForce, greedyFirstFit } from "./baselines";
import { generateDepartment, RULES, TYPES } from "./generate";

const solve = async (input: SuggestionInput, strategy: Strategy, step: number, seconds = 20) => {
  const problem = buildProblem(input, { strategy, step_percent: step, time_limit_seconds: seconds });
  const outcome = solveProblem(await loadHighs(), problem);
  return { problem, outcome, proposal: buildProposal(problem, outcome) };
};

/** A tiny department: few lecturers, few iterations, so every plan can be listed. */
function tiny(seed: number, partial = 0.5) {
  return generateDepartment({ seed, lecturers: 4, iterations: 3, teams: ["Statistics", "Algebra"], partial, maxGroups: 1 });
}

describe("balance equals the brute-force optimum on enumerable cases", { timeout: 60_000 }, () => {
  for (const [seed, step] of [
    [1, 100],
    [2, 100],
    [3, 50],
    [4, 50],
    [5, 100],
    [6, 50],
  ] as const) {
    test(`seed ${seed}, shares in steps of ${step}%`, async () => {
      const { problem, outcome } = await solve(tiny(seed), "balance", step);
      const brute = bruteForce(problem, STRATEGY_WEIGHTS.balance, true);
      expect(brute.plans).toBeGreaterThan(1);
      expect(brute.best, "the case has a plan within capacity").not.toBeNull();
      expect(outcome.status).toBe("optimal");
      const mine = evaluateChoice(problem, STRATEGY_WEIGHTS.balance, outcome.chosen);
      expect(mine.complete).toBe(true);
      expect(mine.capacity_overflow + mine.teaching_overflow).toBe(0);
      // The programme's objective is the objective evaluated on its plan, and no listed plan does better.
      expect(outcome.objective!).toBeCloseTo(mine.objective, 9);
      expect(mine.objective).toBeLessThanOrEqual(brute.best!.objective * (1 + 1e-6) + 1e-9);
      expect(mine.objective).toBeGreaterThanOrEqual(brute.best!.objective - 1e-9);
    });
  }

  test.each(["expertise", "continuity"] as const)("%s first is optimal for its own weights too", async (strategy) => {
    const { problem, outcome } = await solve(tiny(11), strategy, 50);
    const brute = bruteForce(problem, STRATEGY_WEIGHTS[strategy], true);
    const mine = evaluateChoice(problem, STRATEGY_WEIGHTS[strategy], outcome.chosen);
    expect(mine.objective).toBeCloseTo(brute.best!.objective, 6);
  });
});

describe("strategies", { timeout: 60_000 }, () => {
  test("expertise first gives gaps to specialists; continuity keeps last year's lecturer", async () => {
    const input = generateDepartment({ seed: 21, lecturers: 8, iterations: 8, partial: 0 });
    const expertise = await solve(input, "expertise", 100);
    const continuity = await solve(input, "continuity", 100);
    const balance = await solve(input, "balance", 100);
    const e = (r: typeof expertise) => evaluateChoice(r.problem, STRATEGY_WEIGHTS.balance, r.outcome.chosen);
    expect(e(expertise).expertise).toBeLessThanOrEqual(e(balance).expertise + 1e-9);
    expect(e(continuity).continuity).toBeLessThanOrEqual(e(balance).continuity + 1e-9);
    // Continuity: each line goes to whoever held that work last year, when they have room for it.
    const kept = continuity.proposal.lines.filter((l) => {
      const it = input.iterations.find((i) => i.id === l.module_iteration_id)!;
      return it.last_year.some((h) => h.profile_id === input.lecturers.find((x) => x.id === l.lecturer_id)!.profile_id);
    });
    expect(kept.length / continuity.proposal.lines.length).toBeGreaterThan(0.6);
  });
});

describe("hours come from the engine for each lecturer", { timeout: 60_000 }, () => {
  test("a lecturer delivering the module for the first time is priced with double preparation", async () => {
    const input = tiny(31, 0);
    const { problem } = await solve(input, "balance", 100, 2);
    const slot = problem.slots.find((s) => s.components.some((c) => c.code === "preparation"))!;
    const options = problem.candidates.filter((c) => c.slot === slot.index);
    const veteran = options.find((o) => !o.first_time)!;
    const newcomer = options.find((o) => o.first_time)!;
    const prep = (o: typeof veteran) => o.parts.find((p) => p.type.code === "preparation")!.hours;
    expect(prep(newcomer)).toBeCloseTo(2 * prep(veteran), 6);
    const type = TYPES.find((t) => t.code === "preparation")!;
    const engine = computeAllocation({ allocation_type: type, share: 100, first_time: true }, slot.iteration.facts, RULES, input.settings);
    expect(prep(newcomer)).toBe(engine.hours);
  });
});

describe("when no plan fits capacity", { timeout: 60_000 }, () => {
  test("the fallback overloads as little as possible and names the team that binds", async () => {
    // Few lecturers, many heavy modules: more teaching than anyone may do.
    const input = generateDepartment({ seed: 41, lecturers: 3, iterations: 4, teams: ["Statistics"], partial: 0, maxGroups: 2 });
    for (const l of input.lecturers) {
      // Part-time contracts this year: far less room than the modules need.
      l.contract_hours = Math.round(l.contract_hours * 0.2);
      l.max_teaching_hours = Math.round(l.max_teaching_hours * 0.2);
    }
    const { problem, outcome, proposal } = await solve(input, "balance", 100);
    expect(outcome.status).toBe("fallback_optimal");
    const brute = bruteForce(problem, STRATEGY_WEIGHTS.balance, false);
    const overflow = outcome.overflow.reduce((s, o) => s + o.capacity_hours + o.teaching_hours, 0);
    expect(overflow).toBeCloseTo(brute.best!.overflow, 4);
    expect(proposal.binding.length).toBeGreaterThan(0);
    expect(proposal.binding[0].message).toMatch(/^Statistics team: [\d,]+ h (of teaching beyond maximum teaching|beyond contract capacity)\.$/);
    expect(proposal.binding.reduce((s, b) => s + b.hours, 0)).toBeCloseTo(overflow, 4);
  });

  test("a gap nobody in scope may take is reported, not forced", async () => {
    const input = tiny(51, 0);
    input.iterations[0].subject_area = "astrology";
    const { problem } = await solve(input, "balance", 100, 2);
    expect(problem.unfilled.map((u) => u.reason).join(" ")).toMatch(new RegExp(`${input.iterations[0].code}: 100% of .*no lecturer in scope can take it \\(4 not specialised in its subject\\)`));
  });
});

describe("generated departments", { timeout: 60_000 }, () => {
  for (const seed of [101, 102, 103]) {
    test(`seed ${seed}: nobody over capacity, and better than greedy first-fit`, async () => {
      const input = generateDepartment({ seed, lecturers: 12, iterations: 30 });
      const { problem, outcome, proposal } = await solve(input, "balance", 100, 8);
      expect(["optimal", "time_limit"]).toContain(outcome.status);
      for (const l of proposal.lecturers) {
        expect(l.after.capacity_hours, `${l.name} within capacity`).toBeGreaterThanOrEqual(Math.min(0, l.before.capacity_hours));
        expect(l.after.teaching_hours).toBeLessThanOrEqual(Math.max(l.after.max_teaching_hours, l.before.teaching_hours) + 1e-9);
      }
      const greedy = greedyFirstFit(problem);
      const greedyProposal = buildProposal(problem, { chosen: greedy, overflow: [] });
      const w = STRATEGY_WEIGHTS.balance;
      expect(evaluateChoice(problem, w, outcome.chosen).objective).toBeLessThan(evaluateChoice(problem, w, greedy).objective);
      expect(proposal.after.std_dev_utilisation).toBeLessThan(greedyProposal.after.std_dev_utilisation);
    });
  }
});

describe("size figures", { timeout: 60_000 }, () => {
  test.each([
    ["department", 20, 50],
    ["faculty", 60, 150],
  ] as const)("%s size (%i lecturers, %i iterations): solve time and gap", async (label, lecturers, iterations) => {
    const input = generateDepartment({ seed: 7, lecturers, iterations });
    for (const step of [100, 50]) {
      const started = performance.now();
      const { problem, outcome, proposal } = await solve(input, "balance", step, 10);
      const total = Math.round(performance.now() - started);
      const greedy = buildProposal(problem, { chosen: greedyFirstFit(problem), overflow: [] });
      console.log(
        `[suggestions] ${label} step ${step}%: ${problem.slots.length} gaps, ${problem.candidates.length} options, ` +
          `${outcome.columns} columns x ${outcome.rows} rows; ${outcome.status} in ${outcome.solve_ms} ms (all ${total} ms), ` +
          `gap ${outcome.gap === null ? "n/a" : (100 * outcome.gap).toFixed(1) + "%"}; mean |u - t| ${proposal.before.mean_abs_deviation.toFixed(3)} -> ${proposal.after.mean_abs_deviation.toFixed(3)} ` +
          `(greedy ${greedy.after.mean_abs_deviation.toFixed(3)}); std dev ${proposal.after.std_dev_utilisation.toFixed(3)} (greedy ${greedy.after.std_dev_utilisation.toFixed(3)}); ` +
          `max u ${proposal.after.max_utilisation.toFixed(3)} (greedy ${greedy.after.max_utilisation.toFixed(3)}); over capacity ${proposal.after.over_capacity} (greedy ${greedy.after.over_capacity})`,
      );
      expect(["optimal", "time_limit"]).toContain(outcome.status);
      expect(proposal.after.over_capacity).toBe(0);
      expect(outcome.solve_ms).toBeLessThan(20_000);
    }
  }, 120_000);
});
