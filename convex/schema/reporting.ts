/**
 * Reference category 6 — Reporting and analytics. `lecturer_year_totals` and
 * `team_summaries` are derived: triggers keep them in step with every write
 * (never edited by hand, never audited), so dashboards read one row per
 * lecturer or team. Rules belong to an academic year so a staging year's rule
 * edits cannot move the active year's figures.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { vContractFamily, vReportStatus, vSemester, vSemesterSplit, vWorkCategory } from "./validators";

/** Hours per work category; shared by totals, summaries and the engine. */
export const vCategoryHours = v.object({
  teaching: v.number(),
  marking: v.number(),
  preparation: v.number(),
  leadership: v.number(),
  admin: v.number(),
  research: v.number(),
});

export const reportingTables = {
  lecturer_year_totals: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    lecturer_id: v.id("lecturers"),
    profile_id: v.id("lecturer_profiles"),
    full_name: v.string(),
    faculty_id: v.optional(v.id("faculties")),
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    fte: v.number(),
    contract_family: vContractFamily,
    contract_hours: v.number(),
    max_teaching_hours: v.number(),
    category_hours: vCategoryHours,
    semester_hours: vSemesterSplit,
    allocated_hours: v.number(),
    teaching_hours: v.number(), // teaching + marking + preparation
    capacity_hours: v.number(),
    utilisation: v.number(),
    band: v.string(),
    allocation_count: v.number(),
    updated_at: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_lecturer_id", ["lecturer_id"])
    .index("by_profile_id", ["profile_id"])
    .index("by_faculty_id", ["faculty_id"])
    .index("by_department_id", ["department_id"])
    .index("by_academic_year_id_and_department_id", ["academic_year_id", "department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_academic_year_id_and_utilisation", ["academic_year_id", "utilisation"])
    .index("by_created_at", ["created_at"]),

  team_summaries: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    team_id: v.id("teams"),
    department_id: v.optional(v.id("departments")),
    lecturer_count: v.number(),
    total_fte: v.number(),
    total_contract_hours: v.number(),
    total_allocated_hours: v.number(),
    total_teaching_hours: v.number(),
    over_count: v.number(),
    under_count: v.number(),
    utilisation: v.number(),
    updated_at: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_team_id", ["team_id"])
    .index("by_team_id_and_academic_year_id", ["team_id", "academic_year_id"])
    .index("by_department_id", ["department_id"])
    .index("by_created_at", ["created_at"]),

  /** One run of a report: TESC's execution states, the result as a stored file. */
  workload_reports: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    report_template_id: v.optional(v.id("report_templates")),
    scheduled_report_id: v.optional(v.id("scheduled_reports")),
    name: v.string(),
    format: v.union(v.literal("csv"), v.literal("json"), v.literal("html")),
    status: vReportStatus,
    filters: v.optional(v.string()), // JSON of the dashboard filters used
    file_id: v.optional(v.id("_storage")),
    row_count: v.optional(v.number()),
    error: v.optional(v.string()),
    requested_by: v.optional(v.id("users")),
    started_at: v.optional(v.number()),
    completed_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_report_template_id", ["report_template_id"])
    .index("by_scheduled_report_id", ["scheduled_report_id"])
    .index("by_requested_by", ["requested_by"])
    .index("by_file_id", ["file_id"])
    .index("by_created_at", ["created_at"]),

  workload_calculation_rules: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    name: v.string(),
    description: v.optional(v.string()),
    /** Expression over named variables, e.g. "credits * 2.5 * groups * share". */
    formula: v.string(),
    conditions: v.object({
      allocation_type_codes: v.optional(v.array(v.string())),
      work_categories: v.optional(v.array(vWorkCategory)),
      module_levels: v.optional(v.array(v.number())),
      semesters: v.optional(v.array(vSemester)),
      first_time: v.optional(v.boolean()),
    }),
    priority: v.number(), // higher wins among matching rules
    min_hours: v.optional(v.number()),
    max_hours: v.optional(v.number()),
    rounding: v.union(v.literal("none"), v.literal("nearest"), v.literal("up"), v.literal("down")),
    rounding_step: v.number(),
    is_active: v.boolean(),
    version: v.number(),
    created_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_created_by", ["created_by"])
    .index("by_created_at", ["created_at"]),
};
