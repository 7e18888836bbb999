/**
 * The year recompute job: after a rule or settings change, every lecturer of
 * the year has their allocations' hours and their totals recomputed, a batch
 * of lecturers per transaction, each batch scheduling the next with its
 * cursor. Progress lives in the `data_migrations` row for the UI to show.
 * The coverage refresh job works the same way over a year's iterations.
 */
import { v } from "convex/values";
import { RECOMPUTE_BATCH_LECTURERS } from "../lib/workload";
import { internalMutation, orgQuery } from "../lib/functions";
import { internal } from "../_generated/api";
import { WorkloadLoader } from "./loader";
import { RECOMPUTE_JOB_KIND, recomputeLecturer } from "./recompute";
import { COVERAGE_BATCH_ITERATIONS, rebuildIterationCoverage, scheduleCoverageRefresh } from "./coverage";
import { appError } from "../lib/errors";
import { vJobStatus } from "./validators";

export const recomputeYearBatch = internalMutation({
  args: { migrationId: v.id("data_migrations"), cursor: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { migrationId, cursor }) => {
    const job = await ctx.db.get(migrationId);
    if (!job || job.status === "completed" || job.status === "failed" || !job.target_academic_year_id) return null;
    const yearId = job.target_academic_year_id;
    try {
      const page = await ctx.db
        .query("lecturers")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: RECOMPUTE_BATCH_LECTURERS, cursor });
      const loader = new WorkloadLoader(ctx.db);
      for (const lecturer of page.page) {
        if (lecturer.deleted_at === undefined) await recomputeLecturer(ctx.db, loader, lecturer);
      }
      const now = Date.now();
      const processed = Math.min(job.total, job.processed + page.page.length);
      if (page.isDone) {
        await ctx.db.patch(migrationId, { status: "completed", processed: job.total, completed_at: now, updated_at: now });
      } else {
        await ctx.db.patch(migrationId, { status: "processing", processed, updated_at: now });
        await ctx.scheduler.runAfter(0, internal.workload.jobs.recomputeYearBatch, { migrationId, cursor: page.continueCursor });
      }
    } catch (e) {
      // Stop and say why rather than retry forever; every lecturer done so far is consistent (each write moved its totals).
      const now = Date.now();
      await ctx.db.patch(migrationId, { status: "failed", error: String(e), updated_at: now, completed_at: now });
    }
    return null;
  },
});

/** The coverage refresh job (coverage.ts): every iteration of the year, a page per transaction. */
export const refreshCoverageBatch = internalMutation({
  args: { migrationId: v.id("data_migrations"), cursor: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { migrationId, cursor }) => {
    const job = await ctx.db.get(migrationId);
    if (!job || job.status === "completed" || job.status === "failed" || !job.target_academic_year_id) return null;
    const yearId = job.target_academic_year_id;
    try {
      const page = await ctx.db
        .query("module_iterations")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: COVERAGE_BATCH_ITERATIONS, cursor });
      for (const iteration of page.page) await rebuildIterationCoverage(ctx.db, iteration._id);
      const now = Date.now();
      const processed = job.processed + page.page.length;
      if (page.isDone) {
        await ctx.db.patch(migrationId, { status: "completed", total: processed, processed, completed_at: now, updated_at: now });
      } else {
        await ctx.db.patch(migrationId, { status: "processing", total: processed, processed, updated_at: now });
        await ctx.scheduler.runAfter(0, internal.workload.jobs.refreshCoverageBatch, { migrationId, cursor: page.continueCursor });
      }
    } catch (e) {
      const now = Date.now();
      await ctx.db.patch(migrationId, { status: "failed", error: String(e), updated_at: now, completed_at: now });
    }
    return null;
  },
});

/**
 * Rebuilds a year's coverage rows (`npx convex run workload/jobs:startCoverageRefresh
 * '{"academicYearId": "..."}'`): for data written before coverage rows
 * existed, or to check them against a rebuild.
 */
export const startCoverageRefresh = internalMutation({
  args: { academicYearId: v.id("academic_years") },
  returns: v.id("data_migrations"),
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
      .query("data_migrations")
      .withIndex("by_target_academic_year_id", (q) => q.eq("target_academic_year_id", academicYearId))
      .order("desc")
      .take(20);
    return jobs
      .filter((j) => j.kind === RECOMPUTE_JOB_KIND)
      .slice(0, 5)
      .map((j) => ({
        id: j._id,
        name: j.name,
        status: j.status,
        total: j.total,
        processed: j.processed,
        error: j.error,
        started_at: j.started_at,
        completed_at: j.completed_at,
      }));
  },
});
