/**
 * The generic runner of the one job mechanism (convex/lib/jobs.ts). Each
 * `step` applies one batch of the job's current phase by calling the job's
 * batch mutation in a sub-transaction, records the progress and schedules the
 * next step with the next token. The `watchdog` (a cron) restarts a running
 * job whose scheduled step was lost (a failed schedule, a backend restart),
 * so a job always either finishes, fails with a reason, or is cancelled.
 */
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { loadAccess } from "../lib/access";
import { isAppError } from "../lib/errors";
import { internalMutation } from "../lib/functions";
import {
  finishJob,
  isActive,
  JOB_MAX_RESTARTS,
  jobStallMs,
  maxUsage,
  mergeJobResult,
  parseJobResult,
  scheduleStep,
  serialiseJobResult,
  type JobBatchResult,
} from "../lib/jobs";
import { isPermission } from "../lib/permissions";
import type { JobUsage } from "../schema/validators";

/** Jobs the watchdog looks at per run. */
const WATCHDOG_BATCH = 50;

function messageOf(e: unknown): string {
  if (isAppError(e)) return e.data.message;
  if (e instanceof Error) return e.message.replace(/^Uncaught \w*Error: /, "");
  return String(e);
}

export const step = internalMutation({
  args: { jobId: v.id("jobs"), token: v.number() },
  returns: v.null(),
  handler: async (ctx, { jobId, token }) => {
    const job = await ctx.db.get(jobId);
    // A stale, repeated or superseded step: the batch it stood for is applied already.
    if (!job || job.step_token !== token || !isActive(job)) return null;
    const now = Date.now();
    const fail = async (error: string) => {
      await finishJob(ctx, job, "failed", { error });
      return null;
    };
    const refusal = await actorRefusal(ctx, job, now);
    if (refusal) return await fail(refusal);

    const phase = job.phases[job.phase_index];
    let outcome: JobBatchResult;
    try {
      outcome = (await ctx.runMutation(makeFunctionReference<"mutation">(job.batch_fn) as never, {
        jobId,
        phase: phase.name,
        cursor: job.cursor ?? null,
        params: job.params,
        dryRun: job.dry_run,
      } as never)) as JobBatchResult;
    } catch (e) {
      return await fail(`${phase.label}: ${messageOf(e)}`);
    }
    const usage = await stepUsage(ctx);

    const phases = job.phases.map((p, i) =>
      i === job.phase_index
        ? { ...p, done: p.done + outcome.done, total: outcome.total ?? p.total }
        : { ...p, total: outcome.phaseTotals?.[p.name] ?? p.total },
    );
    let result = job.result;
    if (outcome.result) {
      try {
        result = serialiseJobResult(mergeJobResult(parseJobResult(job), JSON.parse(outcome.result) as Record<string, unknown>));
      } catch (e) {
        return await fail(messageOf(e));
      }
    }
    const phaseFinished = outcome.cursor === null;
    if (phaseFinished) {
      // A finished phase is complete whatever was estimated for it.
      const p = phases[job.phase_index];
      phases[job.phase_index] = { ...p, total: p.done };
    }
    const phaseIndex = phaseFinished ? job.phase_index + 1 : job.phase_index;
    const finished = phaseIndex >= phases.length;
    const progress = {
      phases,
      phase_index: finished ? job.phase_index : phaseIndex,
      cursor: phaseFinished ? undefined : (outcome.cursor ?? undefined),
      result,
      step_token: token + 1,
      peak_usage: usage ? maxUsage(job.peak_usage, usage) : job.peak_usage,
    };
    if (finished) {
      await finishJob(ctx, job, "completed", progress);
      return null;
    }
    await ctx.db.patch(jobId, { ...progress, status: "running", updated_at: now });
    await scheduleStep(ctx, jobId, token + 1);
    return null;
  },
});

/**
 * What this step's transaction has used so far (the batch and the runner's
 * own reads), from `ctx.meta`; undefined where the runtime cannot say.
 */
async function stepUsage(ctx: Pick<MutationCtx, "meta">): Promise<JobUsage | undefined> {
  try {
    const m = await ctx.meta.getTransactionMetrics();
    return {
      documentsRead: m.documentsRead.used,
      documentsWritten: m.documentsWritten.used,
      bytesRead: m.bytesRead.used,
      bytesWritten: m.bytesWritten.used,
      databaseQueries: m.databaseQueries.used,
    };
  } catch {
    return undefined;
  }
}

/**
 * Why the job may no longer act as its starter, or null. A person's access is
 * re-resolved at every step (decisions.md, "Who acts"): suspended, removed or
 * without the job's permission, their job stops.
 */
async function actorRefusal(ctx: QueryCtx, job: Doc<"jobs">, now: number): Promise<string | null> {
  if (job.actor_kind !== "user") return null;
  const user = job.started_by ? await ctx.db.get(job.started_by) : null;
  if (!user || user.deleted_at !== undefined || user.status !== "active" || user.organisation_id !== job.organisation_id) {
    return "Stopped: the person who started this job is no longer an active member of the organisation.";
  }
  if (!isPermission(job.permission)) return null;
  const access = await loadAccess(ctx, user, now);
  if (!access.has(job.permission)) {
    return `Stopped: ${user.name} no longer has the permission this job needs (${job.permission}).`;
  }
  return null;
}

/** Restarts running jobs whose next step was lost; fails them after too many restarts. */
export const watchdog = internalMutation({
  args: {},
  returns: v.object({ restarted: v.number(), failed: v.number() }),
  handler: async (ctx) => {
    const now = Date.now();
    let restarted = 0;
    let failed = 0;
    for (const status of ["queued", "running"] as const) {
      const stalled = await ctx.db
        .query("jobs")
        .withIndex("by_status_and_updated_at", (q) => q.eq("status", status).lt("updated_at", now - jobStallMs()))
        .take(WATCHDOG_BATCH);
      for (const job of stalled) {
        const scheduled = job.scheduled_step_id ? await ctx.db.system.get(job.scheduled_step_id) : null;
        const kind = scheduled?.state.kind;
        if (kind === "pending" || kind === "inProgress") continue; // still on its way
        const lastError = scheduled?.state.kind === "failed" ? scheduled.state.error : undefined;
        if (job.restarts >= JOB_MAX_RESTARTS) {
          await finishJob(ctx, job, "failed", { error: `Stopped after ${job.restarts} restarts${lastError ? `: ${lastError}` : "."}` });
          failed += 1;
          continue;
        }
        await ctx.db.patch(job._id, { restarts: job.restarts + 1, updated_at: now });
        await scheduleStep(ctx, job._id, job.step_token);
        restarted += 1;
      }
    }
    return { restarted, failed };
  },
});
