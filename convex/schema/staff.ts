/**
 * Reference category 3 — Staff management. A lecturer is a profile (who they
 * are, across years) plus one instance per academic year (FTE, contract
 * family, department and team that year). Availability and specialisations
 * come from the scheduling peer (reference 001) and feed allocation warnings.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { vContractFamily, vEmploymentStatus, vSemester, vWeekday } from "./validators";

/**
 * Rows a rollover makes remember where they came from: `carried_from_id` is
 * the row of the source year they copy (indexed with the year, so a repeated
 * batch or a second run finds it and adds nothing), `rollover_job_id` the run
 * that made them (so discarding a run removes exactly its rows).
 */

export const staffTables = {
  lecturer_profiles: defineTable({
    organisation_id: v.id("organisations"),
    first_name: v.string(),
    last_name: v.string(),
    full_name: v.string(), // denormalised for search and sort
    email: v.string(),
    staff_number: v.optional(v.string()),
    title: v.optional(v.string()),
    default_contract_family: vContractFamily,
    default_fte: v.number(),
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    /** Unset means active (rows from before employment was recorded); the HR feed sets both. */
    employment_status: v.optional(vEmploymentStatus),
    /** Last day of employment (ISO); a year starting after it does not get this lecturer. */
    employment_end_date: v.optional(v.string()),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_email", ["organisation_id", "email"])
    .index("by_organisation_id_and_staff_number", ["organisation_id", "staff_number"])
    .index("by_department_id", ["department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_created_at", ["created_at"])
    .searchIndex("search_full_name", { searchField: "full_name", filterFields: ["organisation_id"] }),

  lecturer_statuses: defineTable({
    organisation_id: v.id("organisations"),
    code: v.string(), // "active", "on_leave", "sabbatical", "left"
    name: v.string(),
    counts_towards_capacity: v.boolean(),
    sort_order: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_code", ["organisation_id", "code"])
    .index("by_created_at", ["created_at"]),

  /** A lecturer in one academic year. */
  lecturers: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    profile_id: v.id("lecturer_profiles"),
    status_id: v.optional(v.id("lecturer_statuses")),
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    fte: v.number(),
    contract_family: vContractFamily,
    /** Part-year contracts pro-rate the contract by these dates (ISO). */
    contract_start: v.optional(v.string()),
    contract_end: v.optional(v.string()),
    /** Signed hours added to the contract: negative for a reduction (new staff, sabbatical...); needs a reason. */
    contract_hours_adjustment: v.optional(v.number()),
    adjustment_reason: v.optional(v.string()),
    notes: v.optional(v.string()),
    carried_from_id: v.optional(v.id("lecturers")),
    rollover_job_id: v.optional(v.id("jobs")),
    version: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_profile_id", ["profile_id"])
    .index("by_profile_id_and_academic_year_id", ["profile_id", "academic_year_id"])
    .index("by_status_id", ["status_id"])
    .index("by_department_id", ["department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_team_id_and_academic_year_id", ["team_id", "academic_year_id"])
    .index("by_created_at", ["created_at"]),

  /** Weekly or per-semester availability; unavailable slots raise warnings. */
  lecturer_availability: defineTable({
    organisation_id: v.id("organisations"),
    lecturer_profile_id: v.id("lecturer_profiles"),
    academic_year_id: v.optional(v.id("academic_years")),
    semester: v.optional(vSemester),
    weekday: v.optional(vWeekday),
    start_time: v.optional(v.string()), // "09:00"
    end_time: v.optional(v.string()),
    available: v.boolean(),
    reason: v.optional(v.string()),
    /** The profile's department and team, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_lecturer_profile_id", ["lecturer_profile_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_department_id", ["department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_created_at", ["created_at"]),

  /** Subjects a lecturer can teach; a module outside them raises a warning. */
  lecturer_specialisations: defineTable({
    organisation_id: v.id("organisations"),
    lecturer_profile_id: v.id("lecturer_profiles"),
    subject: v.string(), // matches modules.subject_area
    level: v.union(v.literal("expert"), v.literal("competent"), v.literal("learning")),
    /** The profile's department and team, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_lecturer_profile_id", ["lecturer_profile_id"])
    .index("by_department_id", ["department_id"])
    .index("by_team_id", ["team_id"])
    .index("by_created_at", ["created_at"]),

  admin_allocation_categories: defineTable({
    organisation_id: v.id("organisations"),
    code: v.string(),
    name: v.string(),
    default_hours: v.optional(v.number()),
    /** Some roles are a share of the contract (e.g. 10% for programme leader). */
    default_percent_of_contract: v.optional(v.number()),
    work_category: v.union(v.literal("admin"), v.literal("leadership"), v.literal("research")),
    recurring: v.boolean(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_code", ["organisation_id", "code"])
    .index("by_created_at", ["created_at"]),

  admin_allocations: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    lecturer_id: v.id("lecturers"),
    category_id: v.id("admin_allocation_categories"),
    description: v.optional(v.string()),
    hours: v.optional(v.number()),
    percent_of_contract: v.optional(v.number()),
    semester: v.optional(v.union(v.literal("S1"), v.literal("S2"), v.literal("S3"), v.literal("year"))),
    recurring: v.boolean(),
    /** The lecturer's department and team, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    team_id: v.optional(v.id("teams")),
    carried_from_id: v.optional(v.id("admin_allocations")),
    rollover_job_id: v.optional(v.id("jobs")),
    version: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_carried_from_id_and_academic_year_id", ["carried_from_id", "academic_year_id"])
    .index("by_rollover_job_id", ["rollover_job_id"])
    .index("by_lecturer_id", ["lecturer_id"])
    .index("by_category_id", ["category_id"])
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_team_id_and_academic_year_id", ["team_id", "academic_year_id"])
    .index("by_created_at", ["created_at"]),
};
