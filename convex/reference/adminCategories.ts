/** Admin allocation categories (programme leader, admissions...) with default hours. */
import { v } from "convex/values";
import { crud } from "../lib/crud";
import { requireName, requireRange } from "../lib/validation";

export const { list, all, get, create, update, remove, restore } = crud({
  table: "admin_allocation_categories",
  label: "admin category",
  view: "structure.view",
  edit: "reference.edit",
  fields: {
    code: v.string(),
    name: v.string(),
    default_hours: v.optional(v.number()),
    default_percent_of_contract: v.optional(v.number()),
    work_category: v.union(v.literal("admin"), v.literal("leadership"), v.literal("research")),
    recurring: v.boolean(),
  },
  sortBy: "name",
  dependents: [{ table: "admin_allocations", index: "by_category_id", field: "category_id", label: "admin allocations" }],
  validate: async (_ctx, value) => {
    requireName(value.name, "category");
    requireRange(value.default_hours, 0, 2000, "Default hours");
    requireRange(value.default_percent_of_contract, 0, 100, "Default percentage");
  },
});
