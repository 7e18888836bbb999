/** Cohorts: a course's intakes, with their student numbers. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "cohorts",
  label: "cohort",
  view: "modules.view",
  fields: columns("cohorts", ["course_id", "name", "start_academic_year_id", "intake_month", "student_count"]),
  sortBy: "name",
  validate: async (_ctx, value) => {
    requireName(value.name, "cohort");
    requireRange(value.intake_month, RANGES.intakeMonth, "intake_month");
    requireRange(value.student_count, RANGES.cohortStudents, "student_count");
  },
});
