/** Assessment types with their marking tariff (hours per script). */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "assessment_types",
  label: "assessment type",
  view: "structure.view",
  edit: "reference.edit",
  fields: columns("assessment_types", ["code", "name", "marking_hours_per_script"]),
  sortBy: "name",
  dependents: [
    { table: "module_iteration_assessments", index: "by_assessment_type_id", field: "assessment_type_id", label: "assessments" },
  ],
  validate: async (_ctx, value) => {
    requireName(value.name, "assessment type");
    requireRange(value.marking_hours_per_script, 0, 20, "Marking hours per script");
  },
});
