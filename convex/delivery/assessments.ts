/** Assessments of an iteration: type (with its marking tariff) and weighting. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_assessments",
  label: "assessment",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  fields: columns("module_iteration_assessments", ["module_iteration_id", "assessment_type_id", "name", "weighting", "due_date"]),
  refs: { module_iteration_id: "module_iterations", assessment_type_id: "assessment_types" },
  validate: async (_ctx, value) => {
    requireName(value.name, "assessment");
    requireRange(value.weighting, 0, 100, "Weighting");
  },
});
