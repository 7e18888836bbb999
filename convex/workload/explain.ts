/**
 * How any number was computed, for the UI to show beside it: an
 * allocation's rule, formula, variable values, override and result; a
 * lecturer's total as contract, every counted line and the sums, band and
 * thresholds.
 */
import type { GenericDatabaseReader } from "convex/server";
import { v } from "convex/values";
import type { DataModel, Doc } from "../_generated/dataModel";
import { getOrThrow } from "../lib/db";
import { orgQuery } from "../lib/functions";
import { adminAllocationHours, effectiveHours, WORK_CATEGORIES } from "../lib/workload";
import { requireLecturerView } from "./allocations";
import { WorkloadLoader } from "./loader";
import { scratchLecturerTotals, totalsRowOf } from "./liveTotals";
import { vAllocationExplanation, vLecturerTotalExplanation } from "./validators";

type Reader = GenericDatabaseReader<DataModel>;

export const explainAllocation = orgQuery({
  permission: null,
  args: { allocationId: v.id("module_allocations") },
  returns: vAllocationExplanation,
  handler: async (ctx, args) => {
    // Readable when its module's or its lecturer's department is in scope (or it is one's own): the layer decides.
    const row = await getOrThrow(ctx.db, args.allocationId, "allocation");
    const lecturer = (await ctx.directory.lecturer(row.lecturer_id))!;
    const own = !!ctx.viewer.lecturer_profile_id && ctx.viewer.lecturer_profile_id === lecturer.profile_id;
    if (!(own && ctx.access.has("allocations.view_own"))) ctx.access.require("allocations.view");
    const loader = new WorkloadLoader(ctx.db);
    const result = await loader.compute(row);
    const { iteration, module, groups } = result.bundle;
    const group = row.group_id ? groups.find((g) => g._id === row.group_id) : undefined;
    return {
      allocation_id: row._id,
      lecturer: { id: lecturer._id, name: lecturer.name },
      iteration: { id: iteration._id, code: iteration.code, module_code: module.code, module_title: module.title, semester: iteration.semester },
      allocation_type: {
        code: result.type.code,
        name: result.type.name,
        work_category: result.type.work_category,
        basis: result.type.basis,
      },
      group: group ? { id: group._id, name: group.name, student_count: group.student_count } : null,
      share: row.share,
      first_time: row.first_time,
      ...result.explanation,
      stored_up_to_date: row.computed_hours === result.computed_hours && effectiveHours(row) === result.hours,
    };
  },
});

export const explainLecturerTotal = orgQuery({
  permission: null,
  args: { lecturerId: v.id("lecturers") },
  returns: vLecturerTotalExplanation,
  handler: async (ctx, args) => {
    const lecturer = await getOrThrow(ctx.db, args.lecturerId, "lecturer");
    await requireLecturerView(ctx, lecturer);
    return await explainLecturer(ctx.db, lecturer);
  },
});

/** The breakdown of a lecturer's total; also used by the dashboard's lecturer detail. */
export async function explainLecturer(db: Reader, lecturer: Doc<"lecturers">) {
  const loader = new WorkloadLoader(db);
  const [scratch, settings, profile, stored] = await Promise.all([
    scratchLecturerTotals(db, lecturer, loader),
    loader.settings(lecturer.academic_year_id),
    db.get(lecturer.profile_id),
    totalsRowOf(db, lecturer._id),
  ]);
  const { contract, figures } = scratch;
  const lines: {
    kind: "module" | "admin" | "allowance";
    id?: string;
    label: string;
    work_category: Doc<"module_allocations">["work_category"];
    hours: number;
    share?: number;
    rule?: string;
    override_reason?: string;
  }[] = [];
  if (contract.research_allowance_hours > 0) {
    lines.push({
      kind: "allowance",
      label: `Research allowance (${contract.family_label})`,
      work_category: "research",
      hours: contract.research_allowance_hours,
    });
  }
  const allocations = await db.query("module_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  for (const row of allocations) {
    if (row.deleted_at !== undefined) continue;
    const result = await loader.compute(row);
    const group = row.group_id ? result.bundle.groups.find((g) => g._id === row.group_id) : undefined;
    lines.push({
      kind: "module",
      id: row._id,
      label: `${result.bundle.iteration.code} ${result.type.name}${group ? ` (${group.name})` : ""}`,
      work_category: row.work_category,
      hours: effectiveHours(row),
      share: row.share,
      rule: result.explanation.rule?.name,
      override_reason: row.hours_override !== undefined ? row.override_reason : undefined,
    });
  }
  const admins = await db.query("admin_allocations").withIndex("by_lecturer_id", (q) => q.eq("lecturer_id", lecturer._id)).collect();
  for (const row of admins) {
    if (row.deleted_at !== undefined) continue;
    const category = await db.get(row.category_id);
    const percent = row.hours === undefined && row.percent_of_contract !== undefined ? ` (${row.percent_of_contract}% of contract)` : "";
    lines.push({
      kind: "admin",
      id: row._id,
      label: `${category?.name ?? "Admin"}${row.description ? `: ${row.description}` : ""}${percent}`,
      work_category: category?.work_category ?? "admin",
      hours: adminAllocationHours(
        { hours: row.hours, percent_of_contract: row.percent_of_contract, work_category: "admin" },
        contract.contract_hours,
      ),
    });
  }
  const storedMatches =
    !!stored &&
    stored.allocated_hours === figures.allocated_hours &&
    stored.contract_hours === figures.contract_hours &&
    stored.band === figures.band &&
    WORK_CATEGORIES.every((c) => stored.category_hours[c] === figures.category_hours[c]);
  return {
    lecturer: { id: lecturer._id, name: profile?.full_name ?? "", fte: lecturer.fte, contract_family: lecturer.contract_family },
    contract,
    lines,
    category_hours: figures.category_hours,
    semester_hours: figures.semester_hours,
    allocated_hours: figures.allocated_hours,
    teaching_hours: figures.teaching_hours,
    max_teaching_hours: figures.max_teaching_hours,
    capacity_hours: figures.capacity_hours,
    utilisation: figures.utilisation,
    band: figures.band,
    band_thresholds: settings.band_thresholds,
    allocation_count: figures.allocation_count,
    stored_matches: storedMatches,
  };
}
