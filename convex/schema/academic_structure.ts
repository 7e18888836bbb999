/**
 * Reference category 2 — Academic structure: years (one active per
 * organisation, others staging or archived), their semester periods, and the
 * faculty > department > team hierarchy that dashboards filter by.
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import { vAcademicYearStatus, vSemester } from "./validators";

export const academicStructureTables = {
  academic_years: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(), // "2026/27"
    start_date: v.string(), // ISO date
    end_date: v.string(),
    status: vAcademicYearStatus,
    rolled_over_from_id: v.optional(v.id("academic_years")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_organisation_id_and_status", ["organisation_id", "status"])
    .index("by_rolled_over_from_id", ["rolled_over_from_id"])
    .index("by_created_at", ["created_at"]),

  semester_periods: defineTable({
    organisation_id: v.id("organisations"),
    academic_year_id: v.id("academic_years"),
    code: vSemester,
    name: v.string(),
    start_date: v.string(),
    end_date: v.string(),
    teaching_weeks: v.number(),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_academic_year_id", ["academic_year_id"])
    .index("by_organisation_id_and_academic_year_id", ["organisation_id", "academic_year_id"])
    .index("by_created_at", ["created_at"]),

  faculties: defineTable({
    organisation_id: v.id("organisations"),
    name: v.string(),
    code: v.string(),
    dean_user_id: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_dean_user_id", ["dean_user_id"])
    .index("by_created_at", ["created_at"]),

  departments: defineTable({
    organisation_id: v.id("organisations"),
    faculty_id: v.optional(v.id("faculties")),
    name: v.string(),
    code: v.string(),
    head_user_id: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_faculty_id", ["faculty_id"])
    .index("by_head_user_id", ["head_user_id"])
    .index("by_created_at", ["created_at"]),

  teams: defineTable({
    organisation_id: v.id("organisations"),
    department_id: v.id("departments"),
    name: v.string(),
    lead_user_id: v.optional(v.id("users")),
    created_at: v.number(),
    updated_at: v.number(),
    deleted_at: v.optional(v.number()),
  })
    .index("by_organisation_id", ["organisation_id"])
    .index("by_department_id", ["department_id"])
    .index("by_lead_user_id", ["lead_user_id"])
    .index("by_created_at", ["created_at"]),
};
