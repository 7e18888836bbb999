/**
 * The generic runner of the one job mechanism (convex/lib/jobs.ts). Each
 * `step` applies one batch of the job's current phase by calling the job's
 * batch mutation in a sub-transaction, records the progress and schedules the
 * next step with the next token. An action phase is launched instead (once
 * per token and attempt) and reports back through `actionProgress` and
 * `actionFinished`. The `watchdog` (a cron) restarts a running job whose
 * scheduled step or action was lost (a failed schedule, a backend restart, an
 * action that died), so a job always either finishes, fails with a reason, or
 * is cancelled. Every step records what its transaction used (the batch and
 * the runner's own reads); the job keeps the busiest step's figures.
 */
import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { isAppError } from "../lib/errors";
import { internalMutation } from "../lib/functions";
import {
  actorRefusal,
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
import type { JobUsage } from "../schema/validators";

/** Jobs the watchdog looks at per run. */
const WATCHDOG_BATCH = 50;

function messageOf(e: unknown): string {
  if (isAppError(e)) return e.data.message;
  if (e instanceof Error) return e.message.replace(/^Uncaught \w*Error: /, "");
  return String(e);
}

async function failJob(ctx: Pick<MutationCtx, "db" | "scheduler">, job: Doc<"jobs">, error: string) {
  await finishJob(ctx, job, "failed", { error });
}

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
 * Records a finished batch (or action phase) and schedules what comes next;
 * `usage` is the batch step's use of the transaction limits (none for actions).
 */
async function applyOutcome(
  ctx: Pick<MutationCtx, "db" | "scheduler">,
  job: Doc<"jobs">,
  token: number,
  outcome: JobBatchResult,
  now: number,
  usage?: JobUsage,
) {
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
      return await failJob(ctx, job, messageOf(e));
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
    action_launch: undefined,
    peak_usage: usage ? maxUsage(job.peak_usage, usage) : job.peak_usage,
  };
  if (finished) {
    await finishJob(ctx, job, "completed", progress);
    return;
  }
  await ctx.db.patch(job._id, { ...progress, status: "running", updated_at: now });
  await scheduleStep(ctx, job._id, token + 1);
}

export const step = internalMutation({
  systemActor: "Job runner",
  args: { jobId: v.id("jobs"), token: v.number() },
  returns: v.null(),
  handler: async (ctx, { jobId, token }) => {
    const job = await ctx.db.get(jobId);
    // A stale, repeated or superseded step: the batch it stood for is applied already.
    if (!job || job.step_token !== token || !isActive(job)) return null;
    const now = Date.now();
    const refusal = await actorRefusal(ctx.db, job, now);
    if (refusal) {
      await failJob(ctx, job, refusal);
      return null;
    }

    const phase = job.phases[job.phase_index];
    if (phase.action_fn) {
      const launch = `${token}:${job.restarts}`;
      if (job.action_launch === launch) return null; // this attempt's action is on its way
      const actionId = await ctx.scheduler.runAfter(0, makeFunctionReference<"action">(phase.action_fn) as never, {
        jobId,
        token,
        attempt: job.restarts,
        phase: phase.name,
        params: job.params,
        dryRun: job.dry_run,
      } as never);
      await ctx.db.patch(jobId, { status: "running", action_launch: launch, scheduled_step_id: actionId, updated_at: now });
      return null;
    }

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
      await failJob(ctx, job, `${phase.label}: ${messageOf(e)}`);
      return null;
    }
    await applyOutcome(ctx, job, token, outcome, now, await stepUsage(ctx));
    return null;
  },
});

/** The job an action reports about, if that action is still the current attempt of an active job. */
async function currentActionJob(ctx: Pick<MutationCtx, "db">, jobId: Id<"jobs">, token: number, attempt: number) {
  const job = await ctx.db.get(jobId);
  if (!job || !isActive(job) || job.step_token !== token || job.action_launch !== `${token}:${attempt}`) return null;
  return job;
}

/**
 * An action phase's progress: `done` items so far (of `total`, when known).
 * Answers whether the action should go on: false once the job was cancelled,
 * failed, superseded by a newer attempt, or its starter lost their access.
 */
export const actionProgress = internalMutation({
  args: { jobId: v.id("jobs"), token: v.number(), attempt: v.number(), done: v.number(), total: v.optional(v.number()) },
  returns: v.boolean(),
  handler: async (ctx, { jobId, token, attempt, done, total }) => {
    const job = await currentActionJob(ctx, jobId, token, attempt);
    if (!job) return false;
    const now = Date.now();
    const refusal = await actorRefusal(ctx.db, job, now);
    if (refusal) {
      await failJob(ctx, job, refusal);
      return false;
    }
    const phases = job.phases.map((p, i) => (i === job.phase_index ? { ...p, done, total: total ?? p.total } : p));
    await ctx.db.patch(jobId, { phases, updated_at: now });
    return true;
  },
});

/** Ends an action phase: with an error the job fails; otherwise the phase is done and the job moves on. */
export const actionFinished = internalMutation({
  args: {
    jobId: v.id("jobs"),
    token: v.number(),
    attempt: v.number(),
    done: v.number(),
    result: v.optional(v.string()),
    error: v.optional(v.string()),
  },
  returns: v.boolean(),
  handler: async (ctx, { jobId, token, attempt, done, result, error }) => {
    const job = await currentActionJob(ctx, jobId, token, attempt);
    if (!job) return false;
    const now = Date.now();
    const phase = job.phases[job.phase_index];
    if (error !== undefined) {
      await failJob(ctx, job, `${phase.label}: ${error}`);
      return false;
    }
    // The action reported its running count; the phase ends at what it finally says.
    const reset = { ...job, phases: job.phases.map((p, i) => (i === job.phase_index ? { ...p, done: 0 } : p)) };
    await applyOutcome(ctx, reset, token, { done, cursor: null, result }, now);
    return true;
  },
});

/** Restarts running jobs whose next step or action was lost; fails them after too many restarts. */
export const watchdog = internalMutation({
  systemActor: "Job watchdog",
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
          await failJob(ctx, job, `Stopped after ${job.restarts} restarts${lastError ? `: ${lastError}` : "."}`);
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
