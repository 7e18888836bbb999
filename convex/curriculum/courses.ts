/** Courses (programmes) a department runs. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "courses",
  label: "course",
  view: "modules.view",
  edit: "modules.edit",
  fields: columns("courses", ["code", "name", "department_id", "level", "duration_years", "leader_profile_id"]),
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
