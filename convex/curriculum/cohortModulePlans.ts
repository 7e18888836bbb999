/** A cohort's modules in one academic year, with planned student numbers. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "cohort_module_plans",
  label: "cohort module plan",
  view: "modules.view",
  yearScoped: true,
  fields: columns("cohort_module_plans", ["cohort_id", "module_id", "module_iteration_id", "planned_students", "semester"]),
  validate: async (_ctx, value) => requireRange(value.planned_students, RANGES.plannedStudents, "planned_students"),
});
