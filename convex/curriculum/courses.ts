/** Courses (programmes) a department runs. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "courses",
  label: "course",
  view: "modules.view",
  edit: "modules.edit",
  fields: {
    code: v.string(),
    name: v.string(),
    department_id: v.optional(v.id("departments")),
    level: v.union(v.literal("foundation"), v.literal("undergraduate"), v.literal("postgraduate_taught"), v.literal("postgraduate_research")),
    duration_years: v.number(),
    leader_profile_id: v.optional(v.id("lecturer_profiles")),
  },
  refs: { department_id: "departments", leader_profile_id: "lecturer_profiles" },
  sortBy: "code",
  scopeOf: (_ctx, doc) => ({ department_id: doc.department_id }),
  dependents: [
    { table: "cohorts", index: "by_course_id", field: "course_id", label: "cohorts" },
    { table: "course_modules", index: "by_course_id", field: "course_id", label: "course modules" },
  ],
  validate: async (_ctx, value) => {
    requireName(value.name, "course");
    requireRange(value.duration_years, 1, 8, "Duration in years");
  },
});
