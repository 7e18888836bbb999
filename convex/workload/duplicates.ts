/**
 * Finding and merging duplicate allocations: cells that hold more than one
 * live allocation (written before one-per-cell was enforced, or by a seed or
 * import). A paged job on the one job mechanism (lib/jobs.ts) walks the
 * year's iterations a batch at a time, never the whole year in one query.
 * Each duplicated cell is merged into its most recently changed allocation:
 * shares summed (capped at 100%), the most recent override and its reason
 * kept, the hours recomputed by the engine, the others soft-deleted (the
 * audit trigger writes a row for each), and the lecturer told. A dry run
 * (`dryRun: true`) writes nothing and lists what it would merge in the job's
 * result. Iterations the starter may not change are counted, not merged.
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { jobMutation, orgMutation } from "../lib/functions";
import { startJob, vJobBatchResult, vJobBatchStepArgs } from "../lib/jobs";
import { AllocationScope } from "./allocationScope";
import { WorkloadLoader } from "./loader";
import { noticeMergeToLecturer } from "./notices";

export const DUPLICATES_JOB_KIND = "allocation_duplicates";
/** Iterations per step: each reads its allocations (tens), so a step stays far inside the batch budget. */
const ITERATIONS_PER_BATCH = 50;

/** Starts a check (dry run) or a merge of the year's duplicate allocations; returns the job to watch. */
export const start = orgMutation({
  permission: "allocations.edit",
  args: { academicYearId: v.id("academic_years"), dryRun: v.boolean() },
  returns: v.id("jobs"),
  handler: async (ctx, { academicYearId, dryRun }): Promise<Id<"jobs">> => {
    const year = await getOrThrow(ctx.db, academicYearId, "academic year");
    return await startJob(ctx, {
      organisationId: ctx.organisationId,
      academicYearId,
      kind: DUPLICATES_JOB_KIND,
      label: `${dryRun ? "Check" : "Merge"} duplicate allocations in ${year.name}`,
      batch: internal.workload.duplicates.batch,
      phases: [{ name: "scan", label: "Checking iterations" }],
      dryRun,
      actor: { kind: "user", userId: ctx.viewer._id },
      permission: "allocations.edit",
      concurrencyKey: `${DUPLICATES_JOB_KIND}:${academicYearId}`,
      initialResult: { duplicate_cells: 0, allocations_merged: 0, out_of_scope_cells: 0, cells: [] },
    });
  },
});

export const batch = jobMutation({
  args: vJobBatchStepArgs,
  returns: vJobBatchResult,
  handler: async (ctx, { cursor, dryRun }) => {
    const yearId = ctx.job.academic_year_id;
    if (!yearId) return { done: 0, cursor: null };
    const page = await ctx.db
      .query("module_iterations")
      .withIndex("by_academic_year_id", (q) => q.eq("academic_year_id", yearId))
      .paginate({ numItems: ITERATIONS_PER_BATCH, cursor });
    const scope = new AllocationScope(ctx);
    const loader = new WorkloadLoader(ctx.db);
    let duplicateCells = 0;
    let merged = 0;
    let outOfScope = 0;
    const cells: string[] = [];
    for (const iteration of page.page) {
      const rows = await ctx.db
        .query("module_allocations")
        .withIndex("by_module_iteration_id", (q) => q.eq("module_iteration_id", iteration._id))
        .collect();
      const byCell = new Map<string, Doc<"module_allocations">[]>();
      for (const r of rows) {
        const key = `${r.allocation_type_id}:${r.group_id ?? "all"}:${r.lecturer_id}`;
        byCell.set(key, [...(byCell.get(key) ?? []), r]);
      }
      const duplicated = [...byCell.values()].filter((list) => list.length > 1);
      if (duplicated.length === 0) continue;
      const edit = await scope.editModule(await scope.moduleOf(iteration._id));
      for (const list of duplicated) {
        duplicateCells++;
        const label = await describeCell(ctx, iteration, list[0]);
        if (!edit.canEdit) {
          outOfScope++;
          continue;
        }
        const plan = mergePlan(list);
        cells.push(`${label}: ${list.length} allocations (${list.map((r) => `${r.share}%`).join(" + ")}) → ${plan.share}%`);
        if (dryRun) continue;
        const draft = { ...plan.keep, share: plan.share, hours_override: plan.hours_override, override_reason: plan.override_reason };
        const result = await loader.compute(draft);
        await ctx.db.patch(plan.keep._id, {
          share: plan.share,
          hours_override: plan.hours_override,
          override_reason: plan.override_reason,
          computed_hours: result.computed_hours,
          work_category: result.work_category,
          semester_hours: result.semester_hours,
          ...(plan.share !== plan.keep.share || plan.hours_override !== plan.keep.hours_override
            ? { response_status: "pending" as const, response_comment: undefined, responded_at: undefined }
            : {}),
          version: plan.keep.version + 1,
          updated_by: ctx.viewer?._id,
          updated_at: ctx.now,
        });
        for (const other of plan.others) {
          await ctx.db.patch(other._id, { deleted_at: ctx.now, updated_at: ctx.now, updated_by: ctx.viewer?._id, version: other.version + 1 });
        }
        merged += plan.others.length;
        await noticeMergeToLecturer(ctx, (await ctx.db.get(plan.keep._id))!, plan.others.length);
      }
    }
    return {
      done: page.page.length,
      cursor: page.isDone ? null : page.continueCursor,
      result: JSON.stringify({ duplicate_cells: duplicateCells, allocations_merged: merged, out_of_scope_cells: outOfScope, cells }),
    };
  },
});

/**
 * How one cell's allocations merge: into the most recently changed one, with
 * the shares summed (capped at 100%) and the most recent override and its
 * reason, if any has one.
 */
export function mergePlan(list: Doc<"module_allocations">[]) {
  const byRecent = [...list].sort((a, b) => b.updated_at - a.updated_at || b._creationTime - a._creationTime);
  const keep = byRecent[0];
  const withOverride = byRecent.find((r) => r.hours_override !== undefined);
  const share = Math.min(100, Math.round(list.reduce((s, r) => s + r.share, 0) * 1000) / 1000);
  return {
    keep,
    others: byRecent.slice(1),
    share,
    hours_override: withOverride?.hours_override,
    override_reason: withOverride?.override_reason,
  };
}

/** "CS101-A · Contact teaching (Group A) · Ada Lovelace" */
async function describeCell(ctx: { dbWithDeleted: GenericDatabaseReader<DataModel> }, iteration: Doc<"module_iterations">, row: Doc<"module_allocations">) {
  const [lecturer, type, group] = await Promise.all([
    ctx.dbWithDeleted.get(row.lecturer_id),
    ctx.dbWithDeleted.get(row.allocation_type_id),
    row.group_id ? ctx.dbWithDeleted.get(row.group_id) : null,
  ]);
  const profile = lecturer ? await ctx.dbWithDeleted.get(lecturer.profile_id) : null;
  return `${iteration.code} · ${type?.name ?? "?"}${group ? ` (${group.name})` : ""} · ${profile?.full_name ?? "?"}`;
}
