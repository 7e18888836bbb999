/**
 * The workload's triggers, registered in lib/triggers.ts: allocations move
 * their lecturer's totals by delta; lecturer changes recount that lecturer;
 * anything an allocation's hours depend on (iteration, its groups and
 * assessments, the module) recomputes the iteration's allocations; renames
 * and moves reach the denormalised names and faculties on totals rows.
 * An iteration's coverage row (coverage.ts) follows every write to the
 * iteration, its groups, its allocations and its module.
 * Organisation-wide reference data (allocation types, assessment tariffs,
 * admin categories) can touch every allocation, so its changes start the
 * batched recompute job (and, for coverage, the coverage refresh) of each
 * year still being planned or taught.
 */
import type { Change } from "convex-helpers/server/triggers";
import type { GenericDatabaseWriter, Scheduler } from "convex/server";
import type { DataModel, Id, TableNames } from "../_generated/dataModel";
import { applyAdminAllocationChange, applyModuleAllocationChange, refreshLecturerTotals } from "./liveTotals";
import { recomputeIterationAllocations, scheduleYearRecompute } from "./recompute";
import { sameValue } from "./compare";
import { applyAllocationCoverage, applyGroupCoverage, applyIterationCoverage, scheduleCoverageRefresh } from "./coverage";

// Placement (the departments stored on delivery rows) lives in placement.ts; the layer registers it from here,
// the one module of the domain it imports (eslint.config.js), until issue #8's scope registry takes it over.
export { onAllocationPlacement, onGroupPlacement, onIterationPlacement, onLecturerPlacement, onModulePlacement } from "./placement";

type TriggerCtx = { db: GenericDatabaseWriter<DataModel>; scheduler: Scheduler };
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

/** Iteration fields the coverage row shows or depends on. */
const ITERATION_COVERAGE = ["module_id", "code", "deleted_at"] as const;

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

export const onModuleChange: Trigger<"modules"> = async (ctx, change) => {
  if (change.operation !== "update") return;
  const hours = changedAny(change.oldDoc, change.newDoc, ["credits", "level"]);
  const coverage = changedAny(change.oldDoc, change.newDoc, ["title", "department_id", "deleted_at"]);
  if (!hours && !coverage) return;
  const iterations = await ctx.db.query("module_iterations").withIndex("by_module_id", (q) => q.eq("module_id", change.id)).collect();
  for (const iteration of iterations) {
    if (hours) await recomputeIterationAllocations(ctx, iteration._id);
    if (coverage) await applyIterationCoverage(ctx.db, iteration._id);
  }
};

/** The organisation's years still being planned or taught (not archived, not deleted). */
async function openYears(ctx: TriggerCtx, organisationId: Id<"organisations">) {
  const years = await ctx.db.query("academic_years").withIndex("by_organisation_id", (q) => q.eq("organisation_id", organisationId)).collect();
  return years.filter((year) => year.deleted_at === undefined && year.status !== "archived");
}

/** Starts a recompute of every open year of the organisation. */
async function recomputeOpenYears(ctx: TriggerCtx, organisationId: Id<"organisations">, reason: string) {
  for (const year of await openYears(ctx, organisationId)) await scheduleYearRecompute(ctx, organisationId, year._id, reason);
}

export const onAllocationTypeChange: Trigger<"allocation_types"> = async (ctx, change) => {
  if (change.operation !== "update") return;
  const reason = `allocation type "${change.newDoc.name}" changed`;
  if (changedAny(change.oldDoc, change.newDoc, ["code", "basis"])) {
    for (const year of await openYears(ctx, change.newDoc.organisation_id)) {
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
