/** Assessments of an iteration: type (with its marking tariff) and weighting. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "module_iteration_assessments",
  label: "assessment",
  view: "modules.view",
  edit: "modules.edit",
  yearScoped: true,
  fields: {
    module_iteration_id: v.id("module_iterations"),
    assessment_type_id: v.id("assessment_types"),
    name: v.string(),
    weighting: v.number(),
    due_date: v.optional(v.string()),
  },
  refs: { module_iteration_id: "module_iterations", assessment_type_id: "assessment_types" },
  validate: async (_ctx, value) => {
    requireName(value.name, "assessment");
    requireRange(value.weighting, 0, 100, "Weighting");
  },
});
