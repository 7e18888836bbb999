/**
 * The year recompute job: after a rule or settings change, every lecturer of
 * the year has their allocations' hours and their totals recomputed, a batch
 * of lecturers per transaction, each batch scheduling the next with its
 * cursor. Each step acts as the job's recorded actor, re-resolved: when that
 * person's access has ended the job stops and says so. Its writes are the
 * derived consequences of a change they were allowed to make, so they reach
 * every department (the unscoped writer, audited as them). Progress lives in
 * the `data_migrations` row for the UI to show.
 */
import { v } from "convex/values";
import { RECOMPUTE_BATCH_LECTURERS } from "../lib/workload";
import { actAs, internalMutation, jobActor, orgQuery, unscopedDb } from "../lib/functions";
import { internal } from "../_generated/api";
import { WorkloadLoader } from "./loader";
import { RECOMPUTE_JOB_KIND, recomputeLecturer } from "./recompute";
import { vJobStatus } from "./validators";

export const recomputeYearBatch = internalMutation({
  systemActor: "Recompute job",
  args: { migrationId: v.id("data_migrations"), cursor: v.union(v.string(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { migrationId, cursor }) => {
    const job = await ctx.db.get(migrationId);
    if (!job || job.status === "completed" || job.status === "failed" || !job.target_academic_year_id) return null;
    const yearId = job.target_academic_year_id;
    try {
      const as = await actAs(ctx, jobActor(job), null);
      const db = unscopedDb(as);
      const page = await db
        .query("lecturers")
        .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
        .paginate({ numItems: RECOMPUTE_BATCH_LECTURERS, cursor });
      const loader = new WorkloadLoader(db);
      for (const lecturer of page.page) {
        if (lecturer.deleted_at === undefined) await recomputeLecturer(db, loader, lecturer);
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
      const message = (e as { data?: { message?: string } }).data?.message ?? String(e);
      await ctx.db.patch(migrationId, { status: "failed", error: message, updated_at: now, completed_at: now });
    }
    return null;
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
