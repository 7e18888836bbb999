/**
 * Bringing stored allocation hours up to date when what they depend on
 * changes. An iteration's (or its groups', assessments', module's) change
 * recomputes its allocations at once, from a trigger; a rule or settings
 * change recomputes a whole year in a scheduled, batched job (jobs.ts) whose
 * progress is a `data_migrations` row.
 *
 * Imported by the triggers, so it must not import the function builders
 * (lib/functions.ts imports the triggers): the job is referenced by name.
 */
import type { GenericDatabaseWriter, Scheduler } from "convex/server";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { WorkloadLoader } from "./loader";
import { refreshLecturerTotals } from "./liveTotals";
import { sameValue } from "./compare";
import type { Actor } from "../lib/audit";
import { startJob, type JobActor } from "../lib/jobs";

type Writer = GenericDatabaseWriter<DataModel>;

export const RECOMPUTE_JOB_KIND = "workload_recompute";

/** Recomputes one allocation's stored hours; writes only when they changed (the trigger then moves the totals). */
export async function recomputeAllocation(db: Writer, loader: WorkloadLoader, row: Doc<"module_allocations">): Promise<boolean> {
  const result = await loader.compute(row);
  const changed =
    result.computed_hours !== row.computed_hours ||
    result.work_category !== row.work_category ||
    !sameValue(result.semester_hours, row.semester_hours);
  if (changed) {
    // Named table: convex-helpers' triggers otherwise probe every registered table to find it.
    await db.patch("module_allocations", row._id, {
      computed_hours: result.computed_hours,
      work_category: result.work_category,
      semester_hours: result.semester_hours,
    });
  }
  return changed;
}

/**
 * Recomputes every live allocation of an iteration, e.g. after its student
 * numbers, groups or semester changed. Registered as a trigger on iterations,
 * groups and assessments (lib/triggers.ts), so every write path stays consistent.
 */
export async function recomputeIterationAllocations(ctx: { db: Writer }, iterationId: Id<"module_iterations">) {
  const iteration = await ctx.db.get(iterationId);
  if (!iteration) return;
  const loader = new WorkloadLoader(ctx.db);
  const rows = await ctx.db
    .query("module_allocations")
    .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iterationId))
    .collect();
  for (const row of rows) if (row.deleted_at === undefined) await recomputeAllocation(ctx.db, loader, row);
}

/**
 * One lecturer brought fully up to date: their allocations' hours, then their
 * totals row from scratch (contract hours and bands follow settings too).
 * Only for top-level code (jobs): each allocation patch settles its trigger
 * before the recount, which would not hold inside a trigger.
 */
export async function recomputeLecturer(db: Writer, loader: WorkloadLoader, lecturer: Doc<"lecturers">) {
  const rows = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  let changed = 0;
  for (const row of rows) {
    if (row.deleted_at === undefined && (await recomputeAllocation(db, loader, row))) changed += 1;
  }
  await refreshLecturerTotals(db, lecturer._id, loader);
  return changed;
}

/**
 * Starts (or joins) the recompute of a year after its rules or settings
 * changed: a job on the one job mechanism (lib/jobs.ts) whose batches are
 * `workload/jobs:recomputeBatch`. A job that has not started yet covers this
 * change too, so none is added; one already running may have passed some
 * lecturers, so another follows it. Nothing of the year is read here.
 */
export async function scheduleYearRecompute(
  ctx: { db: Writer; scheduler: Scheduler; actor?: Actor },
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  reason: string,
  startedBy?: Id<"users">,
): Promise<Id<"jobs">> {
  const queued = await ctx.db
    .query("jobs")
    .withIndex("by_concurrency_key_and_status", (q) => q.eq("concurrency_key", recomputeKey(academicYearId)).eq("status", "queued"))
    .first();
  if (queued) return queued._id;
  return await startJob(ctx, {
    organisationId,
    academicYearId,
    kind: RECOMPUTE_JOB_KIND,
    label: `Recompute: ${reason}`,
    batch: internal.workload.jobs.recomputeBatch,
    phases: [
      { name: "count", label: "Counting lecturers" },
      { name: "recompute", label: "Recomputing lecturers" },
    ],
    // The job acts as whoever made the change (a person, an API key, or the system): the layer's actor.
    actor: jobActorOf(startedBy, ctx.actor),
    permission: "allocations.view",
    concurrencyKey: recomputeKey(academicYearId),
    exclusive: false,
  });
}

function jobActorOf(startedBy: Id<"users"> | undefined, actor: Actor | undefined): JobActor {
  const userId = startedBy ?? actor?.user_id;
  if (userId) return { kind: "user", userId };
  return { kind: "system", name: actor?.name ?? "Recompute" };
}

/** Recompute jobs of one year share a key (queued ones are joined, not repeated). */
export function recomputeKey(academicYearId: Id<"academic_years">): string {
  return `${RECOMPUTE_JOB_KIND}:${academicYearId}`;
}
