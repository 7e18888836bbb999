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
import { actorRefOf, type Actor } from "../lib/audit";
import { WorkloadLoader } from "./loader";
import { refreshLecturerTotals } from "./liveTotals";
import { sameValue } from "./compare";

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
    await db.patch(row._id, {
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
 * changed. A job not yet started covers this change too, so none is added.
 * The job acts as whoever made the change (`ctx.actor`): its steps stop if
 * their access ends.
 */
export async function scheduleYearRecompute(
  ctx: { db: Writer; scheduler: Scheduler; actor?: Actor },
  organisationId: Id<"organisations">,
  academicYearId: Id<"academic_years">,
  reason: string,
): Promise<Id<"data_migrations">> {
  const pending = (
    await ctx.db
      .query("data_migrations")
      .withIndex("by_target_academic_year_id", (q) => q.eq("target_academic_year_id", academicYearId))
      .collect()
  ).find((m) => m.kind === RECOMPUTE_JOB_KIND && m.status === "pending");
  if (pending) return pending._id;
  const total = (
    await ctx.db.query("lecturers").withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", academicYearId)).collect()
  ).length;
  const now = Date.now();
  const migrationId = await ctx.db.insert("data_migrations", {
    organisation_id: organisationId,
    name: `recompute: ${reason}`,
    kind: RECOMPUTE_JOB_KIND,
    status: "pending",
    target_academic_year_id: academicYearId,
    total,
    processed: 0,
    started_by: ctx.actor?.user_id,
    actor: actorRefOf(ctx.actor, organisationId),
    started_at: now,
    created_at: now,
    updated_at: now,
  });
  await ctx.scheduler.runAfter(0, internal.workload.jobs.recomputeYearBatch, { migrationId, cursor: null });
  return migrationId;
}
