/**
 * Reference category 6 — Reporting and analytics. `lecturer_year_totals` and
 * `team_summaries` are derived: triggers keep them in step with every write
 * (never edited by hand, never audited), so dashboards read one row per
 * lecturer or team. Rules belong to an academic year so a staging year's rule
 * edits cannot move the active year's figures.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import {
  vContractFamily,
  vLegacyReportFormat,
  vReportFile,
  vReportFilters,
  vReportFormat,
  vReportKind,
  vReportStatus,
  vSemester,
  vSemesterSplit,
  vWorkCategory,
} from "./validators";

/** Hours per work category; shared by totals, summaries and the engine. */
export const vCategoryHours = v.object({
  teaching: v.number(),
  marking: v.number(),
  preparation: v.number(),
  leadership: v.number(),
  admin: v.number(),
  research: v.number(),
});

/** A component of an iteration not shared out to exactly 100% (for one group, or the whole iteration). */
export const vCoverageGap = v.object({
  allocation_type_code: v.string(),
  group_id: v.union(v.string(), v.null()),
  group_name: v.union(v.string(), v.null()),
  covered_percent: v.number(),
  status: v.union(v.literal("under"), v.literal("over")),
});

/** A team's figures in the dashboard's team table (workload/teamFigures.ts), on a team summary, on an overview cell and in the overview's team rows alike. */
export const teamFigureFields = {
  lecturer_count: v.number(),
  total_fte: v.number(),
  total_contract_hours: v.number(),
  total_allocated_hours: v.number(),
  total_teaching_hours: v.number(),
  over_count: v.number(),
  under_count: v.number(),
};

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
    /**
     * The dashboard's order: minus the utilisation for a lecturer who plans
     * this year (busiest first, ties in creation order, as the overview has
     * always listed them), absent for one who does not (on leave), so the
     * top-N lists read N rows of the `..._load_rank` indexes at any size.
     * Optional for rows written before it existed (migrations/overview.ts).
     */
    load_rank: v.optional(v.number()),
    updated_at: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_academic_year_id_and_load_rank", ["academic_year_id", "load_rank"])
    .index("by_academic_year_id_and_department_id_and_load_rank", ["academic_year_id", "department_id", "load_rank"])
    .index("by_academic_year_id_and_team_id_and_load_rank", ["academic_year_id", "team_id", "load_rank"])
    .index("by_lecturer_id", ["lecturer_id"])
    .index("by_profile_id", ["profile_id"])
    .index("by_faculty_id", ["faculty_id"])
    .index("by_department_id", ["department_id"])
    .index("by_academic_year_id_and_department_id", ["academic_year_id", "department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_team_id_and_academic_year_id", ["team_id", "academic_year_id"])
    .index("by_department_id_and_academic_year_id_and_utilisation", ["department_id", "academic_year_id", "utilisation"])
    .index("by_team_id_and_academic_year_id_and_utilisation", ["team_id", "academic_year_id", "utilisation"])
    .index("by_academic_year_id_and_utilisation", ["academic_year_id", "utilisation"])
    .index("by_created_at", ["created_at"]),

  team_summaries: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    team_id: v.id("teams"),
    department_id: v.optional(v.id("departments")),
    ...teamFigureFields,
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
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_created_at", ["created_at"]),

  /**
   * The dashboard overview's figures, one row per (year, department, team)
   * with lecturers: of those who plan this year (lib/workload `plansThisYear`),
   * how many, their contract and allocated hours, how many in each band and
   * in each histogram bucket (lib/workload `histogramBucketIndex`); of all of
   * them, the team table's figures, with the team's name. Kept by the
   * totals writes (workload/overviewCells.ts), never audited; the overview
   * sums the rows the caller may see (about one per team) instead of reading
   * every lecturer's totals. Keyed by the lecturer's own department and team
   * (not the team's department), as the overview's filters and scopes are.
   */
  overview_cells: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    lecturer_count: v.number(),
    total_contract_hours: v.number(),
    total_allocated_hours: v.number(),
    band_counts: v.object({ under: v.number(), healthy: v.number(), near: v.number(), over: v.number(), critical: v.number() }),
    /** Lecturers per histogram bucket, in bucket order. */
    histogram: v.array(v.number()),
    /**
     * The team table's figures of the cell's lecturers: every lecturer with a
     * totals row, planning this year or not (workload/teamFigures.ts). Absent
     * on cells written before the overview read its team table from the cells.
     */
    team_figures: v.optional(
      v.object(teamFigureFields),
    ),
    /** The team's name ("" once it is deleted) and department, kept by the teams trigger: the overview reads no team. */
    team_name: v.optional(v.string()),
    team_department_id: v.optional(v.id("departments")),
    updated_at: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id_and_department_id_and_team_id", ["academic_year_id", "department_id", "team_id"])
    .index("by_academic_year_id_and_team_id", ["academic_year_id", "team_id"])
    .index("by_department_id", ["department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_team_department_id", ["team_department_id"])
    .index("by_created_at", ["created_at"]),

  /**
   * One row per live iteration: what its coverage depends on (its live
   * groups, and each live allocation's component, group and share) and the
   * coverage the engine makes of them (lib/workload/coverage.ts), so the
   * coverage list reads the iterations with gaps, not the whole year.
   * Derived like the totals: kept by triggers (workload/coverage.ts), never audited.
   */
  iteration_coverage: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    module_iteration_id: v.id("module_iterations"),
    module_id: v.id("modules"),
    /** The module's department: who teaches it, and whose planners see the gap. */
    department_id: v.optional(v.id("departments")),
    iteration_code: v.string(),
    module_title: v.string(),
    groups: v.array(v.object({ id: v.id("module_iteration_groups"), name: v.string() })),
    shares: v.array(
      v.object({
        allocation_id: v.id("module_allocations"),
        allocation_type_code: v.string(),
        basis: v.union(v.literal("iteration"), v.literal("group")),
        group_id: v.optional(v.id("module_iteration_groups")),
        share: v.number(),
      }),
    ),
    has_gap: v.boolean(),
    unallocated: v.boolean(),
    gaps: v.array(vCoverageGap),
    groups_without_lecturer: v.array(v.object({ id: v.string(), name: v.string() })),
    updated_at: v.number(),
    created_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_module_id", ["module_id"])
    .index("by_academic_year_id_and_has_gap", ["academic_year_id", "has_gap"])
    .index("by_department_id_and_academic_year_id_and_has_gap", ["department_id", "academic_year_id", "has_gap"])
    .index("by_created_at", ["created_at"]),

  /**
   * One execution of a report (TESC's execution states): built by a job for
   * one person (`for_user_id`, whose access decides what it holds), in one or
   * more formats kept in file storage until `expires_at`. `format` and
   * `file_id` are rows written before issue #11 (one file each).
   */
  workload_reports: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    report_template_id: v.optional(v.id("report_templates")),
    scheduled_report_id: v.optional(v.id("scheduled_reports")),
    /** The schedule run it belongs to (one key per claimed slot). */
    run_key: v.optional(v.string()),
    name: v.string(),
    kind: v.optional(vReportKind),
    formats: v.optional(v.array(vReportFormat)),
    format: v.optional(vLegacyReportFormat),
    status: vReportStatus,
    filters: v.optional(v.union(vReportFilters, v.string())),
    columns: v.optional(v.array(v.string())),
    files: v.optional(v.array(vReportFile)),
    file_id: v.optional(v.id("_storage")),
    row_count: v.optional(v.number()),
    /** The headline figures for the email body (JSON). */
    summary: v.optional(v.string()),
    error: v.optional(v.string()),
    requested_by: v.optional(v.id("users")),
    for_user_id: v.optional(v.id("users")),
    job_id: v.optional(v.id("jobs")),
    expires_at: v.optional(v.number()),
    /** Set while files are kept: the retention cron's index (cleared when it deletes them). */
    files_expire_at: v.optional(v.number()),
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
    .index("by_for_user_id", ["for_user_id"])
    .index("by_organisation_id_and_created_at", ["organisation_id", "created_at"])
    .index("by_run_key_and_for_user_id", ["run_key", "for_user_id"])
    .index("by_job_id", ["job_id"])
    .index("by_files_expire_at", ["files_expire_at"])
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
