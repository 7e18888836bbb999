/**
 * Jobs as people see them: progress to subscribe to, and the controls every
 * kind of job shares (cancel, resume). A job is visible to the person who
 * started it and to members who hold the permission it runs under.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { appError } from "../lib/errors";
import { orgMutation, orgQuery, type OrgQueryCtx } from "../lib/functions";
import { finishJob, isActive, jobPercent, scheduleStep } from "../lib/jobs";
import { isPermission } from "../lib/permissions";
import { vJobPhase, vJobState, vJobUsage } from "../schema/validators";

export const vJobView = v.object({
  id: v.id("jobs"),
  kind: v.string(),
  label: v.string(),
  status: vJobState,
  dry_run: v.boolean(),
  phases: v.array(vJobPhase),
  current_phase: v.optional(v.string()),
  percent: v.number(),
  /** The batches' summary (JSON), e.g. a dry run's counts and samples. */
  result: v.optional(v.string()),
  error: v.optional(v.string()),
  academic_year_id: v.optional(v.id("academic_years")),
  started_by_name: v.string(),
  started_at: v.number(),
  finished_at: v.optional(v.number()),
  updated_at: v.number(),
  /** The busiest step's use of each per-transaction limit. */
  peak_usage: v.optional(vJobUsage),
  can_control: v.boolean(),
});

function mayControl(ctx: OrgQueryCtx, job: Doc<"jobs">): boolean {
  if (job.started_by !== undefined && job.started_by === ctx.viewer._id) return true;
  return isPermission(job.permission) && ctx.access.has(job.permission);
}

/** A job as people see it (progress, result, who started it, whether they may control it). */
export async function jobView(ctx: OrgQueryCtx, job: Doc<"jobs">) {
  const starterName = job.started_by ? await ctx.directory.userName(job.started_by) : null;
  return {
    id: job._id,
    kind: job.kind,
    label: job.label,
    status: job.status,
    dry_run: job.dry_run,
    phases: job.phases,
    current_phase: isActive(job) ? job.phases[job.phase_index]?.label : undefined,
    percent: jobPercent(job),
    result: job.result,
    error: job.error,
    academic_year_id: job.academic_year_id,
    started_by_name: starterName ?? job.actor_name ?? "System",
    started_at: job.started_at,
    finished_at: job.finished_at,
    updated_at: job.updated_at,
    peak_usage: job.peak_usage,
    can_control: mayControl(ctx, job),
  };
}

async function visibleJob(ctx: OrgQueryCtx, jobId: Id<"jobs">) {
  const job = await getOrThrow(ctx.db, jobId, "job");
  if (!mayControl(ctx, job)) throw appError("FORBIDDEN", "You do not have permission to see this job.");
  return job;
}

/** One job's live progress. */
export const get = orgQuery({
  permission: null,
  args: { jobId: v.id("jobs") },
  returns: vJobView,
  handler: async (ctx, { jobId }) => await jobView(ctx, await visibleJob(ctx, jobId)),
});

/** The latest jobs of a kind (newest first) that the caller may see. */
export const list = orgQuery({
  permission: null,
  args: { kind: v.string(), academicYearId: v.optional(v.id("academic_years")), limit: v.optional(v.number()) },
  returns: v.array(vJobView),
  handler: async (ctx, args) => {
    const limit = Math.max(1, Math.min(50, Math.floor(args.limit ?? 10)));
    const rows = await ctx.db
      .query("jobs")
      .withIndex("by_organisation_id_and_kind", (q) => q.eq("organisation_id", ctx.organisationId).eq("kind", args.kind))
      .order("desc")
      .take(limit * 4);
    const out = [];
    for (const job of rows) {
      if (args.academicYearId && job.academic_year_id !== args.academicYearId) continue;
      if (!mayControl(ctx, job)) continue;
      out.push(await jobView(ctx, job));
      if (out.length >= limit) break;
    }
    return out;
  },
});

/** Stops a queued or running job after the batch in progress; it can be resumed. */
export const cancel = orgMutation({
  permission: null,
  args: { jobId: v.id("jobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await visibleJob(ctx, jobId);
    if (!isActive(job)) throw appError("INVALID_ARGUMENT", `"${job.label}" is ${job.status}; only a queued or running job can be cancelled.`);
    await finishJob(ctx, job, "cancelled");
    return null;
  },
});

/** Continues a cancelled or failed job from the batch where it stopped. */
export const resume = orgMutation({
  permission: null,
  args: { jobId: v.id("jobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await visibleJob(ctx, jobId);
    if (job.status !== "cancelled" && job.status !== "failed") {
      throw appError("INVALID_ARGUMENT", `"${job.label}" is ${job.status}; only a cancelled or failed job can be resumed.`);
    }
    // A new attempt: an action phase's old action, if it still runs, is no longer listened to.
    await ctx.db.patch(jobId, {
      status: "running",
      error: undefined,
      finished_at: undefined,
      restarts: 0,
      action_launch: undefined,
      updated_at: ctx.now,
    });
    await scheduleStep(ctx, jobId, job.step_token);
    return null;
  },
});
