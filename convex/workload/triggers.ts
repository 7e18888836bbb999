/**
 * The workload's triggers, registered here, on the layer's registry, when
 * the application's composition root (convex/triggers.ts) loads this module:
 * allocations move their lecturer's totals by delta; lecturer changes recount that lecturer;
 * anything an allocation's hours depend on (iteration, its groups and
 * assessments, the module) recomputes the iteration's allocations; renames
 * and moves reach the denormalised names and faculties on totals rows, and
 * the team names and departments on the overview's cells.
 * An iteration's coverage row (coverage.ts) follows every write to the
 * iteration, its groups, its allocations and its module.
 * Organisation-wide reference data (allocation types, assessment tariffs,
 * admin categories) can touch every allocation, so its changes start the
 * batched recompute job of each year still being planned or taught (not
 * archived or locked: a published year keeps its figures) and the coverage
 * refresh of each year not archived.
 */
import type { Change } from "convex-helpers/server/triggers";
import type { GenericDatabaseWriter, Scheduler } from "convex/server";
import type { DataModel, Id, TableNames } from "../_generated/dataModel";
import type { Actor } from "../lib/audit";
import { triggers } from "../lib/triggers";
import { applyAdminAllocationChange, applyModuleAllocationChange, refreshLecturerTotals } from "./liveTotals";
import { recomputeIterationAllocations, scheduleYearRecompute } from "./recompute";
import { sameValue } from "./compare";
import { applyAllocationCoverage, applyGroupCoverage, applyIterationCoverage, scheduleCoverageRefresh } from "./coverage";
import { followTeam } from "./overviewCells";

type TriggerCtx = { db: GenericDatabaseWriter<DataModel>; scheduler: Scheduler; actor?: Actor };
type Trigger<T extends TableNames> = (ctx: TriggerCtx, change: Change<DataModel, T>) => Promise<void>;

/** Iteration fields that feed the engine; edits to others (notes, code) leave hours alone. */
const ITERATION_INPUTS = [
  "module_id",
  "semester",
  "semester_split",
  "student_count",
  "max_group_size",
  "teaching_weeks",
  "contact_hours_override",
  "intakes",
] as const;

function changedAny(oldDoc: Record<string, unknown> | null, newDoc: Record<string, unknown> | null, fields: readonly string[]) {
  return fields.some((f) => !sameValue(oldDoc?.[f], newDoc?.[f]));
}

export const onModuleAllocationChange: Trigger<"module_allocations"> = async (ctx, change) => {
  await applyModuleAllocationChange(ctx.db, change.oldDoc, change.newDoc);
  await applyAllocationCoverage(ctx.db, change.oldDoc, change.newDoc);
};

export const onAdminAllocationChange: Trigger<"admin_allocations"> = async (ctx, change) => {
  await applyAdminAllocationChange(ctx.db, change.oldDoc, change.newDoc);
};

export const onLecturerChange: Trigger<"lecturers"> = async (ctx, change) => {
  await refreshLecturerTotals(ctx.db, change.id);
};

export const onLecturerProfileChange: Trigger<"lecturer_profiles"> = async (ctx, change) => {
  if (change.operation !== "update" || change.oldDoc.full_name === change.newDoc.full_name) return;
  const rows = await ctx.db.query("lecturer_year_totals").withIndex("by_profile_id", (q) => q.eq("profile_id", change.id)).collect();
  for (const row of rows) await ctx.db.patch(row._id, { full_name: change.newDoc.full_name });
};

export const onDepartmentChange: Trigger<"departments"> = async (ctx, change) => {
  if (change.operation !== "update" || change.oldDoc.faculty_id === change.newDoc.faculty_id) return;
  const rows = await ctx.db.query("lecturer_year_totals").withIndex("by_department_id", (q) => q.eq("department_id", change.id)).collect();
  for (const row of rows) await ctx.db.patch(row._id, { faculty_id: change.newDoc.faculty_id });
};

/** A team's name, department or deletion reaches the overview's cells of the team, which show them. */
export const onTeamChange: Trigger<"teams"> = async (ctx, change) => {
  if (change.operation === "insert" || (change.operation === "update" && !changedAny(change.oldDoc, change.newDoc, ["name", "department_id", "deleted_at"]))) return;
  await followTeam(ctx.db, change.id);
};

/** Iteration fields the coverage row shows or depends on (its department: the place the layer stores on it). */
const ITERATION_COVERAGE = ["module_id", "code", "department_id", "deleted_at"] as const;

export const onIterationChange: Trigger<"module_iterations"> = async (ctx, change) => {
  if (change.operation !== "update" || changedAny(change.oldDoc, change.newDoc, ITERATION_COVERAGE)) {
    await applyIterationCoverage(ctx.db, change.id, change.operation === "insert");
  }
  if (change.operation !== "update" || !changedAny(change.oldDoc, change.newDoc, ITERATION_INPUTS)) return;
  await recomputeIterationAllocations(ctx, change.id);
};

export const onIterationGroupChange: Trigger<"module_iteration_groups"> = async (ctx, change) => {
  const doc = change.newDoc ?? change.oldDoc;
  if (change.operation !== "update" || changedAny(change.oldDoc, change.newDoc, ["name", "deleted_at", "module_iteration_id"])) {
    await applyGroupCoverage(ctx.db, change.oldDoc, change.newDoc);
  }
  if (change.operation === "update" && !changedAny(change.oldDoc, change.newDoc, ["student_count", "deleted_at"])) return;
  await recomputeIterationAllocations(ctx, doc.module_iteration_id);
};

export const onIterationAssessmentChange: Trigger<"module_iteration_assessments"> = async (ctx, change) => {
  const doc = change.newDoc ?? change.oldDoc;
  if (change.operation === "update" && !changedAny(change.oldDoc, change.newDoc, ["assessment_type_id", "deleted_at"])) return;
  await recomputeIterationAllocations(ctx, doc.module_iteration_id);
};

/** Archived and locked (published) years keep their figures when shared definitions change. */
async function isOpenYear(ctx: TriggerCtx, yearId: Id<"academic_years">) {
  const year = await ctx.db.get(yearId);
  return !!year && year.deleted_at === undefined && year.status !== "archived" && year.status !== "locked";
}

export const onModuleChange: Trigger<"modules"> = async (ctx, change) => {
  if (change.operation !== "update") return;
  const hours = changedAny(change.oldDoc, change.newDoc, ["credits", "level"]);
  // A move to another department reaches the coverage rows through the iterations' stored place
  // (the layer's place trigger patches them, and onIterationChange follows).
  const coverage = changedAny(change.oldDoc, change.newDoc, ["title", "deleted_at"]);
  if (!hours && !coverage) return;
  const iterations = await ctx.db.query("module_iterations").withIndex("by_module_id", (q) => q.eq("module_id", change.id)).collect();
  for (const iteration of iterations) {
    if (hours && (await isOpenYear(ctx, iteration.academic_year_id))) await recomputeIterationAllocations(ctx, iteration._id);
    if (coverage) await applyIterationCoverage(ctx.db, iteration._id);
  }
};

/** The organisation's years not archived (nor deleted): their coverage follows shared definitions. */
async function unarchivedYears(ctx: TriggerCtx, organisationId: Id<"organisations">) {
  const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
  return years.filter((year) => year.deleted_at === undefined && year.status !== "archived");
}

/** Starts a recompute of every year still being planned or taught (not archived or locked). */
async function recomputeOpenYears(ctx: TriggerCtx, organisationId: Id<"organisations">, reason: string) {
  for (const year of await unarchivedYears(ctx, organisationId)) {
    if (year.status !== "locked") await scheduleYearRecompute(ctx, organisationId, year._id, reason);
  }
}

export const onAllocationTypeChange: Trigger<"allocation_types"> = async (ctx, change) => {
  if (change.operation !== "update") return;
  const reason = `allocation type "${change.newDoc.name}" changed`;
  if (changedAny(change.oldDoc, change.newDoc, ["code", "basis"])) {
    // Coverage describes the allocations as they stand, a locked year's too.
    for (const year of await unarchivedYears(ctx, change.newDoc.organisation_id)) {
      await scheduleCoverageRefresh(ctx, change.newDoc.organisation_id, year._id, reason);
    }
  }
  if (!changedAny(change.oldDoc, change.newDoc, ["code", "work_category", "basis"])) return;
  await recomputeOpenYears(ctx, change.newDoc.organisation_id, reason);
};

export const onAssessmentTypeChange: Trigger<"assessment_types"> = async (ctx, change) => {
  if (change.operation !== "update" || !changedAny(change.oldDoc, change.newDoc, ["marking_hours_per_script"])) return;
  await recomputeOpenYears(ctx, change.newDoc.organisation_id, `marking tariff of "${change.newDoc.name}" changed`);
};

export const onLecturerStatusChange: Trigger<"lecturer_statuses"> = async (ctx, change) => {
  if (change.operation !== "update" || !changedAny(change.oldDoc, change.newDoc, ["counts_towards_capacity"])) return;
  await recomputeOpenYears(ctx, change.newDoc.organisation_id, `lecturer status "${change.newDoc.name}" changed`);
};

export const onAdminCategoryChange: Trigger<"admin_allocation_categories"> = async (ctx, change) => {
  if (change.operation !== "update" || !changedAny(change.oldDoc, change.newDoc, ["work_category"])) return;
  await recomputeOpenYears(ctx, change.newDoc.organisation_id, `admin category "${change.newDoc.name}" changed`);
};

// Registered after the layer's audit trigger, so a change is audited before its derived figures move.
// Allocations move their lecturer's totals (and team summary) by delta.
triggers.register("module_allocations", onModuleAllocationChange);
triggers.register("admin_allocations", onAdminAllocationChange);
// A lecturer's contract, team or deletion recounts their totals row (created on insert).
triggers.register("lecturers", onLecturerChange);
// Renames and faculty moves reach the names and faculties copied onto totals rows.
triggers.register("lecturer_profiles", onLecturerProfileChange);
triggers.register("departments", onDepartmentChange);
triggers.register("teams", onTeamChange);
// What allocation hours depend on recomputes the iteration's allocations; the iteration,
// its groups, allocations and module also refresh its coverage row (workload/coverage.ts).
triggers.register("module_iterations", onIterationChange);
triggers.register("module_iteration_groups", onIterationGroupChange);
triggers.register("module_iteration_assessments", onIterationAssessmentChange);
triggers.register("modules", onModuleChange);
// Organisation-wide reference data that allocations or totals read starts each open year's recompute job.
triggers.register("allocation_types", onAllocationTypeChange);
triggers.register("assessment_types", onAssessmentTypeChange);
triggers.register("admin_allocation_categories", onAdminCategoryChange);
triggers.register("lecturer_statuses", onLecturerStatusChange);
