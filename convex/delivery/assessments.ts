/** Assessments of an iteration: type (with its marking tariff) and weighting. */
import { columns } from "../lib/columns";
import { crud } from "../lib/crud";
import { RANGES } from "../lib/inputRanges";
import { appError } from "../lib/errors";
import { isIsoDate, requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_assessments",
  label: "assessment",
  view: "modules.view",
  yearScoped: true,
  fields: columns("module_iteration_assessments", ["module_iteration_id", "assessment_type_id", "name", "weighting", "due_date"]),
  validate: async (_ctx, value) => {
    requireName(value.name, "assessment");
    requireRange(value.weighting, RANGES.weighting, "weighting");
    if (value.due_date !== undefined && !isIsoDate(value.due_date)) throw appError("INVALID_ARGUMENT", "Give the due date as YYYY-MM-DD.");
  },
});
