"use node";
/**
 * The solver of allocation suggestions, in Node because HiGHS (WebAssembly)
 * loads its binary with Node's fs. It loads the year in the starter's scope
 * (suggestions.ts:loadInput), builds and solves the pure model
 * (convex/lib/suggestions) with a fresh HiGHS runtime, and records the
 * proposal or the failure on the run. `highs` is a Node external package
 * (convex.json), so its .wasm ships beside it.
 */
import loadHighs from "highs";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { internalAction } from "../_generated/server";
import { isAppError } from "../lib/errors";
import { buildProblem, buildProposal, MAX_UNFILLED_LISTED, solveProblem } from "../lib/suggestions";

export const solve = internalAction({
  args: { runId: v.id("allocation_suggestion_runs") },
  returns: v.null(),
  handler: async (ctx, { runId }) => {
    const run = await ctx.runMutation(internal.workload.suggestions.claimRun, { runId });
    if (!run) return null;
    try {
      const input = await ctx.runQuery(internal.workload.suggestions.loadInput, { runId });
      const problem = buildProblem(input, {
        strategy: run.strategy,
        step_percent: run.step_percent,
        time_limit_seconds: run.time_limit_seconds,
      });
      // A fresh runtime per run: nothing of an earlier solve (state, Wasm memory) carries over.
      const highs = await loadHighs();
      const outcome = solveProblem(highs, problem);
      const proposal = buildProposal(problem, outcome);
      await ctx.runMutation(internal.workload.suggestions.recordResult, {
        runId,
        inputSize: {
          lecturers: input.lecturers.length,
          iterations: input.iterations.length,
          gaps: problem.slots.length + problem.unfilled.length,
          options: problem.candidates.length,
          columns: outcome.columns,
          rows: outcome.rows,
        },
        result: {
          status: outcome.status,
          objective: proposal.objective,
          bound: outcome.bound,
          gap: outcome.gap,
          solve_ms: outcome.solve_ms,
          phases: outcome.phases,
          target_utilisation: proposal.target_utilisation,
          band_thresholds: input.settings.band_thresholds,
          before: proposal.before,
          after: proposal.after,
          lecturers: proposal.lecturers.map((l) => ({ ...l, lecturer_id: l.lecturer_id as Id<"lecturers"> })),
          binding: proposal.binding,
          unfilled: problem.unfilled.slice(0, MAX_UNFILLED_LISTED).map((u) => u.reason),
          unfilled_count: problem.unfilled.length,
        },
        lines: proposal.lines.map((l) => ({
          ...l,
          module_iteration_id: l.module_iteration_id as Id<"module_iterations">,
          group_id: l.group_id as Id<"module_iteration_groups"> | null,
          lecturer_id: l.lecturer_id as Id<"lecturers">,
          parts: l.parts.map((p) => ({ ...p, allocation_type_id: p.allocation_type_id as Id<"allocation_types"> })),
        })),
      });
    } catch (e) {
      const message = isAppError(e) ? e.data.message : e instanceof Error ? e.message : String(e);
      await ctx.runMutation(internal.workload.suggestions.recordFailure, { runId, error: message });
    }
    return null;
  },
});
