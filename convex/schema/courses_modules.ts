/**
 * Reference category 4 — Courses and modules. Modules are the stable
 * definitions (credits, level, subject); what is delivered in a year is a
 * module iteration (category 5). Cohorts are a course's intakes; a cohort's
 * module plan says which modules it takes in a given year.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { vModuleStatus, vSemester } from "./validators";

export const coursesModulesTables = {
  courses: defineTable({
    organisation_id: v.id("organisations"),
    department_id: v.optional(v.id("departments")),
    code: v.string(),
    name: v.string(),
    level: v.union(v.literal("foundation"), v.literal("undergraduate"), v.literal("postgraduate_taught"), v.literal("postgraduate_research")),
    duration_years: v.number(),
    leader_profile_id: v.optional(v.id("lecturer_profiles")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_department_id", ["department_id"])
    .index("by_leader_profile_id", ["leader_profile_id"])
    .index("by_created_at", ["created_at"]),

  cohorts: defineTable({
    organisation_id: v.id("organisations"),
    course_id: v.id("courses"),
    name: v.string(), // "2025 September intake"
    start_academic_year_id: v.optional(v.id("academic_years")),
    intake_month: v.number(),
    student_count: v.number(),
    /** The course's department, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_course_id", ["course_id"])
    .index("by_start_academic_year_id", ["start_academic_year_id"])
    .index("by_department_id", ["department_id"])
    .index("by_created_at", ["created_at"]),

  modules: defineTable({
    organisation_id: v.id("organisations"),
    department_id: v.optional(v.id("departments")),
    code: v.string(),
    title: v.string(),
    credits: v.number(),
    level: v.number(),
    subject_area: v.optional(v.string()),
    default_semester: vSemester,
    description: v.optional(v.string()),
    /** Unset means active; a withdrawn module gets no iteration in a rolled-over year. */
    status: v.optional(vModuleStatus),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_code", ["organisation_id", "code"])
    .index("by_department_id", ["department_id"])
    .index("by_created_at", ["created_at"]),

  course_modules: defineTable({
    organisation_id: v.id("organisations"),
    course_id: v.id("courses"),
    module_id: v.id("modules"),
    year_of_study: v.number(),
    is_core: v.boolean(),
    /** The course's department, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_course_id", ["course_id"])
    .index("by_module_id", ["module_id"])
    .index("by_department_id", ["department_id"])
    .index("by_created_at", ["created_at"]),

  cohort_module_plans: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    cohort_id: v.id("cohorts"),
    module_id: v.id("modules"),
    module_iteration_id: v.optional(v.id("module_iterations")),
    planned_students: v.number(),
    semester: vSemester,
    /** The cohort's course's department, kept by the function layer (lib/scope.ts). */
    department_id: v.optional(v.id("departments")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_department_id_and_academic_year_id", ["department_id", "academic_year_id"])
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_cohort_id", ["cohort_id"])
    .index("by_module_id", ["module_id"])
    .index("by_module_iteration_id", ["module_iteration_id"])
    .index("by_created_at", ["created_at"]),
};
