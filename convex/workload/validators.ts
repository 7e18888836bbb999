/**
 * Return shapes of the workload API, as validators so clients get exact
 * types and the server cannot drift from them.
 */
import { v } from "convex/values";
import { vJobState, vSemester, vSemesterSplit, vWorkCategory, vContractFamily, vBandThresholds } from "../schema/validators";
import { teamFigureFields, vCategoryHours } from "../schema/reporting";
import { columns } from "../lib/columns";

/** Something a planner should know about a write that still went through. */
export const vWarning = v.object({ code: v.string(), message: v.string() });

export const vAllocationWriteResult = v.object({
  id: v.id("module_allocations"),
  version: v.number(),
  /** The stored share: for hours typed into an empty cell, the share those hours are of the component. */
  share: v.number(),
  hours: v.number(),
  computed_hours: v.number(),
  warnings: v.array(vWarning),
});

export const vJobStatus = v.object({
  id: v.id("jobs"),
  name: v.string(),
  status: vJobState,
  total: v.number(),
  processed: v.number(),
  error: v.optional(v.string()),
  started_at: v.number(),
  completed_at: v.optional(v.number()),
});

export const vRounding = v.union(v.literal("none"), v.literal("nearest"), v.literal("up"), v.literal("down"));

export const vRuleSummary = v.object({
  _id: v.optional(v.string()),
  name: v.string(),
  formula: v.string(),
  priority: v.number(),
  min_hours: v.optional(v.number()),
  max_hours: v.optional(v.number()),
  rounding: vRounding,
  rounding_step: v.number(),
});

export const vFormulaError = v.object({ position: v.number(), reason: v.string(), message: v.string() });

/** The engine's AllocationExplanation. */
export const vAllocationExplanationCore = {
  rule: v.union(vRuleSummary, v.null()),
  variables: v.array(v.object({ name: v.string(), value: v.number(), description: v.string(), used: v.boolean() })),
  formula_result: v.number(),
  after_min_max: v.number(),
  computed_hours: v.number(),
  override: v.union(v.object({ hours: v.number(), reason: v.string() }), v.null()),
  hours: v.number(),
  semester_fractions: vSemesterSplit,
  semester_hours: vSemesterSplit,
  contact_hours_source: v.union(v.literal("iteration override"), v.literal("contact rule"), v.literal("no contact rule")),
  notes: v.array(v.string()),
};

export const vAllocationExplanation = v.object({
  allocation_id: v.id("module_allocations"),
  lecturer: v.object({ id: v.id("lecturers"), name: v.string() }),
  iteration: v.object({
    id: v.id("module_iterations"),
    code: v.string(),
    module_code: v.string(),
    module_title: v.string(),
    semester: vSemester,
  }),
  allocation_type: v.object({ code: v.string(), name: v.string(), work_category: vWorkCategory, basis: v.union(v.literal("iteration"), v.literal("group")) }),
  group: v.union(v.object({ id: v.id("module_iteration_groups"), name: v.string(), student_count: v.number() }), v.null()),
  share: v.number(),
  first_time: v.boolean(),
  ...vAllocationExplanationCore,
  /** False when the stored hours differ from a fresh computation (a recompute is pending). */
  stored_up_to_date: v.boolean(),
});

export const vContractBreakdown = v.object({
  fte: v.number(),
  standard_fte_hours: v.number(),
  year_fraction: v.number(),
  counts_towards_capacity: v.boolean(),
  adjustment_hours: v.number(),
  adjustment_reason: v.optional(v.string()),
  contract_hours: v.number(),
  contract_family: vContractFamily,
  family_label: v.string(),
  max_teaching_ratio: v.number(),
  max_teaching_hours: v.number(),
  research_allowance_hours: v.number(),
});

export const vTotalsLine = v.object({
  kind: v.union(v.literal("module"), v.literal("admin"), v.literal("allowance")),
  id: v.optional(v.string()),
  label: v.string(),
  work_category: vWorkCategory,
  hours: v.number(),
  share: v.optional(v.number()),
  rule: v.optional(v.string()),
  override_reason: v.optional(v.string()),
});

export const vLecturerTotalExplanation = v.object({
  lecturer: v.object({ id: v.id("lecturers"), name: v.string(), fte: v.number(), contract_family: vContractFamily }),
  contract: vContractBreakdown,
  lines: v.array(vTotalsLine),
  category_hours: vCategoryHours,
  semester_hours: vSemesterSplit,
  allocated_hours: v.number(),
  teaching_hours: v.number(),
  max_teaching_hours: v.number(),
  capacity_hours: v.number(),
  utilisation: v.number(),
  band: v.string(),
  band_thresholds: vBandThresholds,
  allocation_count: v.number(),
  /** False when the live totals row differs from this recomputation (drift). */
  stored_matches: v.boolean(),
});

/** One row of the dashboard's lecturer list (a totals row, trimmed). */
export const vLecturerTotalsRow = v.object(
  columns("lecturer_year_totals", [
    "lecturer_id",
    "profile_id",
    "full_name",
    "faculty_id",
    "department_id",
    "team_id",
    "fte",
    "contract_family",
    "contract_hours",
    "max_teaching_hours",
    "category_hours",
    "semester_hours",
    "allocated_hours",
    "teaching_hours",
    "capacity_hours",
    "utilisation",
    "band",
    "allocation_count",
  ]),
);

export const vTeamSummaryRow = v.object({
  team_id: v.id("teams"),
  team_name: v.string(),
  department_id: v.optional(v.id("departments")),
  ...teamFigureFields,
  utilisation: v.number(),
});

export const vDashboardFilters = {
  academicYearId: v.id("academic_years"),
  facultyId: v.optional(v.id("faculties")),
  departmentId: v.optional(v.id("departments")),
  teamId: v.optional(v.id("teams")),
};
