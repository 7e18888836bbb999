/** Assessment types with their marking tariff (hours per script). */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "assessment_types",
  label: "assessment type",
  view: "structure.view",
  fields: columns("assessment_types", ["code", "name", "marking_hours_per_script"]),
  sortBy: "name",
  validate: async (_ctx, value) => {
    requireName(value.name, "assessment type");
    requireRange(value.marking_hours_per_script, RANGES.markingHoursPerScript, "marking_hours_per_script");
  },
});
