/** A cohort's modules in one academic year, with planned student numbers. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireRange } from "../lib/validation";
import { vSemester } from "../schema/validators";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "cohort_module_plans",
  label: "cohort module plan",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  fields: {
    cohort_id: v.id("cohorts"),
    module_id: v.id("modules"),
    module_iteration_id: v.optional(v.id("module_iterations")),
    planned_students: v.number(),
    semester: vSemester,
  },
  refs: { cohort_id: "cohorts", module_id: "modules", module_iteration_id: "module_iterations" },
  validate: async (_ctx, value) => requireRange(value.planned_students, 0, 100000, "Planned students"),
});
