/** Lecturer statuses (active, on leave, sabbatical...); some do not count towards capacity. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "lecturer_statuses",
  label: "lecturer status",
  view: "structure.view",
  edit: "reference.edit",
  fields: { code: v.string(), name: v.string(), counts_towards_capacity: v.boolean(), sort_order: v.number() },
  sortBy: "sort_order",
  dependents: [{ table: "lecturers", index: "by_status_id", field: "status_id", label: "lecturers" }],
  validate: async (_ctx, value) => requireName(value.name, "status"),
});
