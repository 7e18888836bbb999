/** Cohorts: a course's intakes, with their student numbers. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "cohorts",
  label: "cohort",
  view: "modules.view",
  edit: "modules.edit",
  fields: columns("cohorts", ["course_id", "name", "start_academic_year_id", "intake_month", "student_count"]),
  refs: { course_id: "courses", start_academic_year_id: "academic_years" },
  sortBy: "name",
  dependents: [{ table: "cohort_module_plans", index: "by_cohort_id", field: "cohort_id", label: "module plans" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "cohort");
    requireRange(value.intake_month, 1, 12, "Intake month");
    requireRange(value.student_count, 0, 100000, "Student count");
  },
});
