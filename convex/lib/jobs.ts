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
 * This file imports no function builders and no domain code (the triggers
 * start jobs too), only the schema's types and the runner's name.
 */
import {
  getFunctionName,
  makeFunctionReference,
  type FunctionReference,
  type GenericDatabaseReader,
  type GenericDatabaseWriter,
  type PaginationResult,
  type Scheduler,
  type TransactionMetrics,
} from "convex/server";
import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { JobPhase, JobState, JobUsage } from "../schema/validators";
import { appError } from "./errors";
import type { Permission } from "./permissions";

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

/**
 * The largest share of `JOB_BATCH_BUDGET` this transaction has used on any
 * limit so far (0 where the runtime cannot say, so callers fall back on
 * their item caps).
 */
export async function budgetShareUsed(ctx: { meta: { getTransactionMetrics(): Promise<TransactionMetrics> } }): Promise<number> {
  try {
    const m = await ctx.meta.getTransactionMetrics();
    return Math.max(
      m.documentsRead.used / JOB_BATCH_BUDGET.documentsRead,
      m.documentsWritten.used / JOB_BATCH_BUDGET.documentsWritten,
      m.bytesRead.used / JOB_BATCH_BUDGET.bytesRead,
      m.bytesWritten.used / JOB_BATCH_BUDGET.bytesWritten,
      m.databaseQueries.used / JOB_BATCH_BUDGET.databaseQueries,
    );
  } catch {
    return 0;
  }
}

/**
 * A batch made of small pages: handles one page after another until the
 * range ends, `maxItems` are done, or the transaction has used `share` of
 * the batch budget (so one more page, kept small, stays inside it). Pages
 * end on item boundaries, so the returned cursor is where the next batch
 * starts; `page` must be able to run many times in one transaction (use
 * convex-helpers' `stream(...).paginate`, not the built-in `.paginate`).
 */
export async function runPages<T>(
  ctx: { meta: { getTransactionMetrics(): Promise<TransactionMetrics> } },
  opts: {
    cursor: string | null;
    pageSize: number;
    maxItems: number;
    share?: number;
    page: (cursor: string | null, numItems: number) => Promise<PaginationResult<T>>;
    each: (items: T[]) => Promise<void>;
  },
): Promise<{ done: number; cursor: string | null }> {
  let cursor = opts.cursor;
  let done = 0;
  for (;;) {
    const page = await opts.page(cursor, Math.min(opts.pageSize, opts.maxItems - done));
    await opts.each(page.page);
    done += page.page.length;
    if (page.isDone) return { done, cursor: null };
    cursor = page.continueCursor;
    if (done >= opts.maxItems || (await budgetShareUsed(ctx)) >= (opts.share ?? 0.5)) return { done, cursor };
  }
}

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

export type JobActor =
  | { kind: "user"; userId: Id<"users"> }
  | { kind: "system"; name: string }
  | { kind: "api_key"; externalSystemId: Id<"external_systems">; name: string };

export type StartJobSpec = {
  organisationId: Id<"organisations">;
  academicYearId?: Id<"academic_years">;
  kind: string;
  label: string;
  /** The internal mutation doing one batch (args `vJobBatchArgs`, returns `vJobBatchResult`). */
  batch: FunctionReference<"mutation", "internal">;
  phases: { name: string; label: string; total?: number }[];
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
  /**
   * An internal mutation (args `{ jobId }`) scheduled once the job has
   * finished: completed, failed or cancelled (e.g. to tell people).
   */
  onFinish?: FunctionReference<"mutation", "internal">;
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
    phases: spec.phases.map((p): JobPhase => ({ name: p.name, label: p.label, done: 0, total: p.total })),
    phase_index: 0,
    step_token: 0,
    restarts: 0,
    result: spec.initialResult ? JSON.stringify(spec.initialResult) : undefined,
    ...actorFields(spec.actor),
    permission: spec.permission,
    concurrency_key: spec.concurrencyKey,
    on_finish_fn: spec.onFinish ? getFunctionName(spec.onFinish) : undefined,
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
 * set) and schedules its `onFinish`. Every way a job ends goes through here.
 */
export async function finishJob(
  ctx: JobCtx,
  job: Doc<"jobs">,
  status: Exclude<JobState, "queued" | "running">,
  fields: Partial<Doc<"jobs">> = {},
): Promise<void> {
  const now = Date.now();
  await ctx.db.patch(job._id, { ...fields, status, finished_at: now, updated_at: now });
  if (job.on_finish_fn) {
    await ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">(job.on_finish_fn) as never, { jobId: job._id } as never);
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

function actorFields(actor: JobActor): Pick<Doc<"jobs">, "actor_kind" | "started_by" | "actor_name" | "external_system_id"> {
  switch (actor.kind) {
    case "user":
      return { actor_kind: "user", started_by: actor.userId };
    case "system":
      return { actor_kind: "system", actor_name: actor.name };
    case "api_key":
      return { actor_kind: "api_key", actor_name: actor.name, external_system_id: actor.externalSystemId };
  }
}

/** The job's actor as recorded on its row. */
export function jobActor(job: Doc<"jobs">): JobActor {
  if (job.actor_kind === "user" && job.started_by) return { kind: "user", userId: job.started_by };
  if (job.actor_kind === "api_key" && job.external_system_id) {
    return { kind: "api_key", externalSystemId: job.external_system_id, name: job.actor_name ?? "external system" };
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
