/**
 * The one job mechanism for long work (decisions.md, "Long work"): rollover,
 * recompute, report generation, imports, checks. A job is a `jobs` row
 * (kind, status queued -> running -> completed | failed | cancelled, done/total
 * per phase, result, error, actor, dry run) plus a chain of scheduled steps.
 *
 * A domain provides one internal mutation that does ONE batch of a phase and
 * says where it stopped; the generic runner (convex/jobs/runner.ts) calls it
 * in a sub-transaction, so a batch that throws rolls back on its own and the
 * job records the error instead of half a batch. Each step carries the job's
 * `step_token`; a stale or repeated step does nothing, so a batch is never
 * applied twice. Starting a job reads nothing of the data it will process.
 *
 *   // in the domain module
 *   export const batch = jobMutation({          // lib/functions.ts: acts as the job's starter
 *     args: vJobBatchStepArgs,
 *     returns: vJobBatchResult,
 *     handler: async (ctx, { phase, cursor, params, dryRun }) => {
 *       const page = await ctx.db.query("lecturers")...paginate({ cursor, numItems: 100 });
 *       ...
 *       return { done: page.page.length, cursor: page.isDone ? null : page.continueCursor };
 *     },
 *   });
 *   // where the work is requested
 *   await startJob(ctx, { kind: "rollover", label, batch: internal.structure.rollover.batch, ... });
 *
 * A phase may instead be driven by an action (`phases: [{ ..., action }]`),
 * for work a transaction cannot do (reading in pages and building files,
 * sending email): the runner schedules the action with the step's token and
 * an attempt number; the action reads through `jobQuery` internal queries,
 * reports progress with `internal.jobs.runner.actionProgress` (which answers
 * whether to go on: a cancelled job or a revoked starter stops it) and ends
 * the phase with `internal.jobs.runner.actionFinished`. Actions run at most
 * once and are never retried by Convex: the watchdog relaunches an action
 * that died (a new attempt), and the reports of an older attempt are ignored.
 *
 * A job may name a `settle` mutation, its one end-of-job hook, told
 * `{ jobId }` once the job is completed, failed or cancelled (the reports mark
 * their execution; the rollover tells the admins). Every end goes through
 * `finishJob`. Each step records what its transaction used (`peak_usage`,
 * the busiest step's figures), so batch sizing can be checked at any size.
 *
 * This file imports no function builders and no domain code (the triggers
 * start jobs too), only the schema's types and the runner's name.
 */
import {
  getFunctionName,
  makeFunctionReference,
  type FunctionReference,
  type GenericDatabaseReader,
  type GenericDatabaseWriter,
  type Scheduler,
} from "convex/server";
import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { JobPhase, JobState, JobUsage } from "../schema/validators";
import { loadAccess } from "./access";
import { appError } from "./errors";
import { isPermission, type Permission } from "./permissions";

/**
 * A quarter of each Convex per-transaction limit (32,000 documents and 16 MiB
 * read, 16,000 documents and 16 MiB written, 4,096 index ranges): what one
 * batch may use at the largest organisation, so a step never comes near a
 * limit even when rows are bigger than expected.
 */
export const JOB_BATCH_BUDGET = {
  documentsRead: 8_000,
  documentsWritten: 4_000,
  bytesRead: 4 * 1024 * 1024,
  bytesWritten: 4 * 1024 * 1024,
  databaseQueries: 1_024,
} as const;

/** Entries kept per list in a job's result; the rest are counted, not kept. */
export const JOB_RESULT_LIST_CAP = 500;
/** The result document stays well under Convex's 1 MiB document limit. */
const JOB_RESULT_MAX_CHARS = 512 * 1024;
/** A running job silent for this long is checked by the watchdog. */
export const JOB_STALL_MS = 2 * 60 * 1000;

/**
 * The stall threshold in force: `WW_JOB_STALL_MS` in the deployment's
 * environment overrides it (the local backend's restart test sets a few
 * seconds so it need not wait two minutes).
 */
export function jobStallMs(): number {
  const override = Number(process.env.WW_JOB_STALL_MS);
  return Number.isFinite(override) && override > 0 ? override : JOB_STALL_MS;
}
/** The watchdog restarts a lost step this many times before failing the job. */
export const JOB_MAX_RESTARTS = 5;

/** What every batch mutation receives. */
export const vJobBatchArgs = {
  jobId: v.id("jobs"),
  phase: v.string(),
  cursor: v.union(v.string(), v.null()),
  /** The job's params, JSON (each kind parses and validates its own). */
  params: v.string(),
  dryRun: v.boolean(),
};
/** The batch arguments a `jobMutation` handler declares (the builder takes `jobId` itself). */
export const vJobBatchStepArgs = {
  phase: vJobBatchArgs.phase,
  cursor: vJobBatchArgs.cursor,
  params: vJobBatchArgs.params,
  dryRun: vJobBatchArgs.dryRun,
};

/**
 * What a batch answers: how many items it processed, where the phase
 * continues (null: the phase is finished), the phase's total once known, and
 * a result delta merged into the job's result (numbers add up, lists append
 * up to a cap, objects merge).
 */
export const vJobBatchResult = v.object({
  done: v.number(),
  cursor: v.union(v.string(), v.null()),
  total: v.optional(v.number()),
  /** Totals of later phases, once a counting phase knows them. */
  phaseTotals: v.optional(v.record(v.string(), v.number())),
  result: v.optional(v.string()),
});
export type JobBatchResult = Infer<typeof vJobBatchResult>;

/** What an action phase's action receives. */
export const vJobActionArgs = {
  jobId: v.id("jobs"),
  token: v.number(),
  attempt: v.number(),
  phase: v.string(),
  params: v.string(),
  dryRun: v.boolean(),
};
export type JobActionArgs = Infer<ReturnType<typeof v.object<typeof vJobActionArgs>>>;

export type JobActor =
  | { kind: "user"; userId: Id<"users"> }
  | { kind: "system"; name: string }
  | { kind: "api_key"; externalSystemId: Id<"external_systems">; apiKeyId?: Id<"api_keys">; name: string };

export type StartJobSpec = {
  organisationId: Id<"organisations">;
  academicYearId?: Id<"academic_years">;
  kind: string;
  label: string;
  /** The internal mutation doing one batch (args `vJobBatchArgs`, returns `vJobBatchResult`); unused by action phases. */
  batch: FunctionReference<"mutation", "internal">;
  /** A phase with `action` is driven by that internal action (args `vJobActionArgs`). */
  phases: { name: string; label: string; total?: number; action?: FunctionReference<"action", "internal"> }[];
  /**
   * The job's one end-of-job hook: an internal mutation (args `{ jobId }`)
   * scheduled once the job is completed, failed or cancelled, whichever way
   * it ended (e.g. to mark a report execution failed, to tell the admins).
   */
  settle?: FunctionReference<"mutation", "internal">;
  params?: unknown;
  dryRun?: boolean;
  actor: JobActor;
  /** Held by the starter at every step; lets other holders see the job. */
  permission: Permission;
  /** Jobs of one subject share a key (e.g. "rollover:<source year>"). */
  concurrencyKey?: string;
  /** With a key: refuse a second queued/running job (default), or allow it (the caller decides). */
  exclusive?: boolean;
  /** A result to start from (e.g. what the starter already knows). */
  initialResult?: Record<string, unknown>;
};

type JobCtx = { db: GenericDatabaseWriter<DataModel>; scheduler: Scheduler };

/** Creates the job row and schedules its first step; returns the job's id. */
export async function startJob(ctx: JobCtx, spec: StartJobSpec): Promise<Id<"jobs">> {
  if (spec.phases.length === 0) throw new Error("startJob: a job needs at least one phase");
  if (spec.concurrencyKey && spec.exclusive !== false) {
    const active = await activeJobWithKey(ctx.db, spec.concurrencyKey);
    if (active) {
      throw appError("CONFLICT", `"${active.label}" is already ${active.status === "queued" ? "waiting to run" : "running"}.`, {
        jobId: active._id,
      });
    }
  }
  const now = Date.now();
  const jobId = await ctx.db.insert("jobs", {
    organisation_id: spec.organisationId,
    academic_year_id: spec.academicYearId,
    kind: spec.kind,
    label: spec.label,
    status: "queued",
    dry_run: spec.dryRun ?? false,
    batch_fn: getFunctionName(spec.batch),
    params: JSON.stringify(spec.params ?? {}),
    phases: spec.phases.map(
      (p): JobPhase => ({ name: p.name, label: p.label, done: 0, total: p.total, action_fn: p.action ? getFunctionName(p.action) : undefined }),
    ),
    settle_fn: spec.settle ? getFunctionName(spec.settle) : undefined,
    phase_index: 0,
    step_token: 0,
    restarts: 0,
    result: spec.initialResult ? JSON.stringify(spec.initialResult) : undefined,
    ...actorFields(spec.actor),
    permission: spec.permission,
    concurrency_key: spec.concurrencyKey,
    started_at: now,
    created_at: now,
    updated_at: now,
  });
  await scheduleStep(ctx, jobId, 0);
  return jobId;
}

/** The queued or running job holding `key`, if any. */
export async function activeJobWithKey(db: GenericDatabaseReader<DataModel>, key: string): Promise<Doc<"jobs"> | null> {
  for (const status of ["queued", "running"] as const) {
    const job = await db
      .query("jobs")
      .withIndex("by_concurrency_key_and_status", (q) => q.eq("concurrency_key", key).eq("status", status))
      .first();
    if (job) return job;
  }
  return null;
}

/** Schedules the step that will apply `token`, and remembers it on the job (the watchdog checks it). */
export async function scheduleStep(ctx: JobCtx, jobId: Id<"jobs">, token: number, delayMs = 0): Promise<void> {
  const scheduledId = await ctx.scheduler.runAfter(delayMs, internal.jobs.runner.step, { jobId, token });
  await ctx.db.patch(jobId, { scheduled_step_id: scheduledId });
}

/**
 * Ends a job as completed, failed or cancelled (with any other fields to
 * set) and schedules its `settle` mutation after this transaction. Every way
 * a job ends (last batch, action phase, error, revoked starter, watchdog,
 * cancel) goes through here, so the hook is told exactly once.
 */
export async function finishJob(
  ctx: JobCtx,
  job: Pick<Doc<"jobs">, "_id" | "settle_fn">,
  status: Exclude<JobState, "queued" | "running">,
  fields: Partial<Doc<"jobs">> = {},
): Promise<void> {
  const now = Date.now();
  await ctx.db.patch(job._id, { ...fields, status, finished_at: now, updated_at: now });
  if (job.settle_fn) {
    await ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">(job.settle_fn) as never, { jobId: job._id } as never);
  }
}

/** The larger of two usages, limit by limit (a job keeps its busiest step's figures). */
export function maxUsage(a: JobUsage | undefined, b: JobUsage): JobUsage {
  if (!a) return b;
  return {
    documentsRead: Math.max(a.documentsRead, b.documentsRead),
    documentsWritten: Math.max(a.documentsWritten, b.documentsWritten),
    bytesRead: Math.max(a.bytesRead, b.bytesRead),
    bytesWritten: Math.max(a.bytesWritten, b.bytesWritten),
    databaseQueries: Math.max(a.databaseQueries, b.databaseQueries),
  };
}

/**
 * Why the job may no longer act as its starter, or null. A person's access is
 * re-resolved at every step (decisions.md, "Who acts"): suspended, removed or
 * without the job's permission, their job stops.
 */
export async function actorRefusal(db: GenericDatabaseReader<DataModel>, job: Doc<"jobs">, now: number): Promise<string | null> {
  if (job.actor_kind !== "user") return null;
  const user = job.started_by ? await db.get(job.started_by) : null;
  if (!user || user.deleted_at !== undefined || user.status !== "active" || user.organisation_id !== job.organisation_id) {
    return "Stopped: the person who started this job is no longer an active member of the organisation.";
  }
  if (!isPermission(job.permission)) return null;
  const access = await loadAccess({ db }, user, now);
  if (!access.has(job.permission)) {
    return `Stopped: ${user.name} no longer has the permission this job needs (${job.permission}).`;
  }
  return null;
}

function actorFields(actor: JobActor): Pick<Doc<"jobs">, "actor_kind" | "started_by" | "actor_name" | "external_system_id" | "api_key_id"> {
  switch (actor.kind) {
    case "user":
      return { actor_kind: "user", started_by: actor.userId };
    case "system":
      return { actor_kind: "system", actor_name: actor.name };
    case "api_key":
      return { actor_kind: "api_key", actor_name: actor.name, external_system_id: actor.externalSystemId, api_key_id: actor.apiKeyId };
  }
}

/** The job's actor as recorded on its row. */
export function jobActor(job: Doc<"jobs">): JobActor {
  if (job.actor_kind === "user" && job.started_by) return { kind: "user", userId: job.started_by };
  if (job.actor_kind === "api_key" && job.external_system_id) {
    return { kind: "api_key", externalSystemId: job.external_system_id, apiKeyId: job.api_key_id, name: job.actor_name ?? "external system" };
  }
  return { kind: "system", name: job.actor_name ?? "system" };
}

// --- results -------------------------------------------------------------------

/**
 * Merges a batch's result delta into the job's result: numbers add up, lists
 * append (capped, with the overflow counted in `<key>_omitted`), objects merge
 * recursively, anything else is replaced.
 */
export function mergeJobResult(current: Record<string, unknown>, delta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(delta)) {
    const prev = out[key];
    if (typeof value === "number" && typeof prev === "number") {
      out[key] = prev + value;
    } else if (Array.isArray(value)) {
      const list = Array.isArray(prev) ? [...prev] : [];
      const room = Math.max(0, JOB_RESULT_LIST_CAP - list.length);
      list.push(...value.slice(0, room));
      out[key] = list;
      const omitted = value.length - Math.min(room, value.length);
      if (omitted > 0) out[`${key}_omitted`] = ((out[`${key}_omitted`] as number | undefined) ?? 0) + omitted;
    } else if (value !== null && typeof value === "object" && prev !== null && typeof prev === "object" && !Array.isArray(prev)) {
      out[key] = mergeJobResult(prev as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Serialises a result, refusing to grow past what one document can hold. */
export function serialiseJobResult(result: Record<string, unknown>): string {
  const text = JSON.stringify(result);
  if (text.length > JOB_RESULT_MAX_CHARS) {
    throw new Error(`The job's result grew past ${JOB_RESULT_MAX_CHARS} characters; keep lists capped or counts only.`);
  }
  return text;
}

export function parseJobResult(job: Pick<Doc<"jobs">, "result">): Record<string, unknown> {
  return job.result ? (JSON.parse(job.result) as Record<string, unknown>) : {};
}

/** A job's progress for people: done/total over every phase whose total is known. */
export function jobPercent(job: Pick<Doc<"jobs">, "status" | "phases">): number {
  if (job.status === "completed") return 100;
  let done = 0;
  let total = 0;
  for (const p of job.phases) {
    if (p.total === undefined) continue;
    done += Math.min(p.done, p.total);
    total += p.total;
  }
  if (total === 0) return 0;
  return Math.min(99, Math.floor((100 * done) / total));
}

export function isActive(job: Pick<Doc<"jobs">, "status">): boolean {
  return job.status === "queued" || job.status === "running";
}
