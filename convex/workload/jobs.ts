/**
 * The year recompute job: after a rule or settings change, every lecturer of
 * the year has their allocations' hours and their totals recomputed. It runs
 * on the one job mechanism (lib/jobs.ts): a counting phase, then a batch of
 * lecturers per step. Started by `scheduleYearRecompute` (recompute.ts).
 * The coverage rebuild (coverage.ts) runs on it too, a page of iterations per step.
 */
import { v } from "convex/values";
import { RECOMPUTE_BATCH_LECTURERS } from "../lib/workload";
import { appError } from "../lib/errors";
import { internalMutation, jobMutation, orgQuery } from "../lib/functions";
import { vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import { WorkloadLoader } from "./loader";
import { RECOMPUTE_JOB_KIND, recomputeLecturer } from "./recompute";
import { COVERAGE_BATCH_ITERATIONS, rebuildIterationCoverage, scheduleCoverageRefresh } from "./coverage";
import { vJobStatus } from "./validators";

/** Lecturers counted per step of the counting phase (reads only). */
const COUNT_BATCH = 2_000;

export const recomputeBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { phase, cursor }) => {
    const yearId = ctx.job.academic_year_id;
    if (!yearId) return { done: 0, cursor: null };
    const lecturers = () => ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId));
    if (phase === "count") {
      const page = await lecturers().paginate({ numItems: COUNT_BATCH, cursor });
      const counted = ctx.job.phases[0].done + page.page.length;
      return page.isDone
        ? { done: page.page.length, cursor: null, phaseTotals: { recompute: counted } }
        : { done: page.page.length, cursor: page.continueCursor };
    }
    const page = await lecturers().paginate({ numItems: RECOMPUTE_BATCH_LECTURERS, cursor });
    const loader = new WorkloadLoader(ctx.db);
    for (const lecturer of page.page) await recomputeLecturer(ctx.db, loader, lecturer);
    return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor };
  },
});

/** The coverage rebuild (coverage.ts): a page of the year's iterations per step. */
export const coverageBatch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { cursor }) => {
    const yearId = ctx.job.academic_year_id;
    if (!yearId) return { done: 0, cursor: null };
    // Through the reader that sees soft-deleted rows, as the triggers do: the rebuild decides what is live.
    const page = await ctx.dbWithDeleted
      .query("module_iterations")
      .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
      .paginate({ numItems: COVERAGE_BATCH_ITERATIONS, cursor });
    for (const iteration of page.page) await rebuildIterationCoverage(ctx.dbWithDeleted, iteration._id);
    return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor };
  },
});

/**
 * Rebuilds a year's coverage rows (`npx convex run workload/jobs:startCoverageRefresh
 * '{"academicYearId": "..."}'`): for data written before coverage rows
 * existed, or to check them against a rebuild.
 */
export const startCoverageRefresh = internalMutation({
  args: { academicYearId: v.id("academic_years") },
  returns: v.id("jobs"),
  handler: async (ctx, { academicYearId }) => {
    const year = await ctx.db.get(academicYearId);
    if (!year) throw appError("NOT_FOUND", "This academic year does not exist.");
    return await scheduleCoverageRefresh(ctx, year.organisation_id, academicYearId, "rebuild requested");
  },
});

/** The latest recompute jobs of a year, newest first, for a progress bar. */
export const recomputeStatus = orgQuery({
  permission: "allocations.view",
  args: { academicYearId: v.id("academic_years") },
  returns: v.array(vJobStatus),
  handler: async (ctx, { academicYearId }) => {
    const jobs = await ctx.db
      .query("jobs")
      .withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", ctx.organisationId).eq("kind", RECOMPUTE_JOB_KIND))
      .order("desc")
      .take(20);
    return jobs
      .filter((j) => j.academic_year_id === academicYearId)
      .slice(0, 5)
      .map((j) => {
        const phase = j.phases[1] ?? j.phases[0];
        return {
          id: j._id,
          name: j.label,
          status: j.status,
          total: phase.total ?? 0,
          processed: phase.done,
          error: j.error,
          started_at: j.started_at,
          completed_at: j.finished_at,
        };
      });
  },
});
