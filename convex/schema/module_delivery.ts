/**
 * Reference category 5 — Module delivery: what is taught in a year and who
 * teaches it. An iteration is a module delivered in one academic year (and
 * semester); it is split into groups; a module allocation gives a lecturer a
 * share (%) of one component (allocation type) of an iteration, or of one
 * group; an iteration, group, lecturer and type (one cell of the editor)
 * hold at most one live allocation (convex/workload/cells.ts). `computed_hours`
 * is the engine's result at the last write, kept on
 * the row so lecturer totals can be maintained by deltas (see lib/triggers).
 * Rows a rollover makes carry `carried_from_id` (their source row, indexed
 * with the year) and `rollover_job_id` (the run that made them).
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { vAllocationResponse, vSemester, vSemesterSplit, vWorkCategory, vWeekday } from "./validators";
import {
  vSuggestionInputSize,
  vSuggestionLinePart,
  vSuggestionLineStatus,
  vSuggestionResult,
  vSuggestionStrategy,
} from "./suggestionValidators";

export const moduleDeliveryTables = {
  module_iterations: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    module_id: v.id("modules"),
    site_id: v.optional(v.id("sites")),
    code: v.string(), // module code + iteration suffix, e.g. "CS101-A"
    semester: vSemester,
    semester_split: v.optional(vSemesterSplit),
    student_count: v.number(),
    max_group_size: v.optional(v.number()), // falls back to the organisation setting
    teaching_weeks: v.optional(v.number()),
    contact_hours_override: v.optional(v.number()),
    intakes: v.number(), // 2 intakes raise module leadership
    notes: v.optional(v.string()),
    /** The module's department, kept by the function layer (lib/scope.ts) so department lists read by index. */
    department_id: v.optional(v.id("departments")),
    carried_from_id: v.optional(v.id("module_iterations")),
    rollover_job_id: v.optional(v.id("jobs")),
    version: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_academic_year_id_and_code", ["academic_year_id", "code"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_module_id", ["module_id"])
    .index("by_module_id_and_academic_year_id", ["module_id", "academic_year_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_academic_year_id_and_department_id", ["academic_year_id", "department_id"])
    .index("by_department_id", ["department_id"])
    .index("by_site_id", ["site_id"])
    .index("by_created_at", ["created_at"]),

  module_iteration_groups: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    module_iteration_id: v.id("module_iterations"),
    name: v.string(),
    student_count: v.number(),
    site_id: v.optional(v.id("sites")),
    weekday: v.optional(vWeekday),
    start_time: v.optional(v.string()),
    end_time: v.optional(v.string()),
    /** The module's department, kept by the function layer (lib/scope.ts) so department lists read by index. */
    department_id: v.optional(v.id("departments")),
    carried_from_id: v.optional(v.id("module_iteration_groups")),
    rollover_job_id: v.optional(v.id("jobs")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_academic_year_id_and_department_id", ["academic_year_id", "department_id"])
    .index("by_department_id", ["department_id"])
    .index("by_site_id", ["site_id"])
    .index("by_created_at", ["created_at"]),

  sites: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    code: v.string(),
    address: v.optional(v.string()),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_created_at", ["created_at"]),

  assessment_types: defineTable({
    organisation_id: v.id("organisations"),
    code: v.string(), // "exam", "coursework", "presentation"
    name: v.string(),
    /** Marking time per script in hours (e.g. 1 for exams, 0.1667 for coursework). */
    marking_hours_per_script: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_code", ["organisation_id", "code"])
    .index("by_created_at", ["created_at"]),

  module_iteration_assessments: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    module_iteration_id: v.id("module_iterations"),
    assessment_type_id: v.id("assessment_types"),
    name: v.string(),
    weighting: v.number(), // percent of the module mark
    due_date: v.optional(v.string()),
    /** The module's department, kept by the function layer (lib/scope.ts) so department lists read by index. */
    department_id: v.optional(v.id("departments")),
    carried_from_id: v.optional(v.id("module_iteration_assessments")),
    rollover_job_id: v.optional(v.id("jobs")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_assessment_type_id", ["assessment_type_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_created_at", ["created_at"]),

  allocation_types: defineTable({
    organisation_id: v.id("organisations"),
    code: v.string(), // "contact", "marking", "preparation", "module_leadership"
    name: v.string(),
    work_category: vWorkCategory,
    /** "iteration": a share of the iteration's hours; "group": hours per group taught. */
    basis: v.union(v.literal("iteration"), v.literal("group")),
    sort_order: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_code", ["organisation_id", "code"])
    .index("by_created_at", ["created_at"]),

  module_allocations: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    module_iteration_id: v.id("module_iterations"),
    group_id: v.optional(v.id("module_iteration_groups")),
    lecturer_id: v.id("lecturers"),
    allocation_type_id: v.id("allocation_types"),
    share: v.number(), // percent of the component, 0..100
    first_time: v.boolean(),
    hours_override: v.optional(v.number()),
    override_reason: v.optional(v.string()),
    computed_hours: v.number(),
    work_category: vWorkCategory, // copied from the allocation type for totals
    semester_hours: vSemesterSplit, // computed_hours split by semester
    response_status: vAllocationResponse,
    response_comment: v.optional(v.string()),
    responded_at: v.optional(v.number()),
    /** A planner's answer to the lecturer's query, and who gave it when. */
    reply: v.optional(v.string()),
    replied_by: v.optional(v.id("users")),
    replied_at: v.optional(v.number()),
    notes: v.optional(v.string()),
    /**
     * The two departments an allocation belongs to, kept by the function layer
     * (lib/scope.ts): the module's (who may change it) and the lecturer's (whose load it is).
     */
    department_id: v.optional(v.id("departments")),
    lecturer_department_id: v.optional(v.id("departments")),
    lecturer_team_id: v.optional(v.id("teams")),
    carried_from_id: v.optional(v.id("module_allocations")),
    rollover_job_id: v.optional(v.id("jobs")),
    version: v.number(),
    created_by: v.optional(v.id("users")),
    /** Who last changed the offer (its lecturer hears from them; their query goes back to them). */
    updated_by: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    // One cell (iteration, lecturer, type, group) holds at most one live allocation: the create's lookup.
    .index("by_module_iteration_id_and_lecturer_id", ["module_iteration_id", "lecturer_id"])
    .index("by_academic_year_id_and_response_status", ["academic_year_id", "response_status"])
    .index("by_academic_year_id_and_department_id", ["academic_year_id", "department_id"])
    .index("by_academic_year_id_and_lecturer_department_id", ["academic_year_id", "lecturer_department_id"])
    .index("by_department_id", ["department_id"])
    .index("by_lecturer_department_id", ["lecturer_department_id"])
    .index("by_replied_by", ["replied_by"])
    .index("by_updated_by", ["updated_by"])
    .index("by_group_id", ["group_id"])
    .index("by_lecturer_id", ["lecturer_id"])
    .index("by_allocation_type_id", ["allocation_type_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_lecturer_department_id_and_academic_year_id", ["lecturer_department_id", "academic_year_id"])
    .index("by_lecturer_team_id_and_academic_year_id", ["lecturer_team_id", "academic_year_id"])
    .index("by_created_by", ["created_by"])
    .index("by_created_at", ["created_at"]),

  /**
   * Every run of allocation suggestions (the assignment-engine peer keeps a
   * history of every generated assignment): who asked, the strategy and
   * settings, the size of what it solved, the result and what was accepted.
   */
  allocation_suggestion_runs: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    started_by: v.id("users"),
    strategy: vSuggestionStrategy,
    settings: v.object({
      step_percent: v.number(),
      time_limit_seconds: v.number(),
      department_id: v.optional(v.id("departments")),
      iteration_ids: v.optional(v.array(v.id("module_iterations"))),
    }),
    status: v.union(v.literal("queued"), v.literal("running"), v.literal("completed"), v.literal("failed")),
    error: v.optional(v.string()),
    input_size: v.optional(vSuggestionInputSize),
    result: v.optional(vSuggestionResult),
    line_count: v.number(),
    accepted_count: v.number(),
    skipped_count: v.number(),
    accept_job_id: v.optional(v.id("jobs")),
    started_at: v.optional(v.number()),
    finished_at: v.optional(v.number()),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id_and_created_at", ["academic_year_id", "created_at"])
    .index("by_started_by", ["started_by"])
    .index("by_accept_job_id", ["accept_job_id"])
    .index("by_created_at", ["created_at"]),

  /** One proposed line of a run: a lecturer's share of a gap; accepted lines name the allocations they became. */
  allocation_suggestion_lines: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    run_id: v.id("allocation_suggestion_runs"),
    position: v.number(),
    module_iteration_id: v.id("module_iterations"),
    iteration_code: v.string(),
    module_title: v.string(),
    group_id: v.optional(v.id("module_iteration_groups")),
    group_name: v.optional(v.string()),
    lecturer_id: v.id("lecturers"),
    lecturer_name: v.string(),
    share: v.number(),
    first_time: v.boolean(),
    parts: v.array(vSuggestionLinePart),
    hours: v.number(),
    teaching_hours: v.number(),
    expertise: v.number(),
    continuity: v.number(),
    status: vSuggestionLineStatus,
    allocation_ids: v.optional(v.array(v.id("module_allocations"))),
    outcome: v.optional(v.string()),
    warnings: v.optional(v.array(v.string())),
    accepted_by: v.optional(v.id("users")),
    accepted_at: v.optional(v.number()),
    /** The module's department, kept by the function layer (lib/scope.ts): who may see and accept the line. */
    department_id: v.optional(v.id("departments")),
    created_at: v.number(),
    updated_at: v.number(),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_run_id_and_position", ["run_id", "position"])
    .index("by_run_id_and_status_and_position", ["run_id", "status", "position"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_group_id", ["group_id"])
    .index("by_lecturer_id", ["lecturer_id"])
    .index("by_accepted_by", ["accepted_by"])
    .index("by_created_at", ["created_at"]),
};
